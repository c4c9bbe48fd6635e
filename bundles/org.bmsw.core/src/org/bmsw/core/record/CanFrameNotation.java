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

    private static void appendHex(StringBuilder text, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            text.append(Hex.digit(value >>> shift));
        }
    }
}
