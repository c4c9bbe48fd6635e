package org.bmsw.transport;

/**
 * A change of a transport's state: opened, closed, or lost.
 *
 * @param uri the transport's address, as given to the registry
 * @param state the new state
 * @param reason why, naming the port, e.g. {@code "serial:/dev/ttyUSB0: port lost (read failed, errno 5)"}
 * @param timestampNs wall-clock time of the change, nanoseconds since the Unix epoch
 */
public record StateEvent(String uri, TransportState state, String reason, long timestampNs) {
}
