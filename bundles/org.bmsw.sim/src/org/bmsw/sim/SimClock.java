package org.bmsw.sim;

import java.util.concurrent.locks.LockSupport;

/**
 * The time a simulator runs on, in nanoseconds since the simulation started. {@link #system()} follows the
 * monotonic clock; a {@link ManualClock} jumps, so a test runs an hour of scenario in milliseconds.
 */
public interface SimClock {

    /** Nanoseconds since this clock's start. */
    long nanos();

    /** Returns once {@link #nanos()} has reached {@code targetNanos} (at once when it has). */
    void sleepUntil(long targetNanos) throws InterruptedException;

    /** Real time, from {@link System#nanoTime()}, starting at 0 now. */
    static SimClock system() {
        long start = System.nanoTime();
        return new SimClock() {
            @Override
            public long nanos() {
                return System.nanoTime() - start;
            }

            @Override
            public void sleepUntil(long targetNanos) throws InterruptedException {
                long left;
                while ((left = targetNanos - nanos()) > 0) {
                    LockSupport.parkNanos(left);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
        };
    }
}
