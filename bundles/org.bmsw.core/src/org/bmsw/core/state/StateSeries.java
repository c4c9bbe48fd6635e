package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * Time series of the battery's quantities, decimated into fixed time buckets that keep the minimum, maximum and last
 * value of each quantity: what a plot needs to draw millions of frames as one line per pixel without losing a spike.
 * Memory is bounded by the bucket count whatever the trace's length: buckets are a ring, so a live series keeps the
 * newest {@code capacity} buckets and drops the oldest.
 * <p>
 * For a whole file, use {@link #covering(long, long, int)} (one bucket per {@code span / capacity}); for a live
 * capture, {@link #window(long, long, int)}. Thread-safe: one thread adds while the UI reads.
 */
public final class StateSeries {

    private static final Quantity[] QUANTITIES = Quantity.values();

    private final long originNs;
    private final long bucketNs;
    private final int capacity;
    /** Bucket index held by each ring slot, or -1. */
    private final long[] slotBucket;
    private final double[][] min;
    private final double[][] max;
    private final double[][] last;
    private long newestBucket = -1;
    private long samples;

    /**
     * @param originNs time of bucket 0
     * @param bucketNs width of a bucket, at least 1 ns
     * @param capacity buckets kept, at least 2
     */
    public StateSeries(long originNs, long bucketNs, int capacity) {
        if (bucketNs < 1 || capacity < 2) {
            throw new IllegalArgumentException("bucket width must be >= 1 ns and capacity >= 2, got " + bucketNs
                    + " ns, " + capacity);
        }
        this.originNs = originNs;
        this.bucketNs = bucketNs;
        this.capacity = capacity;
        slotBucket = new long[capacity];
        Arrays.fill(slotBucket, -1);
        min = new double[QUANTITIES.length][capacity];
        max = new double[QUANTITIES.length][capacity];
        last = new double[QUANTITIES.length][capacity];
    }

    /** A series of {@code buckets} buckets spanning {@code startNs .. endNs} (a trace of known extent). */
    public static StateSeries covering(long startNs, long endNs, int buckets) {
        long span = Math.max(1, endNs - startNs + 1);
        return new StateSeries(startNs, Math.max(1, (span + buckets - 1) / buckets), buckets);
    }

    /** A live series from {@code originNs} keeping the last {@code buckets} buckets of {@code bucketNs} each. */
    public static StateSeries window(long originNs, long bucketNs, int buckets) {
        return new StateSeries(originNs, bucketNs, buckets);
    }

    /** Records every quantity present in {@code state} at {@code timeNs}; times before the origin are ignored. */
    public synchronized void add(long timeNs, BatteryState state) {
        if (timeNs < originNs) {
            return;
        }
        long bucket = (timeNs - originNs) / bucketNs;
        if (newestBucket >= 0 && bucket <= newestBucket - capacity) {
            return; // older than what the ring keeps
        }
        int slot = (int) (bucket % capacity);
        if (slotBucket[slot] != bucket) {
            slotBucket[slot] = bucket;
            for (int q = 0; q < QUANTITIES.length; q++) {
                min[q][slot] = Double.NaN;
                max[q][slot] = Double.NaN;
                last[q][slot] = Double.NaN;
            }
        }
        newestBucket = Math.max(newestBucket, bucket);
        for (int q = 0; q < QUANTITIES.length; q++) {
            var value = state.get(QUANTITIES[q]);
            if (value.isPresent()) {
                double v = value.getAsDouble();
                if (Double.isNaN(min[q][slot]) || v < min[q][slot]) {
                    min[q][slot] = v;
                }
                if (Double.isNaN(max[q][slot]) || v > max[q][slot]) {
                    max[q][slot] = v;
                }
                last[q][slot] = v;
            }
        }
        samples++;
    }

    public long bucketNs() {
        return bucketNs;
    }

    public long originNs() {
        return originNs;
    }

    public int capacity() {
        return capacity;
    }

    /** States added so far (including those whose buckets have since been dropped). */
    public synchronized long samples() {
        return samples;
    }

    /** Start of the oldest bucket kept, or {@link Long#MIN_VALUE} when empty. */
    public synchronized long firstNs() {
        if (newestBucket < 0) {
            return Long.MIN_VALUE;
        }
        for (long b = Math.max(0, newestBucket - capacity + 1); b <= newestBucket; b++) {
            if (slotBucket[(int) (b % capacity)] == b) {
                return originNs + b * bucketNs;
            }
        }
        return Long.MIN_VALUE;
    }

    /** End of the newest bucket kept, or {@link Long#MIN_VALUE} when empty. */
    public synchronized long lastNs() {
        return newestBucket < 0 ? Long.MIN_VALUE : originNs + (newestBucket + 1) * bucketNs;
    }

    /**
     * The buckets of {@code quantity} overlapping {@code fromNs .. toNs} in which it was present, oldest first.
     * A copy: the caller may keep it while the series grows.
     */
    public synchronized Points points(Quantity quantity, long fromNs, long toNs) {
        Objects.requireNonNull(quantity, "quantity");
        if (newestBucket < 0 || toNs < fromNs) {
            return Points.EMPTY;
        }
        int q = quantity.ordinal();
        long firstKept = Math.max(0, newestBucket - capacity + 1);
        long from = Math.max(firstKept, Math.floorDiv(fromNs - originNs, bucketNs));
        long to = Math.min(newestBucket, Math.floorDiv(toNs - originNs, bucketNs));
        int n = (int) Math.max(0, to - from + 1);
        long[] times = new long[n];
        double[] mins = new double[n];
        double[] maxs = new double[n];
        double[] lasts = new double[n];
        int count = 0;
        for (long b = from; b <= to; b++) {
            int slot = (int) (b % capacity);
            if (slotBucket[slot] == b && !Double.isNaN(min[q][slot])) {
                times[count] = originNs + b * bucketNs;
                mins[count] = min[q][slot];
                maxs[count] = max[q][slot];
                lasts[count] = last[q][slot];
                count++;
            }
        }
        return new Points(Arrays.copyOf(times, count), Arrays.copyOf(mins, count), Arrays.copyOf(maxs, count),
                Arrays.copyOf(lasts, count));
    }

    /**
     * Decimated points: bucket start times with the minimum, maximum and last value seen in each bucket.
     */
    public record Points(long[] timesNs, double[] min, double[] max, double[] last) {
        public static final Points EMPTY = new Points(new long[0], new double[0], new double[0], new double[0]);

        public int size() {
            return timesNs.length;
        }

        public boolean isEmpty() {
            return timesNs.length == 0;
        }
    }
}
