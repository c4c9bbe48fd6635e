package org.bmsw.protocol.can;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.LayoutMismatch;
import org.bmsw.protocol.SignalSink;
import org.bmsw.protocol.dbc.DbcCodec;
import org.bmsw.protocol.dbc.DbcMessage;
import org.bmsw.protocol.dbc.DbcSignal;

/**
 * Decodes CAN records with a {@link CanProtocol} and folds them into a {@link BatteryState}. Serial records and
 * frames the definition does not know are skipped (counted in {@link #unknownFrames()}).
 */
public final class CanDecoder implements Decoder {

    private final CanProtocol protocol;
    private final DbcCodec codec;
    private final BatteryState.Builder state = BatteryState.builder();
    private final double[] values;
    private final boolean[] present;
    private final long[] raws;
    private final boolean[] valid;
    private final boolean[] negated;
    private final SignalSink collector;
    private long unknownFrames;
    /** The frame just decoded has a multiplexor value that selects none of its signals. */
    private boolean undefinedMultiplex;
    private long mismatches;
    // the last text of each ASCII signal with the bytes it came from (see cachedText)
    private final String[] lastText;
    private final long[] lastTextKey;
    private final int[] lastTextBytes;
    // per message: the bytes (little-endian, up to 8) and length of the frame its signals were last decoded from
    // (length -1: none), so a repeated frame is not decoded again; only decoding message m writes its signals'
    // entries in the arrays above
    private final long[] lastPayload;
    private final int[] lastLength;
    private final boolean[] lastUndefinedMultiplex;
    private final byte[] lastFits;
    // per message, while its bytes repeat: the alarms its fold raises and clears; and whether all its signals are
    // alarms, so that a repeated frame of it is folded by the masks alone
    private final long[] foldRaise;
    private final long[] foldClear;
    private final boolean[] foldMasksKnown;
    private final boolean[] alarmsOnly;
    private static final byte FITS_UNKNOWN = 0;
    private static final byte FITS_YES = 1;
    private static final byte FITS_NO = 2;
    /** Each alarm signal's alarm as a {@link BatteryState#alarmMask}; 0 for other signals. */
    private final long[] alarmMask;
    /** Per message: whether it carries an identity text or a part of one. */
    private final boolean[] identityMessage;
    // per identity (ordinal) and part (0 whole, 1 and 2 halves or major/minor): the last text (the cached String,
    // compared by reference) or version byte seen; the texts change rarely, so the state is set only on a change
    private final String[][] identityTexts = new String[Identity.values().length][3];
    private final long[][] identityBytes = new long[Identity.values().length][3];

    public CanDecoder(CanProtocol protocol) {
        this.protocol = protocol;
        this.codec = protocol.codec();
        values = new double[codec.signalCount()];
        present = new boolean[codec.signalCount()];
        raws = new long[codec.signalCount()];
        valid = new boolean[codec.signalCount()];
        negated = new boolean[codec.signalCount()];
        lastText = new String[codec.signalCount()];
        lastTextKey = new long[codec.signalCount()];
        lastTextBytes = new int[codec.signalCount()];
        java.util.Arrays.fill(lastTextBytes, -1); // nothing cached yet
        lastPayload = new long[codec.messageCount()];
        lastLength = new int[codec.messageCount()];
        java.util.Arrays.fill(lastLength, -1);
        lastUndefinedMultiplex = new boolean[codec.messageCount()];
        lastFits = new byte[codec.messageCount()];
        foldRaise = new long[codec.messageCount()];
        foldClear = new long[codec.messageCount()];
        foldMasksKnown = new boolean[codec.messageCount()];
        alarmsOnly = new boolean[codec.messageCount()];
        for (int m = 0; m < alarmsOnly.length; m++) {
            boolean only = codec.signalCount(m) > 0;
            for (int i = codec.firstSignal(m); i < codec.firstSignal(m) + codec.signalCount(m); i++) {
                only &= !protocol.ascii[i] && protocol.quantity[i] == null && protocol.request[i] == null
                        && protocol.alarm[i] != null;
            }
            alarmsOnly[m] = only;
        }
        alarmMask = new long[codec.signalCount()];
        for (int i = 0; i < alarmMask.length; i++) {
            alarmMask[i] = protocol.alarm[i] == null || protocol.level[i] == null ? 0
                    : BatteryState.alarmMask(protocol.alarm[i], protocol.level[i]);
        }
        identityMessage = new boolean[codec.messageCount()];
        for (int m = 0; m < identityMessage.length; m++) {
            for (int i = codec.firstSignal(m); i < codec.firstSignal(m) + codec.signalCount(m); i++) {
                identityMessage[m] |= protocol.identity[i] != null;
            }
        }
        for (long[] bytes : identityBytes) {
            java.util.Arrays.fill(bytes, -1);
        }
        collector = (index, value) -> {
            values[index] = value;
            present[index] = true;
        };
    }

    public CanProtocol protocol() {
        return protocol;
    }

    @Override
    public String protocolId() {
        return protocol.id();
    }

    @Override
    public List<String> variants() {
        return protocol.variantNotes();
    }

    @Override
    public BatteryState state() {
        return state.build();
    }

    /** CAN frames seen whose identifier the definition does not have. */
    public long unknownFrames() {
        return unknownFrames;
    }

    /** Frames seen that did not fit their layout (see {@link DecodedMessage#layoutMismatch()}). */
    public long layoutMismatches() {
        return mismatches;
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        if (record.bus() != BusKind.CAN) {
            return;
        }
        DecodedMessage message = decode(record.timestampNs(), record.channel(), record.identifier(), record.flags(),
                record.payload());
        if (message != null) {
            out.accept(message);
        }
    }

    /**
     * Decodes and folds one frame; null when it is not a data frame of a known message. A frame that does not fit
     * its layout ({@link #mismatch}) comes out with {@link DecodedMessage#layoutMismatch()} set, its signals
     * marked not valid, and nothing of it folded.
     */
    public DecodedMessage decode(long timestampNs, String channel, int identifier, int flags, byte[] payload) {
        int m = decodeValues(timestampNs, identifier, flags, payload, 0, payload.length);
        if (m < 0) {
            return null;
        }
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        DbcMessage definition = codec.message(m);
        List<String> problems = new ArrayList<>(0);
        for (int i = first; i < end; i++) {
            if (negated[i]) {
                problems.add(String.format("%s %s: %s = %s is negative; its magnitude is used", definition.idText(),
                        definition.name(), protocol.outputName[i], trim(-values[i])));
            }
        }
        LayoutMismatch mismatch = mismatch(m, payload);
        if (mismatch != null) {
            mismatches++;
            problems.add(0, mismatch.text());
        }
        List<DecodedSignal> signals = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            DbcSignal signal = codec.signal(i);
            if (protocol.ascii[i]) {
                String text = ascii(payload, 0, payload.length, signal);
                if (text != null) {
                    signals.add(new DecodedSignal(protocol.outputName[i], Double.NaN, "", 0, text, null,
                            protocol.canonical[i], mismatch == null));
                }
                continue;
            }
            if (!present[i]) {
                continue;
            }
            signals.add(new DecodedSignal(protocol.outputName[i], values[i], signal.unit(), raws[i], null,
                    signal.valueDescriptions().get(raws[i]), protocol.canonical[i], valid[i] && mismatch == null));
            if (valid[i] && mismatch == null) {
                fold(m, i, raws[i], values[i]);
            }
        }
        if (mismatch == null && identityMessage[m]) {
            foldIdentity(m, payload, 0, payload.length);
        }
        return new DecodedMessage(timestampNs, channel, definition.idText(), definition.name(), signals, problems,
                mismatch);
    }

    @Override
    public int fold(TraceRecord record) {
        return record.bus() == BusKind.CAN && foldFrame(record.timestampNs(), record.identifier(), record.flags(),
                record.payload()) ? 1 : 0;
    }

    @Override
    public int fold(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload,
            int offset, int length) {
        return bus == BusKind.CAN && foldFrame(timestampNs, identifier, flags, payload, offset, length) ? 1 : 0;
    }

    /**
     * As {@link #decode(long, String, int, int, byte[])} without building the message: the path of passes that only
     * want the battery state. Folds the frame when it fits its layout.
     *
     * @return whether the frame was a data frame of a known message (the decode path gives a message then)
     */
    public boolean foldFrame(long timestampNs, int identifier, int flags, byte[] payload) {
        return foldFrame(timestampNs, identifier, flags, payload, 0, payload.length);
    }

    /** As {@link #foldFrame(long, int, int, byte[])} for the payload {@code payload[offset .. offset+length)}. */
    public boolean foldFrame(long timestampNs, int identifier, int flags, byte[] payload, int offset, int length) {
        int m = decodeValues(timestampNs, identifier, flags, payload, offset, length);
        if (m < 0) {
            return false;
        }
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        if (!fitsCached(m, length)) {
            mismatches++;
            return true;
        }
        if (alarmsOnly[m] && foldMasksKnown[m]) {
            // the same bytes as last time: the same alarms raised and cleared
            state.clearAlarms(foldClear[m]).raiseAlarms(foldRaise[m]);
            return true;
        }
        // a message's alarm signals folded in order come to one mask raised and one cleared: the last signal
        // that touches an alarm decides it
        long raise = 0;
        long clear = 0;
        for (int i = first; i < end; i++) {
            if (protocol.ascii[i]) {
                continue; // texts: the identity, below
            } else if (valid[i]) {
                if (protocol.quantity[i] == null && protocol.request[i] == null && protocol.alarm[i] != null) {
                    long raw = raws[i];
                    boolean raised = protocol.pair[i] ? raw == 1 : raw != 0;
                    boolean cleared = protocol.pair[i] ? raw == 2 : raw == 0 && protocol.alarmFrame[m];
                    if (raised) {
                        raise |= alarmMask[i];
                        clear &= ~alarmMask[i];
                    } else if (cleared) {
                        clear |= alarmMask[i];
                        raise &= ~alarmMask[i];
                    }
                } else {
                    fold(m, i, raws[i], values[i]);
                }
            }
        }
        state.clearAlarms(clear).raiseAlarms(raise);
        if (identityMessage[m]) {
            foldIdentity(m, payload, offset, length);
        }
        if (lastLength[m] == length) { // cached: the masks hold while the bytes repeat
            foldRaise[m] = raise;
            foldClear[m] = clear;
            foldMasksKnown[m] = true;
        }
        return true;
    }

    /**
     * Decodes a frame's signals into {@code values}, {@code raws}, {@code valid} and {@code negated} (a magnitude
     * sent negative, made positive) and stamps the state with its time.
     *
     * @return the message index, or -1 for a frame the definition does not know or that carries no data
     */
    private int decodeValues(long timestampNs, int identifier, int flags, byte[] payload, int offset, int length) {
        int m = codec.messageIndex(identifier, flags);
        if (m < 0) {
            unknownFrames++;
            return -1;
        }
        long little = DbcCodec.littleEndian(payload, offset, length);
        boolean cacheable = length <= 8 && (flags & (FrameFlags.RTR | FrameFlags.ERROR)) == 0;
        if (cacheable && lastLength[m] == length && lastPayload[m] == little) {
            // the same bytes as the last frame of this message: its signals' values are still in the arrays
            undefinedMultiplex = lastUndefinedMultiplex[m];
            state.timestampNs(timestampNs);
            return m;
        }
        lastLength[m] = -1;
        lastFits[m] = FITS_UNKNOWN;
        foldMasksKnown[m] = false;
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        for (int i = first; i < end; i++) {
            present[i] = false;
        }
        int decoded = codec.decode(identifier, flags, payload, offset, length, collector);
        undefinedMultiplex = decoded == DbcCodec.UNDEFINED_MULTIPLEX;
        if (decoded < 0 && !undefinedMultiplex) {
            return -1; // remote or error frame
        }
        state.timestampNs(timestampNs);
        for (int i = first; i < end; i++) {
            raws[i] = present[i] ? codec.rawValue(i, little, payload, offset, length) : 0;
            valid[i] = present[i] && !protocol.ascii[i] && !isInvalid(i, raws[i]);
            negated[i] = valid[i] && protocol.magnitude[i] && values[i] < 0;
            if (negated[i]) {
                values[i] = -values[i];
            }
        }
        if (cacheable) {
            lastPayload[m] = little;
            lastLength[m] = length;
            lastUndefinedMultiplex[m] = undefinedMultiplex;
        }
        return m;
    }

    /** {@link #fits} of the frame just decoded, worked out once while message {@code m}'s bytes repeat. */
    private boolean fitsCached(int m, int length) {
        if (lastLength[m] != length) {
            return fits(m, length); // not cached: longer than 8 bytes
        }
        if (lastFits[m] == FITS_UNKNOWN) {
            lastFits[m] = fits(m, length) ? FITS_YES : FITS_NO;
        }
        return lastFits[m] == FITS_YES;
    }

    /** Whether the frame just decoded into {@code values} fits message {@code m}'s layout ({@link #mismatch}). */
    private boolean fits(int m, int length) {
        if (length < protocol.minimumLength[m] || undefinedMultiplex) {
            return false;
        }
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        for (int i = first; i < end; i++) {
            if (outOfRange(i)) {
                return false;
            }
        }
        int[] pairs = protocol.orders[m];
        for (int p = 0; p < pairs.length; p += 2) {
            if (outOfOrder(pairs[p], pairs[p + 1])) {
                return false;
            }
        }
        return true;
    }

    /** A valid value outside what a battery sends ({@link Plausibility}). */
    private boolean outOfRange(int i) {
        double low = protocol.plausibleLow[i];
        double high = protocol.plausibleHigh[i];
        return valid[i] && (values[i] < low - slack(low) || values[i] > high + slack(high));
    }

    /** A minimum above its maximum in one frame. */
    private boolean outOfOrder(int low, int high) {
        return valid[low] && valid[high] && values[low] > values[high];
    }

    /**
     * Why the frame just decoded into {@code values} does not fit message {@code m}'s layout, or null when it fits:
     * shorter than the layout (the values are not looked at then: they are bytes of another layout), a value
     * outside what a battery can send, or a minimum above its maximum ({@link Plausibility}).
     */
    private LayoutMismatch mismatch(int m, byte[] payload) {
        if (fits(m, payload.length)) {
            return null;
        }
        List<String> reasons = null;
        int needed = protocol.minimumLength[m];
        if (undefinedMultiplex) {
            reasons = List.of("a multiplexor's value selects none of its signals");
        } else if (payload.length < needed) {
            reasons = List.of(String.format("%d data byte%s, layout needs %d", payload.length,
                    payload.length == 1 ? "" : "s", needed));
        } else {
            int first = codec.firstSignal(m);
            int end = first + codec.signalCount(m);
            for (int i = first; i < end; i++) {
                double low = protocol.plausibleLow[i];
                double high = protocol.plausibleHigh[i];
                double v = values[i];
                if (outOfRange(i)) {
                    String unit = codec.signal(i).unit().equals("degC") ? "°C" : codec.signal(i).unit();
                    String space = unit.isEmpty() ? "" : " ";
                    reasons = add(reasons, protocol.outputName[i] + " = " + trim(v) + space + unit
                            + ", a battery sends " + bound(low) + ".." + bound(high) + space + unit);
                }
            }
            int[] pairs = protocol.orders[m];
            for (int p = 0; p < pairs.length; p += 2) {
                int low = pairs[p];
                int high = pairs[p + 1];
                if (outOfOrder(low, high)) {
                    reasons = add(reasons, protocol.outputName[low] + " " + trim(values[low]) + " above "
                            + protocol.outputName[high] + " " + trim(values[high]));
                }
            }
        }
        return reasons == null ? null
                : new LayoutMismatch(codec.message(m).idText(), protocol.layoutName(m), payload.length, needed,
                        LayoutMismatch.hex(payload), reasons);
    }

    /** Scaled values carry binary noise (0.1 × 1000 need not be 100 exactly): a bound is met within it. */
    private static double slack(double bound) {
        return 1e-9 * Math.max(1, Math.abs(bound));
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> list = reasons == null ? new ArrayList<>(2) : reasons;
        list.add(reason);
        return list;
    }

    private static String bound(double bound) {
        return Double.isInfinite(bound) ? (bound < 0 ? "-inf" : "inf") : trim(bound);
    }

    private void fold(int m, int i, long raw, double value) {
        if (protocol.quantity[i] != null) {
            if (!protocol.fallback[i] || !state.has(protocol.quantity[i])) {
                state.set(protocol.quantity[i], value);
            }
        } else if (protocol.request[i] != null) {
            state.set(protocol.request[i], raw != 0);
        } else if (protocol.alarm[i] != null) {
            if (protocol.pair[i]) {
                if (raw == 1) {
                    state.raiseAlarms(alarmMask[i]);
                } else if (raw == 2) {
                    state.clearAlarms(alarmMask[i]);
                }
            } else if (raw != 0) {
                state.raiseAlarms(alarmMask[i]);
            } else if (protocol.alarmFrame[m]) {
                state.clearAlarms(alarmMask[i]);
            }
        }
    }

    private boolean isInvalid(int i, long raw) {
        long[] markers = protocol.invalid[i];
        if (markers != null) {
            for (long marker : markers) {
                if (marker == raw) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Folds the identity texts message {@code m} carries: a whole text (stripped), the halves of a two-frame text
     * joined then stripped (0x370 "Discover" and 0x371 " AES" make "Discover AES"), a version's major and minor as
     * {@link #version}. A blank text or half leaves the last one in place.
     */
    private void foldIdentity(int m, byte[] payload, int offset, int length) {
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        for (int i = first; i < end; i++) {
            Identity name = protocol.identity[i];
            if (name == null) {
                continue;
            }
            int part = protocol.identityPart[i];
            String[] texts = identityTexts[name.ordinal()];
            long[] bytes = identityBytes[name.ordinal()];
            if (protocol.ascii[i]) {
                String text = cachedText(i, payload, offset, length);
                if (text == null || text == texts[part] || text.isBlank()) {
                    continue; // nothing new, or a blank half: the last text stays
                }
                texts[part] = text;
                String whole = part == 0 ? stripped(text)
                        : stripped((texts[1] == null ? "" : texts[1]) + (texts[2] == null ? "" : texts[2]));
                if (whole != null) {
                    state.set(name, whole);
                }
            } else if (present[i] && valid[i] && raws[i] != bytes[part]) {
                bytes[part] = raws[i];
                if (bytes[1] >= 0 && bytes[2] >= 0) {
                    state.set(name, version((int) bytes[1], (int) bytes[2]));
                }
            }
        }
    }

    /**
     * A version from its major and minor bytes (0x35F bytes 2-3). Written in hex digits when both bytes are valid BCD,
     * as the sources read them (dfch: {@code 01 17} is v1.17; REC: {@code 02 06} is 2.6), else in decimal
     * ({@code 0D 05} is 13.5).
     */
    static String version(int major, int minor) {
        boolean bcd = (major & 0xF) <= 9 && (major >> 4) <= 9 && (minor & 0xF) <= 9 && (minor >> 4) <= 9;
        return bcd ? Integer.toHexString(major) + "." + Integer.toHexString(minor) : major + "." + minor;
    }

    /**
     * The text signal {@code i} carries, as sent up to the first NUL (not stripped), or null when the frame has none
     * of its bytes; the last frame's String again when its bytes are the same (a battery names itself in every
     * cycle, and a state pass folds millions of frames).
     */
    private String cachedText(int i, byte[] payload, int offset, int length) {
        DbcSignal signal = codec.signal(i);
        int from = signal.startBit() / 8;
        int to = Math.min(length, from + (signal.length() + 7) / 8);
        if (to - from > 8 || to <= from) {
            return ascii(payload, offset, length, signal);
        }
        long key = 0;
        for (int b = to - 1; b >= from; b--) {
            key = key << 8 | (payload[offset + b] & 0xFF);
        }
        if (lastTextBytes[i] != to - from || lastTextKey[i] != key) {
            lastText[i] = ascii(payload, offset, length, signal);
            lastTextKey[i] = key;
            lastTextBytes[i] = to - from;
        }
        return lastText[i];
    }

    private static String stripped(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** The signal's bytes that the frame has, as text up to the first NUL; null when the frame has none of them. */
    static String ascii(byte[] payload, int offset, int length, DbcSignal signal) {
        int from = signal.startBit() / 8;
        int to = Math.min(length, from + (signal.length() + 7) / 8);
        if (from >= to) {
            return null;
        }
        StringBuilder text = new StringBuilder(to - from);
        for (int b = from; b < to && payload[offset + b] != 0; b++) {
            int c = payload[offset + b] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return text.toString();
    }

    /** A value as people write it: no ".0", no binary noise (0.1 × 26948 is 2694.8). */
    private static String trim(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).round(new java.math.MathContext(12)).stripTrailingZeros()
                .toPlainString();
    }
}
