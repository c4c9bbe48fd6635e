package org.bmsw.protocol.dbc;

/**
 * One range of an {@code SG_MUL_VAL_} entry: the signal is present while its multiplexor's raw value lies in
 * {@code low..high} (both included, compared as unsigned 64-bit numbers, as the file writes them). Ranges are
 * kept as written, never expanded to their values.
 */
public record DbcMultiplexRange(long low, long high) {

    public boolean contains(long value) {
        return Long.compareUnsigned(value, low) >= 0 && Long.compareUnsigned(value, high) <= 0;
    }

    /** {@code 3-5}, as {@code SG_MUL_VAL_} writes it. */
    @Override
    public String toString() {
        return Long.toUnsignedString(low) + "-" + Long.toUnsignedString(high);
    }
}
