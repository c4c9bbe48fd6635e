package org.bmsw.transport.internal.slcan;

import java.nio.charset.StandardCharsets;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;

/**
 * Turns the bytes an SLCAN adapter sends into frames and replies, whatever the read boundaries: a line may
 * arrive in pieces or several in one read. CR ends a line (an empty line is the OK reply), BEL is the error
 * reply; LF also ends a non-empty line and is otherwise ignored, so CRLF endings work. Garbage is skipped and
 * reported without losing the frames around it: a line that does not parse is dropped up to its end, and
 * because {@code t T r R} are not hex digits, a frame that starts in the middle of garbage is recognised from
 * its first letter.
 * Not thread-safe: fed by the reader thread only.
 */
public final class SlcanFramer {

    /** What the framer found. */
    public interface Handler {
        void frame(SlcanFrame frame);

        /** The adapter answered CR: the last command succeeded. */
        void okReply();

        /** The adapter answered BEL: the last command failed. */
        void errorReply();

        /** {@code z}/{@code Z}: a LAWICEL adapter acknowledging a transmitted frame. */
        void transmitAcknowledged();

        /** Input skipped, with the reason, e.g. {@code "t12X0: bad hex digit 'X'"}. */
        void malformed(String input, String reason);
    }

    /** Longest line kept: a 29-bit CAN FD frame with 64 bytes and a timestamp is 1+8+1+128+4 = 142 chars. */
    static final int MAX_LINE_LENGTH = 160;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte BEL = 0x07;

    private final Handler handler;
    private final byte[] line = new byte[MAX_LINE_LENGTH];
    private int lineLength;
    private boolean overflowing;

    public SlcanFramer(Handler handler) {
        this.handler = handler;
    }

    public void accept(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(buffer[i]);
        }
    }

    private void accept(byte b) {
        switch (b) {
        case CR -> endLine();
        case LF -> {
            if (lineLength > 0 || overflowing) {
                endLine(); // a line ended by LF alone; the LF of a CRLF finds the line empty and is ignored
            }
        }
        case BEL -> {
            dropPartialLine("BEL inside a line");
            handler.errorReply();
        }
        default -> {
            if (isFrameStart(b) && lineLength > 0 && !overflowing) {
                dropPartialLine("frame start '" + (char) b + "' inside a line");
            }
            if (overflowing) {
                return;
            }
            if (lineLength == MAX_LINE_LENGTH) {
                overflowing = true;
                return;
            }
            line[lineLength++] = b;
        }
        }
    }

    private static boolean isFrameStart(byte b) {
        return b == 't' || b == 'T' || b == 'r' || b == 'R';
    }

    private void dropPartialLine(String reason) {
        if (lineLength > 0 || overflowing) {
            handler.malformed(lineText(), reason);
        }
        lineLength = 0;
        overflowing = false;
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }

    private void endLine() {
        if (overflowing) {
            handler.malformed(lineText() + "...", "line longer than " + MAX_LINE_LENGTH + " characters");
        } else if (lineLength == 0) {
            handler.okReply();
        } else {
            parseLine();
        }
        lineLength = 0;
        overflowing = false;
    }

    private void parseLine() {
        char kind = (char) line[0];
        if (lineLength == 1 && (kind == 'z' || kind == 'Z')) {
            handler.transmitAcknowledged();
            return;
        }
        try {
            SlcanFrame frame = switch (kind) {
            case 't' -> parseFrame(3, 0, false);
            case 'T' -> parseFrame(8, FrameFlags.EXTENDED, false);
            case 'r' -> parseFrame(3, FrameFlags.RTR, false);
            case 'R' -> parseFrame(8, FrameFlags.EXTENDED | FrameFlags.RTR, false);
            case 'd' -> parseFrame(3, FrameFlags.FD, true);
            case 'D' -> parseFrame(8, FrameFlags.EXTENDED | FrameFlags.FD, true);
            case 'b' -> parseFrame(3, FrameFlags.FD | FrameFlags.FD_BRS, true);
            case 'B' -> parseFrame(8, FrameFlags.EXTENDED | FrameFlags.FD | FrameFlags.FD_BRS, true);
            default -> throw new MalformedLine("not a frame or reply");
            };
            handler.frame(frame);
        } catch (MalformedLine e) {
            handler.malformed(lineText(), e.getMessage());
        }
    }

    private SlcanFrame parseFrame(int idDigits, int flags, boolean fd) throws MalformedLine {
        int position = 1;
        if (lineLength < 1 + idDigits + 1) {
            throw new MalformedLine("too short for a frame");
        }
        int identifier = hex(position, idDigits);
        position += idDigits;
        int maxId = idDigits == 3 ? TraceRecord.MAX_STANDARD_ID : TraceRecord.MAX_EXTENDED_ID;
        if (identifier > maxId) {
            throw new MalformedLine(String.format("identifier 0x%X out of range", identifier));
        }
        int dlc = hex(position, 1);
        position += 1;
        int length = fd ? SlcanCodec.FD_LENGTHS[dlc] : dlc;
        if (!fd && length > TraceRecord.MAX_CLASSIC_LENGTH) {
            throw new MalformedLine("length " + length + " exceeds 8");
        }
        boolean remote = FrameFlags.isSet(flags, FrameFlags.RTR);
        int dataDigits = remote ? 0 : 2 * length;
        int rest = lineLength - position;
        if (rest != dataDigits && rest != dataDigits + 4) {
            throw new MalformedLine("expected " + dataDigits + " data digits" + " (+4 for a timestamp), got " + rest);
        }
        byte[] data = new byte[length];
        if (!remote) {
            for (int i = 0; i < length; i++) {
                data[i] = (byte) hex(position, 2);
                position += 2;
            }
        }
        int timestampMs = -1;
        if (rest == dataDigits + 4) {
            timestampMs = hex(position, 4);
            if (timestampMs >= SlcanTimestamps.WRAP_MS) {
                throw new MalformedLine("timestamp " + timestampMs + " ms beyond 59999");
            }
        }
        return new SlcanFrame(identifier, flags, data, timestampMs);
    }

    private int hex(int position, int digits) throws MalformedLine {
        int value = 0;
        for (int i = position; i < position + digits; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                throw new MalformedLine("bad hex digit '" + (char) (line[i] & 0xFF) + "' at column " + (i + 1));
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static final class MalformedLine extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedLine(String message) {
            super(message, null, false, false);
        }
    }
}
