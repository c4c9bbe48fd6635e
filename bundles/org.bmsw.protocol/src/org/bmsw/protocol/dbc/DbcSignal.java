package org.bmsw.protocol.dbc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code SG_} line with what other sections say about it ({@code VAL_}, {@code CM_}, {@code BA_},
 * {@code SIG_VALTYPE_}).
 *
 * @param multiplexor true for the {@code M} signal of a multiplexed message
 * @param multiplexValue the {@code mN} value this signal is present for, or -1 when it is always present
 * @param attributes {@code BA_} values by attribute name, as written in the file (strings keep their quotes)
 */
public record DbcSignal(String name, int startBit, int length, DbcByteOrder byteOrder, boolean signed,
        DbcValueType valueType, double factor, double offset, double minimum, double maximum, String unit,
        List<String> receivers, boolean multiplexor, int multiplexValue, Map<Long, String> valueDescriptions,
        String comment, Map<String, String> attributes) {

    public DbcSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(valueType, "valueType");
        unit = unit == null ? "" : unit;
        receivers = List.copyOf(receivers);
        valueDescriptions = Map.copyOf(valueDescriptions);
        attributes = Map.copyOf(attributes);
        if (length < 1 || length > 64) {
            throw new IllegalArgumentException("signal " + name + ": length " + length + " is not 1-64");
        }
        if (startBit < 0) {
            throw new IllegalArgumentException("signal " + name + ": negative start bit " + startBit);
        }
    }

    /** A plain signal with no comment, value table, attributes or multiplexing. */
    public static DbcSignal of(String name, int startBit, int length, DbcByteOrder order, boolean signed,
            double factor, double offset, String unit) {
        return new DbcSignal(name, startBit, length, order, signed, DbcValueType.INTEGER, factor, offset, 0, 0, unit,
                List.of(), false, -1, Map.of(), null, Map.of());
    }

    public boolean isMultiplexed() {
        return multiplexValue >= 0;
    }

    /** An attribute's value without the quotes of a string, or null. */
    public String attribute(String attributeName) {
        return DbcDatabase.unquote(attributes.get(attributeName));
    }
}
