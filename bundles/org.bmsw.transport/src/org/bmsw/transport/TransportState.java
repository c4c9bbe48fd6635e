package org.bmsw.transport;

/** Where a {@link Transport} is in its life. */
public enum TransportState {
    /** Not open: never opened, or closed by its owner. */
    CLOSED,
    /** {@link Transport#open()} is running (port opened, adapter being set up). */
    OPENING,
    /** Receiving and able to send. */
    OPEN,
    /**
     * The port went away without being asked to (USB adapter unplugged, the far end of a pty gone, TCP peer
     * closed). Everything received before is delivered; {@link Transport#open()} may be tried again.
     */
    LOST;
}
