package org.bmsw.protocol.dbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.protocol.SignalSink;

/**
 * A {@link DbcDatabase} compiled for decoding without allocation: every signal becomes a shift and a mask on the
 * frame's first 8 bytes read as one {@code long} (little-endian for Intel, byte-reversed for Motorola), found
 * through a flat table by identifier. Signals are addressed by an int index, resolved once with
 * {@link #signalIndex}. Thread-safe once built (it holds no per-frame state).
 * <p>
 * Multiplexing is resolved as cantools resolves it: in a message with one multiplexor ({@code M} or {@code mNM}),
 * every other signal with an indicator belongs to it, for its {@code mN} value and the ranges of an
 * {@code SG_MUL_VAL_} entry naming it; in a message with several (extended multiplexing), a signal belongs to the
 * multiplexor its {@code SG_MUL_VAL_} entry names, for those ranges only. A signal is decoded only when the whole
 * chain of multiplexors above it is decoded and selects it; one whose chain is broken (a multiplexor missing, not
 * marked {@code M}, or a loop) is never decoded. A frame in which a multiplexor's value selects none of its
 * signals gives no signal at all ({@link #UNDEFINED_MULTIPLEX}), as cantools rejects it. Multiplexor values are
 * compared raw (the DBC rule; cantools compares the scaled value, which is the same for the factor 1, offset 0
 * that multiplexors have).
 * <p>
 * Raw values are {@code long}s holding the signal's bits (sign-extended when signed). An unsigned 64-bit signal's
 * raw value is exact in those bits ({@link #rawText} gives its decimal text); its physical value is the nearest
 * {@code double}, exact up to 2^53. Float signals ({@code SIG_VALTYPE_} 1 and 2) are read through their IEEE bits,
 * exact.
 */
public final class DbcCodec {

    /** Returned by {@link #decode} when no message has the frame's identifier. */
    public static final int NO_MESSAGE = -1;
    /** Returned by {@link #decode} for remote and error frames, which carry no signals. */
    public static final int NOT_DATA = -2;
    /**
     * Returned by {@link #decode} when a multiplexor in the frame has a value that selects none of its signals: the
     * frame does not fit the definition, and no signal is given (cantools rejects such a frame too).
     */
    public static final int UNDEFINED_MULTIPLEX = -3;

    private static final int KIND_INTEGER = 0;
    private static final int KIND_FLOAT32 = 1;
    private static final int KIND_FLOAT64 = 2;

    private final DbcDatabase database;
    private final DbcMessage[] messages;
    private final int[] standardLookup = new int[2048]; // message index + 1 by 11-bit identifier; 0 = none
    private final int[] extendedKeys;                   // open addressing for 29-bit identifiers
    private final int[] extendedValues;

    private final int[] messageFirstSignal;
    private final int[] messageSignalCount;
    private final int[] messageMultiplexor;
    private final boolean[] messageMultiplexed; // has at least one multiplexor (M or mNM)

    private final DbcSignal[] signals;
    private final String[] signalNames;
    private final int[] signalMessage;
    private final boolean[] intel;
    private final int[] shift;          // LSB position in the 64-bit word of the first 8 bytes
    private final long[] mask;
    private final int[] signShift;      // 64 - length for signed signals, 0 otherwise
    private final int[] kind;
    private final double[] factor;
    private final double[] offset;
    private final int[] bytesNeeded;    // frame length the signal needs; shorter frames leave it out
    private final boolean[] wide;       // reaches past byte 8 (CAN FD): read bit by bit
    private final int[] parent;         // the multiplexor signal selecting this one, or -1
    private final boolean[] reachable;  // false when the multiplexor chain is broken: never decoded
    private final DbcMultiplexRange[][] selectedBy; // the multiplexor values selecting it (parent >= 0)
    private final boolean[] unsigned64;

    private DbcCodec(DbcDatabase database) {
        this.database = database;
        messages = database.messages().toArray(DbcMessage[]::new);
        int signalTotal = database.messages().stream().mapToInt(m -> m.signals().size()).sum();
        messageFirstSignal = new int[messages.length];
        messageSignalCount = new int[messages.length];
        messageMultiplexor = new int[messages.length];
        messageMultiplexed = new boolean[messages.length];
        signals = new DbcSignal[signalTotal];
        signalNames = new String[signalTotal];
        signalMessage = new int[signalTotal];
        intel = new boolean[signalTotal];
        shift = new int[signalTotal];
        mask = new long[signalTotal];
        signShift = new int[signalTotal];
        kind = new int[signalTotal];
        factor = new double[signalTotal];
        offset = new double[signalTotal];
        bytesNeeded = new int[signalTotal];
        wide = new boolean[signalTotal];
        parent = new int[signalTotal];
        reachable = new boolean[signalTotal];
        selectedBy = new DbcMultiplexRange[signalTotal][];
        unsigned64 = new boolean[signalTotal];

        int extendedCount = 0;
        int index = 0;
        for (int m = 0; m < messages.length; m++) {
            DbcMessage message = messages[m];
            // not looked up: VECTOR__INDEPENDENT_SIG_MSG (0xC0000000) holds unplaced signals, never on a bus
            if (isFrameId(message)) {
                if (message.isExtended()) {
                    extendedCount++;
                } else if (message.canId() < standardLookup.length && standardLookup[message.canId()] == 0) {
                    standardLookup[message.canId()] = m + 1;
                }
            }
            messageFirstSignal[m] = index;
            messageSignalCount[m] = message.signals().size();
            messageMultiplexor[m] = -1;
            for (DbcSignal signal : message.signals()) {
                compile(index, m, signal);
                index++;
            }
            resolveMultiplexing(m);
        }
        int capacity = Integer.highestOneBit(Math.max(4, extendedCount * 4) - 1) << 1;
        extendedKeys = new int[capacity];
        extendedValues = new int[capacity];
        Arrays.fill(extendedKeys, -1);
        for (int m = 0; m < messages.length; m++) {
            if (messages[m].isExtended() && isFrameId(messages[m])) {
                int slot = hash(messages[m].canId()) & (capacity - 1);
                while (extendedKeys[slot] != -1 && extendedKeys[slot] != messages[m].canId()) {
                    slot = (slot + 1) & (capacity - 1);
                }
                if (extendedKeys[slot] == -1) {
                    extendedKeys[slot] = messages[m].canId();
                    extendedValues[slot] = m;
                }
            }
        }
    }

    /** Compiles {@code database}; signals are numbered message by message in file order. */
    public static DbcCodec compile(DbcDatabase database) {
        return new DbcCodec(database);
    }

    private void compile(int i, int messageIndex, DbcSignal signal) {
        signals[i] = signal;
        signalNames[i] = signal.name();
        signalMessage[i] = messageIndex;
        int length = signal.length();
        intel[i] = signal.byteOrder() == DbcByteOrder.INTEL;
        mask[i] = length == 64 ? -1L : (1L << length) - 1;
        signShift[i] = signal.signed() && signal.valueType() == DbcValueType.INTEGER ? 64 - length : 0;
        kind[i] = switch (signal.valueType()) {
        case INTEGER -> KIND_INTEGER;
        case FLOAT32 -> KIND_FLOAT32;
        case FLOAT64 -> KIND_FLOAT64;
        };
        factor[i] = signal.factor();
        offset[i] = signal.offset();
        unsigned64[i] = signal.isUnsigned64();
        int start = signal.startBit();
        int lastByte;
        if (intel[i]) {
            shift[i] = start;
            lastByte = (start + length - 1) / 8;
            wide[i] = start + length > 64;
        } else {
            // Motorola: start is the MSB in sawtooth numbering; in the byte-reversed word byte 0 is the top byte
            int msb = (7 - start / 8) * 8 + start % 8;
            shift[i] = msb - length + 1;
            int msbLinear = (start / 8) * 8 + (7 - start % 8); // bits counted from byte 0's MSB
            lastByte = (msbLinear + length - 1) / 8;
            wide[i] = start / 8 >= 8 || shift[i] < 0;
        }
        bytesNeeded[i] = lastByte + 1;
    }

    /** Sets parent, selectedBy and reachable for the signals of message {@code m} (see the class comment). */
    private void resolveMultiplexing(int m) {
        int first = messageFirstSignal[m];
        int end = first + messageSignalCount[m];
        int single = -1;
        int multiplexors = 0;
        for (int i = first; i < end; i++) {
            if (signals[i].multiplexor()) {
                multiplexors++;
                single = i;
            }
        }
        if (multiplexors == 1) {
            messageMultiplexor[m] = single;
        }
        messageMultiplexed[m] = multiplexors > 0;
        for (int i = first; i < end; i++) {
            DbcSignal signal = signals[i];
            parent[i] = -1;
            selectedBy[i] = new DbcMultiplexRange[0];
            if (!signal.hasMultiplexIndicator() || i == single && multiplexors == 1) {
                continue;
            }
            List<DbcMultiplexRange> ranges = new ArrayList<>();
            if (multiplexors == 1) {
                parent[i] = single;
                if (signal.isMultiplexed()) {
                    ranges.add(new DbcMultiplexRange(signal.multiplexValue(), signal.multiplexValue()));
                }
                if (signals[single].name().equals(signal.multiplexorName())) {
                    ranges.addAll(signal.multiplexRanges());
                }
            } else if (signal.multiplexorName() != null) {
                parent[i] = -2; // named but absent: never selected
                for (int j = first; j < end; j++) {
                    if (signals[j].name().equals(signal.multiplexorName())) {
                        parent[i] = j;
                        break;
                    }
                }
                ranges.addAll(signal.multiplexRanges());
            }
            selectedBy[i] = ranges.toArray(DbcMultiplexRange[]::new);
        }
        // a chain is whole when it climbs to a signal without a multiplexor through signals marked M, no loop
        int limit = end - first;
        for (int i = first; i < end; i++) {
            int at = i;
            int steps = 0;
            boolean whole = true;
            while (parent[at] != -1 && whole) {
                int up = parent[at];
                whole = up >= 0 && signals[up].multiplexor() && selectedBy[at].length > 0 && ++steps <= limit;
                at = whole ? up : at;
            }
            reachable[i] = whole;
        }
    }

    private static boolean isFrameId(DbcMessage message) {
        return (message.dbcId() & ~DbcMessage.EXTENDED_FLAG) <= 0x1FFF_FFFFL;
    }

    private static int hash(int id) {
        int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    public DbcDatabase database() {
        return database;
    }

    public int messageCount() {
        return messages.length;
    }

    public DbcMessage message(int messageIndex) {
        return messages[messageIndex];
    }

    public int signalCount() {
        return signals.length;
    }

    public DbcSignal signal(int signalIndex) {
        return signals[signalIndex];
    }

    public String signalName(int signalIndex) {
        return signalNames[signalIndex];
    }

    /** The message a signal belongs to. */
    public int messageOf(int signalIndex) {
        return signalMessage[signalIndex];
    }

    public int firstSignal(int messageIndex) {
        return messageFirstSignal[messageIndex];
    }

    public int signalCount(int messageIndex) {
        return messageSignalCount[messageIndex];
    }

    /** The index of {@code signalName} in the message with this identifier, or -1. */
    public int signalIndex(int canId, boolean extended, String signalName) {
        int m = messageIndex(canId, extended ? FrameFlags.EXTENDED : 0);
        if (m < 0) {
            return -1;
        }
        for (int i = messageFirstSignal[m]; i < messageFirstSignal[m] + messageSignalCount[m]; i++) {
            if (signalNames[i].equals(signalName)) {
                return i;
            }
        }
        return -1;
    }

    /** Every index whose signal is called {@code signalName} (the same name may appear in several messages). */
    public int[] signalIndexes(String signalName) {
        return java.util.stream.IntStream.range(0, signalNames.length).filter(i -> signalNames[i].equals(signalName))
                .toArray();
    }

    /** The message for a frame's identifier and {@link FrameFlags}, or {@link #NO_MESSAGE}. */
    public int messageIndex(int identifier, int flags) {
        if ((flags & FrameFlags.EXTENDED) == 0) {
            return identifier >= 0 && identifier < standardLookup.length ? standardLookup[identifier] - 1 : NO_MESSAGE;
        }
        int capacityMask = extendedKeys.length - 1;
        int slot = hash(identifier) & capacityMask;
        while (true) {
            int key = extendedKeys[slot];
            if (key == identifier) {
                return extendedValues[slot];
            }
            if (key == -1) {
                return NO_MESSAGE;
            }
            slot = (slot + 1) & capacityMask;
        }
    }

    /**
     * Decodes one frame into {@code sink}, without allocating: the hot path for the trace store. Signals that lie
     * beyond a short frame's length are left out (a 4-byte 0x355 has no HiResSOC), and so are multiplexed signals
     * whose multiplexer value differs.
     *
     * @return the message index, {@link #NO_MESSAGE} or {@link #NOT_DATA}
     */
    public int decode(int identifier, int flags, byte[] buffer, int offset, int length, SignalSink sink) {
        if ((flags & (FrameFlags.RTR | FrameFlags.ERROR)) != 0) {
            return NOT_DATA;
        }
        int m = messageIndex(identifier, flags);
        if (m < 0) {
            return m;
        }
        int n = Math.min(length, 8);
        long little = 0;
        for (int b = 0; b < n; b++) {
            little |= (buffer[offset + b] & 0xFFL) << (b << 3);
        }
        return decodeMessage(m, little, buffer, offset, length, sink) ? m : UNDEFINED_MULTIPLEX;
    }

    /**
     * As {@link #decode(int, int, byte[], int, int, SignalSink)} for a classic frame whose payload is given as one
     * little-endian {@code long} (byte 0 in the low bits, bytes past {@code length} zero), the form the trace store
     * keeps inline: no copy of the payload at all.
     *
     * @throws IllegalArgumentException when {@code length} exceeds 8
     */
    public int decode(int identifier, int flags, long payload, int length, SignalSink sink) {
        if (length > 8) {
            throw new IllegalArgumentException("inline payloads hold up to 8 bytes, not " + length);
        }
        if ((flags & (FrameFlags.RTR | FrameFlags.ERROR)) != 0) {
            return NOT_DATA;
        }
        int m = messageIndex(identifier, flags);
        if (m >= 0 && !decodeMessage(m, payload, null, 0, length, sink)) { // past byte 8: never read
            return UNDEFINED_MULTIPLEX;
        }
        return m;
    }

    /** @return false, giving no signal, when a multiplexor's value selects none of its signals */
    private boolean decodeMessage(int m, long little, byte[] buffer, int offset, int length, SignalSink sink) {
        long big = Long.reverseBytes(little);
        int first = messageFirstSignal[m];
        int end = first + messageSignalCount[m];
        if (messageMultiplexed[m] && !everyMultiplexorSelects(first, end, little, big, buffer, offset,
                length)) {
            return false;
        }
        long selector = 0;
        int multiplexor = messageMultiplexor[m];
        boolean selectorRead = multiplexor >= 0 && bytesNeeded[multiplexor] <= length;
        if (selectorRead) {
            selector = raw(multiplexor, little, big, buffer, offset, length);
        }
        for (int i = first; i < end; i++) {
            if (bytesNeeded[i] > length || !reachable[i]) {
                continue;
            }
            if (parent[i] >= 0) {
                // the usual one-multiplexor message reads its selector once; cascades climb their chain
                boolean selected = parent[i] == multiplexor
                        ? selectorRead && selects(i, selector)
                        : chainSelects(i, little, big, buffer, offset, length);
                if (!selected) {
                    continue;
                }
            }
            sink.signal(i, physical(i, raw(i, little, big, buffer, offset, length)));
        }
        return true;
    }

    /**
     * Whether every multiplexor that is in the frame (and selected itself) has a value selecting at least one of
     * its signals.
     */
    private boolean everyMultiplexorSelects(int first, int end, long little, long big, byte[] buffer, int offset,
            int length) {
        for (int mux = first; mux < end; mux++) {
            if (!signals[mux].multiplexor() || !reachable[mux] || bytesNeeded[mux] > length
                    || parent[mux] >= 0 && !chainSelects(mux, little, big, buffer, offset, length)) {
                continue;
            }
            long value = raw(mux, little, big, buffer, offset, length);
            boolean hasSignals = false;
            boolean selects = false;
            for (int i = first; i < end && !selects; i++) {
                if (parent[i] == mux && reachable[i]) {
                    hasSignals = true;
                    selects = selects(i, value);
                }
            }
            if (hasSignals && !selects) {
                return false;
            }
        }
        return true;
    }

    private boolean selects(int i, long multiplexorRaw) {
        for (DbcMultiplexRange range : selectedBy[i]) {
            if (range.contains(multiplexorRaw)) {
                return true;
            }
        }
        return false;
    }

    /** True when every multiplexor above reachable signal {@code i} is in the frame and selects the next one down. */
    private boolean chainSelects(int i, long little, long big, byte[] buffer, int offset, int length) {
        int at = i;
        while (parent[at] >= 0) {
            int up = parent[at];
            if (bytesNeeded[up] > length || !selects(at, raw(up, little, big, buffer, offset, length))) {
                return false;
            }
            at = up;
        }
        return true;
    }

    /** The raw bits of one signal in a frame (sign-extended when signed), or 0 when the frame is too short. */
    public long rawValue(int signalIndex, byte[] buffer, int offset, int length) {
        if (bytesNeeded[signalIndex] > length) {
            return 0;
        }
        int n = Math.min(length, 8);
        long little = 0;
        for (int b = 0; b < n; b++) {
            little |= (buffer[offset + b] & 0xFFL) << (b << 3);
        }
        return raw(signalIndex, little, Long.reverseBytes(little), buffer, offset, length);
    }

    /**
     * As {@link #rawValue(int, byte[], int, int)} with the frame's first 8 bytes already gathered into
     * {@code little} (byte 0 in the low bits, see {@link #littleEndian}): a decoder reading several signals of one
     * frame gathers them once.
     */
    public long rawValue(int signalIndex, long little, byte[] buffer, int offset, int length) {
        if (bytesNeeded[signalIndex] > length) {
            return 0;
        }
        return raw(signalIndex, little, Long.reverseBytes(little), buffer, offset, length);
    }

    /** The first 8 bytes (fewer for a shorter frame, the rest 0) as a little-endian long. */
    public static long littleEndian(byte[] buffer, int offset, int length) {
        int n = Math.min(length, 8);
        long little = 0;
        for (int b = 0; b < n; b++) {
            little |= (buffer[offset + b] & 0xFFL) << (b << 3);
        }
        return little;
    }

    /** True when the frame is long enough for the signal and, if multiplexed, its multiplexor chain selects it. */
    public boolean isPresent(int signalIndex, byte[] buffer, int offset, int length) {
        if (bytesNeeded[signalIndex] > length || !reachable[signalIndex]) {
            return false;
        }
        if (parent[signalIndex] < 0) {
            return true;
        }
        int n = Math.min(length, 8);
        long little = 0;
        for (int b = 0; b < n; b++) {
            little |= (buffer[offset + b] & 0xFFL) << (b << 3);
        }
        return chainSelects(signalIndex, little, Long.reverseBytes(little), buffer, offset, length);
    }

    /**
     * The multiplexor signal that selects {@code signalIndex}, or -1 when it is always present (or never: see
     * {@link #isDecodable}).
     */
    public int multiplexorOf(int signalIndex) {
        return Math.max(-1, parent[signalIndex]);
    }

    /** False for a signal whose multiplexor chain is broken: it is never decoded. */
    public boolean isDecodable(int signalIndex) {
        return reachable[signalIndex];
    }

    /**
     * A raw value as decimal text: unsigned for an unsigned 64-bit signal (whose {@code long} may read negative),
     * signed otherwise.
     */
    public String rawText(int signalIndex, long raw) {
        return unsigned64[signalIndex] ? Long.toUnsignedString(raw) : Long.toString(raw);
    }

    /** Frame length the signal needs. */
    public int bytesNeeded(int signalIndex) {
        return bytesNeeded[signalIndex];
    }

    private long raw(int i, long little, long big, byte[] buffer, int offset, int length) {
        long value;
        if (wide[i]) {
            value = readBits(buffer, offset, signals[i]);
        } else {
            value = ((intel[i] ? little : big) >>> shift[i]) & mask[i];
        }
        int s = signShift[i];
        return s == 0 ? value : (value << s) >> s;
    }

    /** {@code raw × factor + offset}, through IEEE bits for float signals. */
    public double physical(int signalIndex, long raw) {
        double value = switch (kind[signalIndex]) {
        case KIND_FLOAT32 -> Float.intBitsToFloat((int) raw);
        case KIND_FLOAT64 -> Double.longBitsToDouble(raw);
        default -> unsigned64[signalIndex] && raw < 0 ? unsignedToDouble(raw) : (double) raw;
        };
        return value * factor[signalIndex] + offset[signalIndex];
    }

    /** The nearest double to an unsigned 64-bit value (halving with the low bit kept rounds correctly). */
    static double unsignedToDouble(long bits) {
        return bits >= 0 ? (double) bits : (double) ((bits >>> 1) | (bits & 1)) * 2.0;
    }

    private static long readBits(byte[] buffer, int offset, DbcSignal signal) {
        long value = 0;
        int position = signal.startBit();
        if (signal.byteOrder() == DbcByteOrder.INTEL) {
            for (int k = 0; k < signal.length(); k++, position++) {
                value |= (long) ((buffer[offset + position / 8] >> (position % 8)) & 1) << k;
            }
        } else {
            for (int k = 0; k < signal.length(); k++) {
                value = (value << 1) | ((buffer[offset + position / 8] >> (position % 8)) & 1);
                position = position % 8 == 0 ? position + 15 : position - 1;
            }
        }
        return value;
    }

    // ---- encoding

    /**
     * Writes {@code values} (physical, by signal name) into a new frame of the message's length; signals not named
     * are 0, signals that lie beyond the message's length are left out. Values are rounded to the nearest raw step
     * and held to the raw range of the signal's width ({@link #toRaw}).
     */
    public byte[] encode(int messageIndex, Map<String, Double> values) {
        DbcMessage message = messages[messageIndex];
        byte[] frame = new byte[message.length()];
        for (int i = messageFirstSignal[messageIndex]; i < messageFirstSignal[messageIndex]
                + messageSignalCount[messageIndex]; i++) {
            Double value = values.get(signalNames[i]);
            if (value != null && bytesNeeded[i] <= frame.length) {
                writeBits(frame, 0, signals[i], toRaw(i, value));
            }
        }
        return frame;
    }

    /**
     * The raw bits for a physical value of signal {@code i}: rounded to the nearest raw step and held to the raw
     * range of the signal's width (a value past it gives the largest or smallest raw value, never wrapped bits).
     */
    public long toRaw(int signalIndex, double value) {
        double scaled = (value - offset[signalIndex]) / factor[signalIndex];
        return switch (kind[signalIndex]) {
        case KIND_FLOAT32 -> Float.floatToIntBits((float) scaled) & 0xFFFF_FFFFL;
        case KIND_FLOAT64 -> Double.doubleToLongBits(scaled);
        default -> integerRaw(signalIndex, scaled);
        };
    }

    private long integerRaw(int i, double scaled) {
        int length = signals[i].length();
        boolean signed = signShift[i] != 0 || signals[i].signed();
        if (unsigned64[i]) {
            if (scaled >= 0x1p64) {
                return -1L;
            }
            // beyond a long the double is a whole number: its top bit goes in bit 63
            return scaled >= 0x1p63 ? (long) (scaled - 0x1p63) ^ Long.MIN_VALUE : Math.max(0, Math.round(scaled));
        }
        long raw = Math.round(scaled); // saturates at the long's range: what 64-bit signed needs
        if (length == 64) {
            return raw;
        }
        long max = signed ? (1L << (length - 1)) - 1 : (1L << length) - 1;
        long min = signed ? -(1L << (length - 1)) : 0;
        return Math.max(min, Math.min(max, raw));
    }

    /** Writes a signal's raw bits into {@code frame}, leaving the other bits alone. */
    public static void writeBits(byte[] frame, int offset, DbcSignal signal, long raw) {
        int position = signal.startBit();
        if (signal.byteOrder() == DbcByteOrder.INTEL) {
            for (int k = 0; k < signal.length(); k++, position++) {
                setBit(frame, offset, position, (raw >>> k) & 1);
            }
        } else {
            for (int k = signal.length() - 1; k >= 0; k--) {
                setBit(frame, offset, position, (raw >>> k) & 1);
                position = position % 8 == 0 ? position + 15 : position - 1;
            }
        }
    }

    private static void setBit(byte[] frame, int offset, int position, long bit) {
        int index = offset + position / 8;
        if (bit != 0) {
            frame[index] |= (byte) (1 << (position % 8));
        } else {
            frame[index] &= (byte) ~(1 << (position % 8));
        }
    }

    /** Signal names in index order, for column headers and sinks that want names. */
    public List<String> signalNames() {
        return new ArrayList<>(Arrays.asList(signalNames));
    }
}
