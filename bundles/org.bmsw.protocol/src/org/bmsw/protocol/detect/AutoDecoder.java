package org.bmsw.protocol.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderContext;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.can.CanDecoder;

/**
 * The {@code auto} decoder: holds records back until {@link ProtocolDetector} is sure (or 2000 records / 5 s of
 * trace time have passed), then decodes them and everything after with the detected protocol and variants.
 * Call {@link #finish} at the end of a trace shorter than that.
 * <p>
 * An identifier that first comes after the choice may not fit its layout where a variant's does (a Pylon battery
 * sending its name in 0x370): at its first layout mismatch the detector is asked again, and when it now adds a
 * variant of the same protocol, decoding goes on with that, its state rebuilt from the last 1024 records.
 */
public final class AutoDecoder implements Decoder {

    private static final int MAX_BUFFERED = 2000;
    private static final long MAX_SPAN_NS = 5_000_000_000L;
    private static final int MAX_RECONSIDERED = 64;
    /** Records kept after the choice for a new one: a battery repeats every frame within a second. */
    private static final int MAX_RECENT = 1024;

    private final DecoderContext context;
    private final ProtocolDetector detector = new ProtocolDetector();
    private final List<TraceRecord> buffer = new ArrayList<>();
    /** After the choice: the records a new choice replays to rebuild the state. */
    private final RecentFrames recent = new RecentFrames(MAX_RECENT);
    /** Identifiers whose layout mismatch made the detector look again (once each). */
    private final Set<String> reconsidered = new HashSet<>();
    private Decoder delegate;
    private Detection detection;

    /** Detects, then decodes with the detected protocol's decoder from {@code context}'s registry. */
    public AutoDecoder(DecoderContext context) {
        this.context = context;
    }

    @Override
    public String protocolId() {
        return delegate == null ? DecoderSpec.AUTO : delegate.protocolId();
    }

    /**
     * What the detector concludes from every record seen so far (it keeps counting after the choice, so missing
     * identifiers and periods cover the whole trace); null before the first record.
     */
    public Detection detection() {
        return detector.records() == 0 ? null : detector.result();
    }

    /**
     * The decoder that decodes the records now (a new one after a changed choice), or null while detecting: a
     * consumer that replays a CAN decoder's message for an identical frame checks that it is still the same one.
     */
    public Decoder chosen() {
        return delegate;
    }

    /** The decoder spec chosen when buffering ended, e.g. {@code sma-can+voltage-0.1V}; null before. */
    public String chosenSpec() {
        return detection == null ? null : detection.decoderSpec();
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        detector.accept(record);
        if (delegate != null) {
            remember(record);
            decodeChosen(record, out);
            return;
        }
        buffer.add(record);
        if (detector.isDecided() || buffer.size() >= MAX_BUFFERED || detector.spanNs() >= MAX_SPAN_NS) {
            choose(out);
        }
    }

    @Override
    public int fold(TraceRecord record) {
        detector.accept(record);
        int[] completed = { 0 };
        if (delegate == null) {
            buffer.add(record);
            if (detector.isDecided() || buffer.size() >= MAX_BUFFERED || detector.spanNs() >= MAX_SPAN_NS) {
                choose(message -> completed[0]++);
            }
            return completed[0];
        }
        remember(record);
        if (delegate instanceof CanDecoder can) {
            long before = can.layoutMismatches();
            int folded = can.fold(record);
            if (can.layoutMismatches() == before) {
                return folded;
            }
            // nothing of a frame that does not fit was folded: the decode path sees whether another variant fits
        }
        decodeChosen(record, message -> completed[0]++);
        return completed[0];
    }

    /** As {@link #fold(TraceRecord)}; once the protocol is chosen, no object per frame on the CAN path. */
    @Override
    public int fold(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload,
            int offset, int length) {
        if (delegate == null) {
            return fold(new TraceRecord(timestampNs, channel, bus, identifier, flags, Arrays.copyOfRange(payload,
                    offset, offset + length)));
        }
        detector.accept(timestampNs, channel, bus, identifier, flags, payload, offset, length);
        recent.add(timestampNs, channel, bus, identifier, flags, payload, offset, length);
        if (delegate instanceof CanDecoder can) {
            long before = can.layoutMismatches();
            int folded = can.fold(timestampNs, channel, bus, identifier, flags, payload, offset, length);
            if (can.layoutMismatches() == before) {
                return folded;
            }
        }
        int[] completed = { 0 };
        decodeChosen(recent.last(), message -> completed[0]++);
        return completed[0];
    }

    @Override
    public void finish(Consumer<DecodedMessage> out) {
        if (delegate == null && !buffer.isEmpty()) {
            choose(out);
        }
        if (delegate != null) {
            delegate.finish(out);
        }
    }

    private void choose(Consumer<DecodedMessage> out) {
        detection = detector.result();
        delegate = context.registry().create(detection.isKnown() ? detection.decoderSpec() : "pylon-can",
                context.registerMap());
        for (TraceRecord record : buffer) {
            remember(record);
            delegate.decode(record, out);
        }
        buffer.clear();
    }

    private void remember(TraceRecord record) {
        recent.add(record);
    }

    private void decodeChosen(TraceRecord record, Consumer<DecodedMessage> out) {
        boolean[] rechosen = new boolean[1];
        delegate.decode(record, message -> {
            if (!rechosen[0] && message.isLayoutMismatch() && rechoose(message.id())) {
                rechosen[0] = true; // the new decoder gave out this record's messages
            } else if (!rechosen[0]) {
                out.accept(message);
            }
        });
        if (rechosen[0]) {
            delegate.decode(record, out);
        }
    }

    /**
     * Asks the detector again after the first layout mismatch of {@code id}; when it now names more variants of the
     * same protocol, switches to them, feeding the new decoder the recent records but the last (quietly).
     */
    private boolean rechoose(String id) {
        if (reconsidered.size() >= MAX_RECONSIDERED || !reconsidered.add(id) || !detection.isKnown()) {
            return false;
        }
        Detection again = detector.result();
        if (!again.protocolId().equals(detection.protocolId()) || again.decoderSpec().equals(detection.decoderSpec())
                || !again.variants().containsAll(detection.variants())) {
            return false;
        }
        detection = again;
        delegate = context.registry().create(again.decoderSpec(), context.registerMap());
        for (int i = 0; i < recent.size() - 1; i++) {
            delegate.decode(recent.get(i), message -> {
            });
        }
        return true;
    }

    /**
     * The last frames, oldest first, in arrays that are reused: a pass keeps the last {@code capacity} frames without
     * an object per frame. {@link #get} makes the record when one is needed (a new choice replays them).
     */
    private static final class RecentFrames {
        private final long[] timestamps;
        private final String[] channels;
        private final BusKind[] buses;
        private final int[] identifiers;
        private final int[] flags;
        private final byte[][] payloads;
        private final int[] lengths;
        /** The record of a slot once made, so a frame added as a record is given back as that record. */
        private final TraceRecord[] records;
        private int next;
        private int size;

        RecentFrames(int capacity) {
            timestamps = new long[capacity];
            channels = new String[capacity];
            buses = new BusKind[capacity];
            identifiers = new int[capacity];
            flags = new int[capacity];
            payloads = new byte[capacity][];
            lengths = new int[capacity];
            records = new TraceRecord[capacity];
        }

        void add(TraceRecord record) {
            byte[] payload = record.payload();
            add(record.timestampNs(), record.channel(), record.bus(), record.identifier(), record.flags(), payload, 0,
                    payload.length);
            records[(next + timestamps.length - 1) % timestamps.length] = record;
        }

        void add(long timestampNs, String channel, BusKind bus, int identifier, int frameFlags, byte[] payload,
                int offset, int length) {
            int slot = next;
            timestamps[slot] = timestampNs;
            channels[slot] = channel;
            buses[slot] = bus;
            identifiers[slot] = identifier;
            flags[slot] = frameFlags;
            if (payloads[slot] == null || payloads[slot].length < length) {
                payloads[slot] = new byte[Math.max(length, 8)];
            }
            System.arraycopy(payload, offset, payloads[slot], 0, length);
            lengths[slot] = length;
            records[slot] = null;
            next = (slot + 1) % timestamps.length;
            size = Math.min(size + 1, timestamps.length);
        }

        int size() {
            return size;
        }

        /** Frame {@code index}, 0 the oldest kept. */
        TraceRecord get(int index) {
            int slot = (next - size + index + timestamps.length) % timestamps.length;
            if (records[slot] == null) {
                records[slot] = new TraceRecord(timestamps[slot], channels[slot], buses[slot], identifiers[slot],
                        flags[slot], Arrays.copyOf(payloads[slot], lengths[slot]));
            }
            return records[slot];
        }

        TraceRecord last() {
            return get(size - 1);
        }
    }

    @Override
    public BatteryState state() {
        return delegate == null ? BatteryState.EMPTY : delegate.state();
    }

    @Override
    public List<String> variants() {
        if (delegate == null) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        notes.add("detected " + detection.decoderSpec() + (detection.layout().isEmpty() ? ""
                : " layout " + detection.layout()) + ": " + String.join("; ", detection.evidence()));
        notes.addAll(delegate.variants());
        return notes;
    }
}
