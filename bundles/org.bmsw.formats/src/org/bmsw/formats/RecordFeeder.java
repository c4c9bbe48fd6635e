package org.bmsw.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;

/**
 * Turns the readers' allocation-free frames into {@link TraceRecord}s for the streaming decoders, numbered by
 * their row (1-based position in the trace, counting every channel's frames), of one channel or all. Used by
 * {@code bmsw decode}, {@code state} and {@code analyze} and by the offline analysis.
 */
public final class RecordFeeder implements FrameSink {

    /** Receives each record with its row. */
    @FunctionalInterface
    public interface RecordSink {
        void record(TraceRecord record, long row);
    }

    /**
     * Receives each frame by its fields, with its row and its channel's name and bus; the payload is
     * {@code payload[offset .. offset+length)} of the reader's buffer, valid only during the call. For passes that
     * need no record per frame (folding frames into a battery state).
     */
    @FunctionalInterface
    public interface FieldSink {
        void frame(long row, long timestampNs, String channel, BusKind bus, int identifier, int flags,
                byte[] payload, int offset, int length);
    }

    private final RecordSink sink;
    private final FieldSink fields;
    private final String onlyChannel;
    private final List<String> names = new ArrayList<>();
    private final List<BusKind> buses = new ArrayList<>();
    private long row;

    /** @param onlyChannel the channel whose records to pass on, or null for all */
    public RecordFeeder(RecordSink sink, String onlyChannel) {
        this.sink = sink;
        this.fields = null;
        this.onlyChannel = onlyChannel;
    }

    private RecordFeeder(FieldSink fields, String onlyChannel) {
        this.sink = null;
        this.fields = fields;
        this.onlyChannel = onlyChannel;
    }

    /** A feeder that hands {@code fields} each frame's fields instead of a record (no object per frame). */
    public static RecordFeeder ofFields(FieldSink fields, String onlyChannel) {
        return new RecordFeeder(fields, onlyChannel);
    }

    @Override
    public void channel(int channelIndex, String name, BusKind bus) {
        while (names.size() <= channelIndex) {
            names.add(null);
            buses.add(null);
        }
        names.set(channelIndex, name);
        buses.set(channelIndex, bus);
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
            int payloadOffset, int length) {
        row++;
        String name = names.get(channelIndex);
        if (onlyChannel != null && !onlyChannel.equals(name)) {
            return;
        }
        if (fields != null) {
            fields.frame(row, timestampNs, name, buses.get(channelIndex), identifier, flags, payload, payloadOffset,
                    length);
            return;
        }
        sink.record(new TraceRecord(timestampNs, name, buses.get(channelIndex), identifier, flags,
                Arrays.copyOfRange(payload, payloadOffset, payloadOffset + length)), row);
    }

    /** The channels the trace has, in order of first appearance. */
    public List<String> channels() {
        return Collections.unmodifiableList(names);
    }

    /** True when the channel asked for was in the trace (always true without a channel filter). */
    public boolean channelFound() {
        return onlyChannel == null || names.contains(onlyChannel);
    }

    /** Frames read so far, of every channel. */
    public long rows() {
        return row;
    }
}
