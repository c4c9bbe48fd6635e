package org.bmsw.core.record;

/**
 * The compact frame notation of can-utils ({@code lib.c sprint_canframe}), as in candump log files and
 * {@code cansend}: {@code 351#1402C012C012C201}, {@code 12345678#112233} (extended: 8 digits),
 * {@code 123#R} and {@code 123#R7} (remote request, with the requested length when not 0),
 * {@code 123##1AABB} (CAN FD, one hex digit of BRS=1 / ESI=2 flags) and error frames as an 8-digit
 * identifier with can-utils' {@code CAN_ERR_FLAG} (0x20000000) set.
 */
public final class CanFrameNotation {

    /** The bit can-utils sets in the identifier of an error frame. */
    public static final int CAN_ERR_FLAG = 0x2000_0000;

    private CanFrameNotation() {
    }

    /** The frame of a CAN record in can-utils notation. */
    public static String format(TraceRecord record) {
        if (record.bus() != BusKind.CAN) {
            throw new IllegalArgumentException("not a CAN record: " + record.bus());
        }
        StringBuilder text = new StringBuilder(24 + 2 * record.length());
        if (record.isError()) {
            appendHex(text, record.identifier() | CAN_ERR_FLAG, 8);
        } else if (record.isExtended()) {
            appendHex(text, record.identifier(), 8);
        } else {
            appendHex(text, record.identifier(), 3);
        }
        text.append('#');
        if (record.isFd()) {
            int fdFlags = (FrameFlags.isSet(record.flags(), FrameFlags.FD_BRS) ? 1 : 0)
                    | (FrameFlags.isSet(record.flags(), FrameFlags.FD_ESI) ? 2 : 0);
            text.append('#').append(Hex.digit(fdFlags));
        } else if (record.isRemote()) {
            text.append('R');
            if (record.length() > 0) {
                text.append(Hex.digit(record.length()));
            }
            return text.toString();
        }
        return Hex.append(text, record.payload(), (char) 0).toString();
    }

    /**
     * The classic CAN frame {@code text} names, as {@code cansend} reads it: {@code 351#1402C012C012C201} (dots
     * between bytes allowed, {@code 351#14.02.C0}), {@code 1234ABCD#11} (8 digits: extended), {@code 123#R} or
     * {@code 123#R3} (remote request of 3 bytes). The record has time 0 and channel {@code channel}.
     *
     * @throws IllegalArgumentException naming what is wrong and where, e.g. {@code "12#": 3 identifier digits ...}
     */
    public static TraceRecord parse(String text, String channel) {
        String frame = text.strip();
        int hash = frame.indexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("\"" + text + "\": not a frame ID#DATA (e.g. 351#1402C012C012C201, "
                    + "1234ABCD#11, 123#R)");
        }
        String id = frame.substring(0, hash);
        boolean extended = id.length() == 8;
        if (id.length() != 3 && !extended) {
            throw new IllegalArgumentException("\"" + text + "\": the identifier takes 3 hex digits (11-bit) or 8 "
                    + "(29-bit), not " + id.length());
        }
        int identifier = hexNumber(text, id);
        if (extended ? identifier > 0x1FFF_FFFF : identifier > 0x7FF) {
            throw new IllegalArgumentException(String.format("\"%s\": identifier 0x%X exceeds the %d-bit range", text,
                    identifier, extended ? 29 : 11));
        }
        String data = frame.substring(hash + 1);
        if (data.startsWith("#")) {
            throw new IllegalArgumentException("\"" + text + "\": CAN FD frames (##) are not sent; classic CAN only");
        }
        int flags = extended ? FrameFlags.EXTENDED : 0;
        if (data.startsWith("R") || data.startsWith("r")) {
            int length = 0;
            int requested = data.length() == 2 ? Character.digit(data.charAt(1), 16) : -1;
            if (requested >= 0 && requested <= 8) {
                length = requested;
            } else if (data.length() != 1) {
                throw new IllegalArgumentException("\"" + text + "\": a remote request is R or R0-R8, not " + data);
            }
            return new TraceRecord(0, channel, BusKind.CAN, identifier, flags | FrameFlags.RTR, new byte[length]);
        }
        String digits = data.replace(".", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("\"" + text + "\": the data has an odd number of hex digits ("
                    + digits.length() + ")");
        }
        if (digits.length() > 16) {
            throw new IllegalArgumentException("\"" + text + "\": " + digits.length() / 2 + " data bytes; a classic "
                    + "CAN frame carries 0 to 8");
        }
        byte[] payload = new byte[digits.length() / 2];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) hexNumber(text, digits.substring(2 * i, 2 * i + 2));
        }
        return new TraceRecord(0, channel, BusKind.CAN, identifier, flags, payload);
    }

    private static int hexNumber(String text, String digits) {
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = Character.digit(digits.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("\"" + text + "\": '" + digits.charAt(i) + "' is not a hex digit");
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static void appendHex(StringBuilder text, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            text.append(Hex.digit(value >>> shift));
        }
    }
}
