package org.bmsw.transport.spi.slcan;

import java.util.Arrays;

/**
 * The LAWICEL {@code Sn} bit-rate commands. S7 is 800 kbit/s in the LAWICEL/CanHacker descriptions but
 * 750 kbit/s in the CANable firmware and python-can (protocols.md §9.8). We follow LAWICEL, where the protocol
 * comes from, and accept 750000 as well: both select S7, and the adapter runs whatever its firmware means by S7.
 * python-can's S9 = 83.3k is not offered (no other source has it).
 *
 * @since 0.1.0
 */
public final class SlcanBitrate {

    /** Bit rate in bit/s of S0..S8, index = n. */
    private static final int[] BITRATES_BPS = { 10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000,
            1_000_000 };
    /** The other reading of S7 (CANable, python-can). */
    public static final int S7_ALTERNATIVE_BPS = 750_000;

    /** Every bit rate accepted in a URI, ascending. */
    public static final int[] ACCEPTED_BPS = { 10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000,
            S7_ALTERNATIVE_BPS, 800_000, 1_000_000 };

    private SlcanBitrate() {
    }

    /** The command ({@code "S6"}) for {@code bitrateBps}, without CR. */
    public static String command(int bitrateBps) {
        int index = bitrateBps == S7_ALTERNATIVE_BPS ? 7 : Arrays.stream(BITRATES_BPS).boxed().toList().indexOf(bitrateBps);
        if (index < 0) {
            throw new IllegalArgumentException("no SLCAN command for " + bitrateBps + " bit/s");
        }
        return "S" + index;
    }

    /** The bit rate LAWICEL assigns to {@code Sn}. */
    public static int bitrateBps(int n) {
        return BITRATES_BPS[n];
    }
}
