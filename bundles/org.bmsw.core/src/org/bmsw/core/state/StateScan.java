package org.bmsw.core.state;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;

/**
 * One pass over rows of a trace store, folding each record into a battery state (by a decoder the caller gives, so
 * this stays protocol-free) and handing every changed state to a sink: what feeds a {@link StateSeries} and an
 * alarm-episode tracker from a file of millions of frames, or from the rows a live capture just flushed.
 */
public final class StateScan {

    /** Receives the state after {@code row} (0-based) changed it. */
    @FunctionalInterface
    public interface Sink {
        void state(long row, long timeNs, BatteryState state);
    }

    private StateScan() {
    }

    /**
     * Decodes rows {@code from .. to-1} of {@code store}.
     *
     * @param decode folds a record in and returns the new state, or null when the record changed nothing
     * @param cancelled polled every 4096 rows
     * @param progress told the number of rows done every 4096 rows (may be null)
     * @return the row after the last one scanned: {@code to}, or less when cancelled
     */
    public static long scan(TraceStore store, long from, long to, Function<TraceRecord, BatteryState> decode,
            Sink sink, BooleanSupplier cancelled, java.util.function.LongConsumer progress) {
        Objects.requireNonNull(decode, "decode");
        Objects.requireNonNull(sink, "sink");
        long end = Math.min(to, store.size());
        if (from >= end) {
            return Math.max(from, end);
        }
        StoreCursor cursor = store.cursor();
        cursor.moveBefore(from);
        long row = from;
        while (row < end && cursor.next()) {
            BatteryState state = decode.apply(cursor.toRecord());
            if (state != null) {
                sink.state(row, cursor.timestampNs(), state);
            }
            row++;
            if ((row & 0xFFF) == 0) {
                if (progress != null) {
                    progress.accept(row - from);
                }
                if (cancelled != null && cancelled.getAsBoolean()) {
                    return row;
                }
            }
        }
        return row;
    }
}
