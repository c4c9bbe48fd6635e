package org.bmsw.formats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;

/**
 * A sink that sums a trace up for {@code bmsw info}: frames, time span, channels, and per identifier the count
 * and mean period. An open-addressing table keyed by (channel, identifier, kind) keeps it allocation-free per
 * frame.
 */
public final class TraceSummary implements FrameSink {

    /** Frames of one identifier on one channel. {@code meanPeriodMs} is NaN with fewer than two frames. */
    public record IdentifierStats(String channel, int identifier, boolean extended, boolean error, long count,
            long firstTimestampNs, long lastTimestampNs) {

        public double meanPeriodMs() {
            return count < 2 ? Double.NaN : (lastTimestampNs - firstTimestampNs) / 1e6 / (count - 1);
        }

        /** {@code 351}, {@code 18FF50E5} (extended) or {@code ERR 00000004}, as candump shows identifiers. */
        public String identifierText() {
            String hex = Integer.toHexString(identifier).toUpperCase(java.util.Locale.ROOT);
            hex = "0".repeat(Math.max(0, (extended || error ? 8 : 3) - hex.length())) + hex; // no Formatter at start-up
            return error ? "ERR " + hex : hex;
        }
    }

    /** One channel: its name, bus and frame count. */
    public record ChannelStats(String name, BusKind bus, long frames) {
    }

    private final List<String> channelNames = new ArrayList<>();
    private final List<BusKind> channelBuses = new ArrayList<>();
    private long[] channelFrames = new long[8];
    private long frames;
    private long firstTimestampNs = Long.MAX_VALUE;
    private long lastTimestampNs = Long.MIN_VALUE;
    private long errorFrames;
    private long[] keys = new long[256];
    private long[] counts = new long[256];
    private long[] firstNs = new long[256];
    private long[] lastNs = new long[256];
    private int used;

    @Override
    public void channel(int channelIndex, String name, BusKind bus) {
        channelNames.add(name);
        channelBuses.add(bus);
        if (channelIndex >= channelFrames.length) {
            channelFrames = java.util.Arrays.copyOf(channelFrames, channelIndex * 2 + 1);
        }
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) {
        frames++;
        channelFrames[channelIndex]++;
        firstTimestampNs = Math.min(firstTimestampNs, timestampNs);
        lastTimestampNs = Math.max(lastTimestampNs, timestampNs);
        if ((flags & FrameFlags.ERROR) != 0) {
            errorFrames++;
        }
        // key: channel+1 in bits 32-47, kind in bits 29-31, identifier in bits 0-28; 0 marks a free slot
        long kind = ((flags & FrameFlags.EXTENDED) != 0 ? 1 : 0) | ((flags & FrameFlags.ERROR) != 0 ? 2 : 0);
        long key = (long) (channelIndex + 1) << 32 | kind << 29 | (identifier & 0x1FFF_FFFFL);
        int slot = find(key);
        if (keys[slot] == 0) {
            if ((used + 1) * 2 > keys.length) {
                grow();
                slot = find(key);
            }
            keys[slot] = key;
            firstNs[slot] = timestampNs;
            used++;
        }
        counts[slot]++;
        lastNs[slot] = timestampNs;
    }

    /** The slot holding {@code key}, or the free slot where it belongs. */
    private int find(long key) {
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != key && keys[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static long mix(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return h ^ (h >>> 29);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        long[] oldFirst = firstNs;
        long[] oldLast = lastNs;
        int size = keys.length * 2;
        keys = new long[size];
        counts = new long[size];
        firstNs = new long[size];
        lastNs = new long[size];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = find(oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
                firstNs[slot] = oldFirst[i];
                lastNs[slot] = oldLast[i];
            }
        }
    }

    public long frames() {
        return frames;
    }

    public long errorFrames() {
        return errorFrames;
    }

    /** First timestamp, 0 without frames. */
    public long firstTimestampNs() {
        return frames == 0 ? 0 : firstTimestampNs;
    }

    public long lastTimestampNs() {
        return frames == 0 ? 0 : lastTimestampNs;
    }

    public long durationNs() {
        return frames == 0 ? 0 : lastTimestampNs - firstTimestampNs;
    }

    public List<ChannelStats> channels() {
        List<ChannelStats> result = new ArrayList<>();
        for (int i = 0; i < channelNames.size(); i++) {
            result.add(new ChannelStats(channelNames.get(i), channelBuses.get(i), channelFrames[i]));
        }
        return result;
    }

    /** Per channel and identifier, ordered by channel, then error frames last, then identifier. */
    public List<IdentifierStats> identifiers() {
        List<IdentifierStats> result = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                int channel = (int) (keys[i] >>> 32) - 1;
                int kind = (int) (keys[i] >>> 29) & 3;
                result.add(new IdentifierStats(channelNames.get(channel), (int) (keys[i] & 0x1FFF_FFFF),
                        (kind & 1) != 0, (kind & 2) != 0, counts[i], firstNs[i], lastNs[i]));
            }
        }
        result.sort(Comparator.comparingInt((IdentifierStats s) -> channelNames.indexOf(s.channel()))
                .thenComparing(IdentifierStats::error).thenComparingInt(IdentifierStats::identifier)
                .thenComparing(IdentifierStats::extended));
        return result;
    }
}
