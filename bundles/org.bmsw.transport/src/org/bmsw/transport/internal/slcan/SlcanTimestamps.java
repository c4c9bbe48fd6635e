package org.bmsw.transport.internal.slcan;

import org.bmsw.transport.spi.slcan.SlcanCodec;

/**
 * Turns the adapter's millisecond timestamps (0-59999, wrapping each minute) into epoch nanoseconds. The
 * first frame anchors the adapter clock to the wall clock at its arrival; later frames advance from the
 * previous one by the adapter's delta, which keeps the adapter's finer spacing between frames that arrived
 * in one USB batch. The number of wraps between two frames is taken from the wall clock, so a silence longer
 * than a minute does not shift the times. When the two clocks drift apart by more than
 * {@link #MAX_DRIFT_NS}, the adapter clock is anchored again.
 */
final class SlcanTimestamps {

    static final int WRAP_MS = SlcanCodec.TIMESTAMP_WRAP_MS;
    static final long MAX_DRIFT_NS = 1_000_000_000L;
    private static final long NS_PER_MS = 1_000_000L;

    private boolean anchored;
    private int lastAdapterMs;
    private long lastTimestampNs;

    /** The timestamp for a frame stamped {@code adapterMs} by the adapter that arrived at {@code arrivalNs}. */
    long timestampNs(int adapterMs, long arrivalNs) {
        if (anchored) {
            long arrivalDeltaMs = (arrivalNs - lastTimestampNs) / NS_PER_MS;
            int deltaWithinMinuteMs = Math.floorMod(adapterMs - lastAdapterMs, WRAP_MS);
            long wraps = Math.max(0, Math.round((arrivalDeltaMs - deltaWithinMinuteMs) / (double) WRAP_MS));
            long candidateNs = lastTimestampNs + (deltaWithinMinuteMs + wraps * WRAP_MS) * NS_PER_MS;
            if (Math.abs(candidateNs - arrivalNs) <= MAX_DRIFT_NS) {
                lastAdapterMs = adapterMs;
                lastTimestampNs = candidateNs;
                return candidateNs;
            }
        }
        anchored = true;
        lastAdapterMs = adapterMs;
        lastTimestampNs = arrivalNs;
        return arrivalNs;
    }
}
