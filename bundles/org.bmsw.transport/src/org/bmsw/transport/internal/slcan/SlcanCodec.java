package org.bmsw.transport.internal.slcan;

import java.nio.charset.StandardCharsets;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;

/**
 * SLCAN text for frames and commands: {@code tiiiL<data>}, {@code TiiiiiiiiL<data>}, {@code riiiL},
 * {@code RiiiiiiiiL}, and for CAN FD {@code d}/{@code D} (no bit-rate switch) and {@code b}/{@code B}
 * (bit-rate switch) with a hex DLC code; every line ends in CR.
 */
public final class SlcanCodec {

    /** CAN FD lengths by DLC code 0-15. */
    static final int[] FD_LENGTHS = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64 };

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

    static int fdDlcCode(int length) {
        for (int code = 0; code < FD_LENGTHS.length; code++) {
            if (FD_LENGTHS[code] == length) {
                return code;
            }
        }
        throw new IllegalArgumentException("no CAN FD DLC code for length " + length);
    }
}
