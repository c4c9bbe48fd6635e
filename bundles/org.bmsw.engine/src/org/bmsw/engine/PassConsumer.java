package org.bmsw.engine;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;

/**
 * One of the things a pass over a trace feeds (the CLI's output, a state series, alarm episodes, the cable's
 * frame counts, the analysis): the engine reads and decodes each record once and hands every consumer what it
 * asks for, in record order. Consumers run on the pass's thread.
 */
public interface PassConsumer {

    /**
     * A record of the pass (of the chosen channel); rows count from 1 in the trace's order, every channel's records
     * counted, as reports show them.
     */
    default void record(TraceRecord record, long row) {
    }

    /**
     * Whether {@link #record} is wanted: when no consumer of a pass wants records or messages, the pass folds the
     * reader's frames into the state without making a record per frame.
     */
    default boolean wantsRecords() {
        return true;
    }

    /**
     * Whether {@link #message} is wanted: when no consumer of a pass wants messages or states, the pass does not
     * decode (e.g. the analysis, which decodes each channel itself).
     */
    default boolean wantsMessages() {
        return true;
    }

    /** A message the decoder completed with the record of {@code row}. */
    default void message(DecodedMessage message, long row) {
    }

    /** Whether {@link #stateChanged} is wanted: the state is built only for consumers that want it. */
    default boolean wantsState() {
        return false;
    }

    /** The battery state after the record of {@code row} changed it (it completed a message). */
    default void stateChanged(long row, long timeNs, BatteryState state) {
    }

    /** The pass is over: the decoder's final state and variant choices, what was read. */
    default void finish(PassResult result) {
    }
}
