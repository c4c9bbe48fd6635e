package org.bmsw.transport;

import java.io.IOException;

/**
 * A transport failure a user can act on; the message always names the port or URI, e.g.
 * {@code "/dev/ttyUSB0: no such port (ports found: ttyS0, ttyACM0)"} or
 * {@code "slcan:/dev/ttyACM0: adapter answered BEL to S6"}.
 */
public class TransportException extends IOException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
