package org.bmsw.protocol.rs485;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One Pylontech RS485 frame ({@code ~VER ADR CID1 CID2 LENGTH INFO CHKSUM\r}, every field as hex ASCII), parsed
 * but not interpreted, with every check's result. A frame that fails a check is still returned, flagged in
 * {@link #problems()}, so a trace shows what went wrong and where.
 *
 * @param text the characters between {@code ~} and {@code \r}
 * @param cid2 the command in a request, the return code (RTN) in a response
 * @param lenid LENGTH bits 11-0: the number of INFO characters announced
 * @param lchksum LENGTH bits 15-12 as sent
 * @param info INFO decoded from hex (empty when it was not hex)
 * @param chksum the CHKSUM as sent; -1 when unreadable
 * @param chksumComputed the CHKSUM the algorithm of section 2.3.3 gives
 */
public record PylonFrame(String text, int ver, int adr, int cid1, int cid2, int lenid, int lchksum, byte[] info,
        int chksum, int chksumComputed, List<String> problems) {

    public PylonFrame {
        Objects.requireNonNull(text, "text");
        info = info.clone();
        problems = List.copyOf(problems);
    }

    @Override
    public byte[] info() {
        return info.clone();
    }

    public int infoLength() {
        return info.length;
    }

    public int infoByte(int index) {
        return info[index] & 0xFF;
    }

    public boolean lchksumValid() {
        return lchksum == PylonRs485.lchksum(lenid);
    }

    public boolean chksumValid() {
        return chksum == chksumComputed;
    }

    /** True when the frame passed every check. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    /** True when CID2 is a return code (00-06, 90, 91) rather than a command. */
    public boolean isResponse() {
        return PylonRs485.isReturnCode(cid2);
    }

    /** The 16-bit LENGTH field as sent. */
    public int length() {
        return lchksum << 12 | lenid;
    }

    /**
     * Parses the characters of one frame, with or without the {@code ~} and {@code \r}. Never throws: what is
     * wrong is listed in {@link #problems()}, naming the character position.
     */
    public static PylonFrame parse(String frameText) {
        String body = frameText;
        if (body.startsWith("~")) {
            body = body.substring(1);
        }
        if (body.endsWith("\r")) {
            body = body.substring(0, body.length() - 1);
        }
        List<String> problems = new ArrayList<>();
        if (body.length() < 16) {
            problems.add("frame of " + body.length() + " characters, at least 16 needed (header 12 + CHKSUM 4)");
            return new PylonFrame(body, -1, -1, -1, -1, 0, 0, new byte[0], -1, PylonRs485.chksum(body, 0,
                    body.length()), problems);
        }
        for (int i = 0; i < body.length(); i++) {
            if (Character.digit(body.charAt(i), 16) < 0) {
                problems.add("character '" + body.charAt(i) + "' at position " + (i + 1) + " is not hex");
                break;
            }
        }
        int ver = hex(body, 0, 2);
        int adr = hex(body, 2, 2);
        int cid1 = hex(body, 4, 2);
        int cid2 = hex(body, 6, 2);
        int length = hex(body, 8, 4);
        int lenid = length < 0 ? 0 : length & 0xFFF;
        int lchksum = length < 0 ? 0 : length >>> 12;
        String infoText = body.substring(12, body.length() - 4);
        int chksum = hex(body, body.length() - 4, 4);
        int computed = PylonRs485.chksum(body, 0, body.length() - 4);
        if (length >= 0 && lchksum != PylonRs485.lchksum(lenid)) {
            problems.add(String.format("bad LCHKSUM %X for LENID %d, expected %X", lchksum, lenid,
                    PylonRs485.lchksum(lenid)));
        }
        if (length >= 0 && lenid != infoText.length()) {
            problems.add("LENID " + lenid + " announces " + lenid + " INFO characters, the frame has "
                    + infoText.length());
        }
        if (infoText.length() % 2 != 0) {
            problems.add("INFO has an odd number of characters (" + infoText.length() + ")");
        }
        if (chksum != computed) {
            problems.add(String.format("bad CHKSUM %04X, computed %04X", chksum, computed));
        }
        byte[] info = new byte[infoText.length() / 2];
        for (int i = 0; i < info.length; i++) {
            int value = hex(infoText, 2 * i, 2);
            info[i] = (byte) Math.max(value, 0);
        }
        return new PylonFrame(body, ver, adr, cid1, cid2, lenid, lchksum, info, chksum, computed, problems);
    }

    private static int hex(String text, int from, int digits) {
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    @Override
    public String toString() {
        return "~" + text + "\\r" + (problems.isEmpty() ? "" : " " + problems);
    }
}
