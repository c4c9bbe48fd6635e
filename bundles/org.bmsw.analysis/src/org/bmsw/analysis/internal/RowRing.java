package org.bmsw.analysis.internal;

/**
 * The last few thousand records fed to a decoder as (time, CAN id, row), so a decoded message finds the row of the
 * record it came from even when the auto decoder held records back (it holds at most 2000) before decoding them.
 * Messages come out in record order, so the search only moves forward. No allocation per record.
 */
public final class RowRing {

    private static final int SIZE = 4096; // above AutoDecoder's 2000-record look-ahead
    private static final int MASK = SIZE - 1;

    private final long[] times = new long[SIZE];
    private final int[] ids = new int[SIZE];
    private final long[] rows = new long[SIZE];
    private long added;
    private long cursor;

    /** @param canId the CAN identifier, or -1 for a serial record */
    public void add(long timestampNs, int canId, long row) {
        int i = (int) (added++ & MASK);
        times[i] = timestampNs;
        ids[i] = canId;
        rows[i] = row;
        if (added - cursor > SIZE) {
            cursor = added - SIZE;
        }
    }

    /**
     * The row of the first record from the cursor on with this time (and CAN id, when {@code canId >= 0} and the
     * record is a CAN one); the record the message came from. -1 when none matches.
     */
    public long rowOf(long timestampNs, int canId) {
        for (long k = cursor; k < added; k++) {
            int i = (int) (k & MASK);
            if (times[i] == timestampNs && (canId < 0 || ids[i] < 0 || ids[i] == canId)) {
                cursor = k;
                return rows[i];
            }
        }
        return -1;
    }

    /** The identifier text of a CAN message id ({@code 0x351}) as a number, or -1 (RS485 command, Modbus). */
    public static int canId(String id, boolean can) {
        if (!can || !id.startsWith("0x")) {
            return -1;
        }
        try {
            return (int) Long.parseLong(id, 2, id.length(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
