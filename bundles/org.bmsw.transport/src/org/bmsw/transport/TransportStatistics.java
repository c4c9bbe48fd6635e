package org.bmsw.transport;

/**
 * Counters since the transport was created, for status lines ("frames, rate, errors").
 *
 * @param recordsReceived records delivered to listeners
 * @param recordsSent records written by {@link Transport#send}
 * @param bytesReceived raw bytes read from the port (including adapter replies and garbage)
 * @param malformedInputs pieces of input that could not be understood and were skipped (garbage lines,
 *        error replies outside a command)
 * @param listenerFailures exceptions thrown by listeners
 */
public record TransportStatistics(long recordsReceived, long recordsSent, long bytesReceived, long malformedInputs,
        long listenerFailures) {
}
