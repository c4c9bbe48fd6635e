package org.bmsw.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;

/**
 * A sink that sums a trace up for {@code bmsw info}: frames, time span, channels, and per identifier the count
 * and mean period. An open-addressing table keyed by (channel, identifier, kind) keeps it allocation-free per
 * frame. The table holds at most {@link #maxIdentifiers()} (channel, identifier) pairs, so memory stays bounded
 * on a bus full of random 29-bit identifiers; frames of pairs first seen after it is full are only counted
 * ({@link #untrackedFrames()}).
 */
public final class TraceSummary implements FrameSink {

    /** Pairs tracked by {@link #TraceSummary()}: far more than any real bus carries, 256 KB of table at most. */
    public static final int DEFAULT_MAX_IDENTIFIERS = 4096;

    /** Identifier rows a text listing shows: every identifier of a real battery bus, one screen or two. */
    public static final int TEXT_ROWS = 64;

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

    /**
     * The identifier rows a text listing shows and what it leaves out.
     *
     * @param rows the identifiers with the most frames, at most the number asked for, in the order of
     *        {@link TraceSummary#identifiers()}
     * @param moreIdentifiers tracked identifiers not in {@code rows}
     * @param moreFrames their frames
     * @param untrackedFrames {@link TraceSummary#untrackedFrames()}
     * @param maxIdentifiers {@link TraceSummary#maxIdentifiers()}
     */
    public record IdentifierListing(List<IdentifierStats> rows, int moreIdentifiers, long moreFrames,
            long untrackedFrames, int maxIdentifiers) {

        public IdentifierListing {
            rows = List.copyOf(rows);
        }

        /** Lines to print after the rows, saying what is not listed; empty when nothing is left out. */
        public List<String> remainderLines() {
            List<String> lines = new ArrayList<>(2);
            if (moreIdentifiers > 0) {
                lines.add("... " + moreIdentifiers + " more identifier" + (moreIdentifiers == 1 ? "" : "s")
                        + " with " + moreFrames + " frame" + (moreFrames == 1 ? "" : "s")
                        + " not listed (fewer frames than the rows above)");
            }
            if (untrackedFrames > 0) {
                lines.add("... " + untrackedFrames + " frame" + (untrackedFrames == 1 ? "" : "s")
                        + " of other identifiers, not tracked beyond the first " + maxIdentifiers
                        + " channel/identifier pairs");
            }
            return lines;
        }
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
    private final int maxIdentifiers;
    private long untrackedFrames;

    /** Tracks up to {@link #DEFAULT_MAX_IDENTIFIERS} (channel, identifier) pairs. */
    public TraceSummary() {
        this(DEFAULT_MAX_IDENTIFIERS);
    }

    /** Tracks up to {@code maxIdentifiers} (channel, identifier) pairs, then counts the frames of the others. */
    public TraceSummary(int maxIdentifiers) {
        if (maxIdentifiers < 1) {
            throw new IllegalArgumentException("maxIdentifiers must be at least 1, not " + maxIdentifiers);
        }
        this.maxIdentifiers = maxIdentifiers;
    }

    @Override
    public void channel(int channelIndex, String name, BusKind bus) {
        channelNames.add(name);
        channelBuses.add(bus);
        if (channelIndex >= channelFrames.length) {
            channelFrames = Arrays.copyOf(channelFrames, channelIndex * 2 + 1);
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
            if (used == maxIdentifiers) {
                untrackedFrames++;
                return;
            }
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

    /** The most (channel, identifier) pairs tracked. */
    public int maxIdentifiers() {
        return maxIdentifiers;
    }

    /** Frames of (channel, identifier) pairs first seen when {@link #maxIdentifiers()} were already tracked. */
    public long untrackedFrames() {
        return untrackedFrames;
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

    /**
     * Every tracked (channel, identifier), ordered by channel, then error frames last, then identifier. For text
     * meant to be read, {@link #identifierListing(int)} keeps it short.
     */
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

    /**
     * At most {@code maxRows} identifiers for a text listing: those with the most frames (on a tie, the one first
     * in {@link #identifiers()}'s order), shown in that order, and a count of the rest. A bus with a few periodic
     * identifiers and many one-off ones lists the periodic ones.
     */
    public IdentifierListing identifierListing(int maxRows) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative, not " + maxRows);
        }
        List<IdentifierStats> all = identifiers();
        if (all.size() <= maxRows) {
            return new IdentifierListing(all, 0, 0, untrackedFrames, maxIdentifiers);
        }
        Integer[] byCount = new Integer[all.size()];
        for (int i = 0; i < byCount.length; i++) {
            byCount[i] = i;
        }
        Arrays.sort(byCount, Comparator.comparingLong((Integer i) -> all.get(i).count()).reversed()); // stable
        int[] kept = new int[maxRows];
        long moreFrames = 0;
        for (int i = 0; i < byCount.length; i++) {
            if (i < maxRows) {
                kept[i] = byCount[i];
            } else {
                moreFrames += all.get(byCount[i]).count();
            }
        }
        Arrays.sort(kept);
        List<IdentifierStats> rows = new ArrayList<>(maxRows);
        for (int index : kept) {
            rows.add(all.get(index));
        }
        return new IdentifierListing(rows, all.size() - maxRows, moreFrames, untrackedFrames, maxIdentifiers);
    }
}
