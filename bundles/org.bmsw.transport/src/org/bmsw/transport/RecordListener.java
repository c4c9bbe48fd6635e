package org.bmsw.transport;

import org.bmsw.core.record.TraceRecord;

/**
 * Receives every record a transport reads, in arrival order, on the port's reader thread.
 * <p>
 * Contract: return quickly (well under a millisecond per record on average; hand slow work such as disk
 * writes or UI updates to a queue of your own). The reader thread is what empties the OS buffer: a listener
 * that blocks it makes the adapter or kernel drop bytes. An exception thrown by a listener is logged and
 * counted in {@link TransportStatistics#listenerFailures()}; the record still reaches the other listeners.
 * Calling {@link Transport#send} from here is fine; {@link Transport#open()} and {@link Transport#close()} are
 * not (close joins this very thread).
 * <p>
 * Modbus transports have no reader thread: they deliver each request and response on the thread that made
 * the request.
 */
@FunctionalInterface
public interface RecordListener {
    void recordReceived(TraceRecord record);
}
