package org.bmsw.sim.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.RecordListener;

/** Keeps the records a transport delivers; waits for a count with a liveness timeout. */
public final class Records implements RecordListener {

    private final List<TraceRecord> records = new ArrayList<>();

    @Override
    public synchronized void recordReceived(TraceRecord record) {
        records.add(record);
        notifyAll();
    }

    public synchronized List<TraceRecord> all() {
        return new ArrayList<>(records);
    }

    /** Waits until {@code count} records arrived; fails naming what came after {@code timeout}. */
    public synchronized List<TraceRecord> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (records.size() < count) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + count
                        + " records; got " + records.size());
            }
            wait(Math.min(leftMs, 50));
        }
        return new ArrayList<>(records);
    }
}
