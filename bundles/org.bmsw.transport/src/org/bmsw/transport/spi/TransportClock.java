package org.bmsw.transport.spi;

/**
 * Where a transport's timestamps come from, in nanoseconds since the Unix epoch. Live transports use
 * {@link #wall()}; a test or a simulation hands {@link AbstractTransport} a clock of its own so that the times
 * on records and state events are known in advance.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TransportClock {

    /** Now, in nanoseconds since the Unix epoch; never steps backwards for the wall clock. */
    long epochNs();

    /** The wall clock, read cheaply and monotonically ({@link WallClock}). */
    static TransportClock wall() {
        return WallClock::epochNs;
    }
}
