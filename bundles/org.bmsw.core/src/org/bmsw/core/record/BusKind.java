package org.bmsw.core.record;

/** The kind of link a {@link TraceRecord} was captured on. */
public enum BusKind {
    /** Classic CAN or CAN FD frames (SocketCAN, SLCAN adapters, trace files). */
    CAN,
    /** Bytes from a serial line (RS485/RS232), one record per chunk received between pauses. */
    SERIAL;
}
