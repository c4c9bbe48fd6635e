package org.bmsw.sim;

import java.time.Duration;

/** A clock that only moves when told to: {@link #sleepUntil} jumps to the target at once. Thread-safe. */
public final class ManualClock implements SimClock {

    private volatile long nanos;

    @Override
    public long nanos() {
        return nanos;
    }

    @Override
    public synchronized void sleepUntil(long targetNanos) {
        if (targetNanos > nanos) {
            nanos = targetNanos;
        }
    }

    /** Sets the time to {@code seconds} since the start (never backwards). */
    public void setSeconds(double seconds) {
        sleepUntil(Math.round(seconds * 1e9));
    }

    public void advance(Duration duration) {
        sleepUntil(nanos + duration.toNanos());
    }
}
