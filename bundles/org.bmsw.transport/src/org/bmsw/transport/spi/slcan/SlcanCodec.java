package org.bmsw.transport.spi.slcan;

import java.nio.charset.StandardCharsets;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;

/**
 * SLCAN text for frames and commands, both ways: {@code tiiiL<data>}, {@code TiiiiiiiiL<data>}, {@code riiiL},
 * {@code RiiiiiiiiL}, and for CAN FD {@code d}/{@code D} (no bit-rate switch) and {@code b}/{@code B}
 * (bit-rate switch) with a hex DLC code, optionally followed by the adapter's 4-digit millisecond timestamp;
 * every line ends in CR. {@link #encode} makes the line for a record, {@link #decode} the frame of a line
 * (without its CR); {@link SlcanFramer} cuts a byte stream into lines and replies.
 *
 * @since 0.1.0
 */
public final class SlcanCodec {

    /** CAN FD lengths by DLC code 0-15. */
    static final int[] FD_LENGTHS = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };
    /** Adapter timestamps count milliseconds from 0 to 59999 and wrap each minute. */
    public static final int TIMESTAMP_WRAP_MS = 60_000;

    /** A line that is not a frame, with the reason; no stack trace, garbage on a bus is not exceptional. */
    public static final class MalformedLineException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedLineException(String reason) {
            super(reason);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private SlcanCodec() {
    }

    /** A command line with its CR, as bytes. */
    public static byte[] command(String command) {
        return (command + "\r").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The line that transmits {@code record}, with CR.
     *
     * @throws IllegalArgumentException for serial records and error frames, which SLCAN cannot send
     */
    public static byte[] encode(TraceRecord record) {
        if (record.bus() != BusKind.CAN) {
            throw new IllegalArgumentException("cannot send a " + record.bus() + " record over SLCAN");
        }
        if (record.isError()) {
            throw new IllegalArgumentException("SLCAN cannot transmit an error frame");
        }
        boolean extended = record.isExtended();
        char kind;
        if (record.isFd()) {
            boolean brs = FrameFlags.isSet(record.flags(), FrameFlags.FD_BRS);
            kind = brs ? (extended ? 'B' : 'b') : (extended ? 'D' : 'd');
        } else if (record.isRemote()) {
            kind = extended ? 'R' : 'r';
        } else {
            kind = extended ? 'T' : 't';
        }
        StringBuilder line = new StringBuilder(32 + 2 * record.length());
        line.append(kind);
        int digits = extended ? 8 : 3;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            line.append(Hex.digit(record.identifier() >>> shift));
        }
        line.append(Hex.digit(record.isFd() ? fdDlcCode(record.length()) : record.length()));
        if (!record.isRemote()) {
            Hex.append(line, record.payload(), (char) 0);
        }
        return line.append('\r').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The frame of one line without its CR: {@code t T r R d D b B} lines, with or without the adapter timestamp.
     *
     * @throws MalformedLineException naming what is wrong, e.g. {@code "bad hex digit 'X' at column 4"}
     */
    public static SlcanFrame decode(CharSequence line) {
        byte[] bytes = new byte[line.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) line.charAt(i);
        }
        return decode(bytes, bytes.length);
    }

    /** The same for the first {@code length} bytes of {@code line}: the framer's path, without copying. */
    public static SlcanFrame decode(byte[] line, int length) {
        if (length == 0) {
            throw new MalformedLineException("empty line");
        }
        return switch ((char) line[0]) {
        case 't' -> decodeFrame(line, length, 3, 0, false);
        case 'T' -> decodeFrame(line, length, 8, FrameFlags.EXTENDED, false);
        case 'r' -> decodeFrame(line, length, 3, FrameFlags.RTR, false);
        case 'R' -> decodeFrame(line, length, 8, FrameFlags.EXTENDED | FrameFlags.RTR, false);
        case 'd' -> decodeFrame(line, length, 3, FrameFlags.FD, true);
        case 'D' -> decodeFrame(line, length, 8, FrameFlags.EXTENDED | FrameFlags.FD, true);
        case 'b' -> decodeFrame(line, length, 3, FrameFlags.FD | FrameFlags.FD_BRS, true);
        case 'B' -> decodeFrame(line, length, 8, FrameFlags.EXTENDED | FrameFlags.FD | FrameFlags.FD_BRS, true);
        default -> throw new MalformedLineException("not a frame or reply");
        };
    }

    private static SlcanFrame decodeFrame(byte[] line, int lineLength, int idDigits, int flags, boolean fd) {
        int position = 1;
        if (lineLength < 1 + idDigits + 1) {
            throw new MalformedLineException("too short for a frame");
        }
        int identifier = hex(line, position, idDigits);
        position += idDigits;
        int maxId = idDigits == 3 ? TraceRecord.MAX_STANDARD_ID : TraceRecord.MAX_EXTENDED_ID;
        if (identifier > maxId) {
            throw new MalformedLineException(String.format("identifier 0x%X out of range", identifier));
        }
        int dlc = hex(line, position, 1);
        position += 1;
        int length = fd ? FD_LENGTHS[dlc] : dlc;
        if (!fd && length > TraceRecord.MAX_CLASSIC_LENGTH) {
            throw new MalformedLineException("length " + length + " exceeds 8");
        }
        boolean remote = FrameFlags.isSet(flags, FrameFlags.RTR);
        int dataDigits = remote ? 0 : 2 * length;
        int rest = lineLength - position;
        if (rest != dataDigits && rest != dataDigits + 4) {
            throw new MalformedLineException(
                    "expected " + dataDigits + " data digits" + " (+4 for a timestamp), got " + rest);
        }
        byte[] data = new byte[length];
        if (!remote) {
            for (int i = 0; i < length; i++) {
                data[i] = (byte) hex(line, position, 2);
                position += 2;
            }
        }
        int timestampMs = -1;
        if (rest == dataDigits + 4) {
            timestampMs = hex(line, position, 4);
            if (timestampMs >= TIMESTAMP_WRAP_MS) {
                throw new MalformedLineException("timestamp " + timestampMs + " ms beyond 59999");
            }
        }
        return new SlcanFrame(identifier, flags, data, timestampMs);
    }

    private static int hex(byte[] line, int position, int digits) {
        int value = 0;
        for (int i = position; i < position + digits; i++) {
            int digit = Character.digit(line[i], 16);
            if (digit < 0) {
                throw new MalformedLineException("bad hex digit '" + (char) (line[i] & 0xFF) + "' at column " + (i + 1));
            }
            value = value << 4 | digit;
        }
        return value;
    }

    static int fdDlcCode(int length) {
        for (int code = 0; code < FD_LENGTHS.length; code++) {
            if (FD_LENGTHS[code] == length) {
                return code;
            }
        }
        throw new IllegalArgumentException("no CAN FD DLC code for length " + length);
    }
}
