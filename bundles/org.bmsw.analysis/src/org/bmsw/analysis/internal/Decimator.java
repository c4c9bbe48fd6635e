package org.bmsw.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.analysis.SeriesPoint;

/**
 * Keeps a plot of a value over any length of trace in fixed memory: min, max and last value per bucket of x; when
 * x runs past the last bucket, the bucket width doubles and neighbours merge.
 */
public final class Decimator {

    private final int capacity;
    private final double[] min;
    private final double[] max;
    private final double[] last;
    private final boolean[] used;
    private long origin = Long.MIN_VALUE;
    private long width;

    public Decimator(int capacity, long initialWidth) {
        this.capacity = capacity;
        this.width = Math.max(1, initialWidth);
        min = new double[capacity];
        max = new double[capacity];
        last = new double[capacity];
        used = new boolean[capacity];
    }

    public void add(long x, double value) {
        if (origin == Long.MIN_VALUE) {
            origin = x;
        }
        if (x < origin) {
            x = origin; // a trace running backwards in time: keep the value at the start
        }
        long index = (x - origin) / width;
        while (index >= capacity) {
            merge();
            index = (x - origin) / width;
        }
        int i = (int) index;
        if (!used[i]) {
            used[i] = true;
            min[i] = value;
            max[i] = value;
        } else {
            min[i] = Math.min(min[i], value);
            max[i] = Math.max(max[i], value);
        }
        last[i] = value;
    }

    private void merge() {
        for (int i = 0; i < capacity; i++) {
            int a = 2 * i;
            int b = a + 1;
            boolean ua = a < capacity && used[a];
            boolean ub = b < capacity && used[b];
            if (ua && ub) {
                min[i] = Math.min(min[a], min[b]);
                max[i] = Math.max(max[a], max[b]);
                last[i] = last[b];
            } else if (ua) {
                min[i] = min[a];
                max[i] = max[a];
                last[i] = last[a];
            } else if (ub) {
                min[i] = min[b];
                max[i] = max[b];
                last[i] = last[b];
            }
            used[i] = ua || ub;
        }
        width *= 2;
    }

    public boolean isEmpty() {
        return origin == Long.MIN_VALUE;
    }

    /** The buckets in use, x at each bucket's start. */
    public List<SeriesPoint> points() {
        List<SeriesPoint> points = new ArrayList<>();
        for (int i = 0; i < capacity; i++) {
            if (used[i]) {
                points.add(new SeriesPoint(origin + i * width, min[i], max[i], last[i]));
            }
        }
        return points;
    }
}
