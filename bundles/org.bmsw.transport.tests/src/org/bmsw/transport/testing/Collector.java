package org.bmsw.transport.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.RecordListener;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.StateListener;

/** Keeps every record and state event a transport reports, for assertions. */
public final class Collector implements RecordListener, StateListener {

    private final List<TraceRecord> records = new ArrayList<>();
    private final List<StateEvent> events = new ArrayList<>();

    @Override
    public synchronized void recordReceived(TraceRecord record) {
        records.add(record);
        notifyAll();
    }

    @Override
    public synchronized void stateChanged(StateEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<TraceRecord> records() {
        return new ArrayList<>(records);
    }

    public synchronized int recordCount() {
        return records.size();
    }

    public synchronized List<StateEvent> events() {
        return new ArrayList<>(events);
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public synchronized void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; records " + records.size() + ", events " + events);
            }
            try {
                wait(Math.min(leftMs, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public void awaitRecords(int count, Duration timeout) {
        await(count + " records", timeout, () -> records.size() >= count);
    }
}
