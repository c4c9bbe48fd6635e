package org.bmsw.protocol.dbc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code SG_} line with what other sections say about it ({@code VAL_}, {@code CM_}, {@code BA_},
 * {@code SIG_VALTYPE_}).
 *
 * @param name the name to show: the {@code SystemSignalLongSymbol} attribute when the file has one, else the
 *        {@code SG_} name (the writer derives a short name of at most 32 characters when this one is longer)
 * @param multiplexor true when the signal switches others: {@code M}, or {@code mNM} (multiplexed itself)
 * @param multiplexValue the {@code N} of an {@code mN}/{@code mNM} indicator, or -1 when the {@code SG_} line has none
 * @param multiplexorName the switch named by this signal's {@code SG_MUL_VAL_} entry (extended multiplexing), or null
 * @param multiplexRanges the value ranges of that entry; empty when there is none
 * @param attributes {@code BA_} values by attribute name, as written in the file (strings keep their quotes); the
 *        long-name attribute is not among them, it is {@code name}
 */
public record DbcSignal(String name, int startBit, int length, DbcByteOrder byteOrder, boolean signed,
        DbcValueType valueType, double factor, double offset, double minimum, double maximum, String unit,
        List<String> receivers, boolean multiplexor, int multiplexValue, String multiplexorName,
        List<DbcMultiplexRange> multiplexRanges, Map<Long, String> valueDescriptions, String comment,
        Map<String, String> attributes) {

    public DbcSignal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(valueType, "valueType");
        unit = unit == null ? "" : unit;
        receivers = receivers.isEmpty() ? List.of(DbcMessage.NO_NODE) : List.copyOf(receivers);
        multiplexRanges = List.copyOf(multiplexRanges);
        valueDescriptions = Map.copyOf(valueDescriptions);
        attributes = Map.copyOf(attributes);
        if (length < 1 || length > 64) {
            throw new IllegalArgumentException("signal " + name + ": length " + length + " is not 1-64");
        }
        if (startBit < 0 || startBit >= MAX_BITS) {
            throw new IllegalArgumentException("signal " + name + ": start bit " + startBit + " is not 0-511");
        }
        if (multiplexValue < -1) {
            throw new IllegalArgumentException("signal " + name + ": multiplexer value " + multiplexValue);
        }
        if (valueType == DbcValueType.FLOAT32 && length != 32 || valueType == DbcValueType.FLOAT64 && length != 64) {
            throw new IllegalArgumentException("signal " + name + ": " + valueType + " needs "
                    + (valueType == DbcValueType.FLOAT32 ? 32 : 64) + " bits, not " + length);
        }
    }

    /** The signal without extended multiplexing, as before {@code SG_MUL_VAL_} was modelled. */
    public DbcSignal(String name, int startBit, int length, DbcByteOrder byteOrder, boolean signed,
            DbcValueType valueType, double factor, double offset, double minimum, double maximum, String unit,
            List<String> receivers, boolean multiplexor, int multiplexValue, Map<Long, String> valueDescriptions,
            String comment, Map<String, String> attributes) {
        this(name, startBit, length, byteOrder, signed, valueType, factor, offset, minimum, maximum, unit, receivers,
                multiplexor, multiplexValue, null, List.of(), valueDescriptions, comment, attributes);
    }

    /** Bits in the longest frame (CAN FD, 64 bytes): no start bit reaches this. */
    public static final int MAX_BITS = 512;

    /** A plain signal with no comment, value table, attributes or multiplexing. */
    public static DbcSignal of(String name, int startBit, int length, DbcByteOrder order, boolean signed,
            double factor, double offset, String unit) {
        return new DbcSignal(name, startBit, length, order, signed, DbcValueType.INTEGER, factor, offset, 0, 0, unit,
                List.of(), false, -1, Map.of(), null, Map.of());
    }

    /** True when the {@code SG_} line carries an {@code mN} indicator. */
    public boolean isMultiplexed() {
        return multiplexValue >= 0;
    }

    /** True when the {@code SG_} line carries any multiplexer indicator ({@code M}, {@code mN} or {@code mNM}). */
    public boolean hasMultiplexIndicator() {
        return multiplexor || multiplexValue >= 0;
    }

    /** True for an unsigned 64-bit integer: its raw {@code long} holds the bits, read with {@code Long.toUnsignedString}. */
    public boolean isUnsigned64() {
        return length == 64 && !signed && valueType == DbcValueType.INTEGER;
    }

    /** An attribute's value without the quotes of a string, or null. */
    public String attribute(String attributeName) {
        return DbcDatabase.unquote(attributes.get(attributeName));
    }
}
