package org.bmsw.core.record;

/**
 * Bit flags of a {@link TraceRecord}. An {@code int} rather than an {@code EnumSet} because records are
 * stored by the million in fixed-size slots on disk.
 */
public final class FrameFlags {

    /** 29-bit identifier (CAN 2.0B); without it the identifier has 11 bits. */
    public static final int EXTENDED = 1;
    /** Remote transmission request: no data on the wire, the payload length is the requested length. */
    public static final int RTR = 1 << 1;
    /** SocketCAN error frame: the identifier holds the error class bits, the payload the details. */
    public static final int ERROR = 1 << 2;
    /** CAN FD frame (up to 64 bytes). */
    public static final int FD = 1 << 3;
    /** CAN FD bit-rate switch (the data phase ran at the faster rate). */
    public static final int FD_BRS = 1 << 4;
    /** CAN FD error state indicator (the sender was error passive). */
    public static final int FD_ESI = 1 << 5;
    /** Sent by the capturing side (the workbench or the adapter it drives) rather than received. */
    public static final int TX = 1 << 6;

    /** Every flag defined above; other bits are rejected. */
    public static final int ALL = EXTENDED | RTR | ERROR | FD | FD_BRS | FD_ESI | TX;

    private FrameFlags() {
    }

    public static boolean isSet(int flags, int flag) {
        return (flags & flag) != 0;
    }

    /** Readable form for logs and error messages, e.g. {@code "EXTENDED|FD"}; {@code "-"} when none is set. */
    public static String describe(int flags) {
        StringBuilder text = new StringBuilder();
        appendIf(text, flags, EXTENDED, "EXTENDED");
        appendIf(text, flags, RTR, "RTR");
        appendIf(text, flags, ERROR, "ERROR");
        appendIf(text, flags, FD, "FD");
        appendIf(text, flags, FD_BRS, "FD_BRS");
        appendIf(text, flags, FD_ESI, "FD_ESI");
        appendIf(text, flags, TX, "TX");
        return text.length() == 0 ? "-" : text.toString();
    }

    private static void appendIf(StringBuilder text, int flags, int flag, String name) {
        if (isSet(flags, flag)) {
            if (text.length() > 0) {
                text.append('|');
            }
            text.append(name);
        }
    }
}
