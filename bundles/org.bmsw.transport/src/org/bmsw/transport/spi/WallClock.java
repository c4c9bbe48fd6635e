package org.bmsw.transport.spi;

import java.time.Instant;

/**
 * Wall-clock time in nanoseconds since the Unix epoch, read cheaply: one {@link Instant} at start, then the
 * monotonic {@link System#nanoTime()}, so record timestamps never step backwards when NTP adjusts the clock.
 * {@link TransportClock#wall()} is the same clock as a {@link TransportClock}.
 *
 * @since 0.1.0
 */
public final class WallClock {

    private static final long EPOCH_AT_START_NS;
    private static final long NANO_TIME_AT_START;

    static {
        Instant now = Instant.now();
        NANO_TIME_AT_START = System.nanoTime();
        EPOCH_AT_START_NS = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private WallClock() {
    }

    /** Now, in nanoseconds since the Unix epoch. */
    public static long epochNs() {
        return EPOCH_AT_START_NS + (System.nanoTime() - NANO_TIME_AT_START);
    }
}
