package org.bmsw.protocol.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderContext;
import org.bmsw.protocol.DecoderSpec;

/**
 * The {@code auto} decoder: holds records back until {@link ProtocolDetector} is sure (or 2000 records / 5 s of
 * trace time have passed), then decodes them and everything after with the detected protocol and variants.
 * Call {@link #finish} at the end of a trace shorter than that.
 */
public final class AutoDecoder implements Decoder {

    private static final int MAX_BUFFERED = 2000;
    private static final long MAX_SPAN_NS = 5_000_000_000L;

    private final DecoderContext context;
    private final ProtocolDetector detector = new ProtocolDetector();
    private final List<TraceRecord> buffer = new ArrayList<>();
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

    /** The decoder spec chosen when buffering ended, e.g. {@code sma-can+voltage-0.1V}; null before. */
    public String chosenSpec() {
        return detection == null ? null : detection.decoderSpec();
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        detector.accept(record);
        if (delegate != null) {
            delegate.decode(record, out);
            return;
        }
        buffer.add(record);
        if (detector.isDecided() || buffer.size() >= MAX_BUFFERED || detector.spanNs() >= MAX_SPAN_NS) {
            choose(out);
        }
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
            delegate.decode(record, out);
        }
        buffer.clear();
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
