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
 * @param droppedByAdapter frames the adapter or the kernel reported dropping before this program read them
 *        (SocketCAN's receive-queue overflow counter); 0 where the transport cannot tell
 */
public record TransportStatistics(long recordsReceived, long recordsSent, long bytesReceived, long malformedInputs,
        long listenerFailures, long droppedByAdapter) {

    /** Counters of a transport that cannot see the adapter's or the kernel's drops. */
    public TransportStatistics(long recordsReceived, long recordsSent, long bytesReceived, long malformedInputs,
            long listenerFailures) {
        this(recordsReceived, recordsSent, bytesReceived, malformedInputs, listenerFailures, 0);
    }
}
