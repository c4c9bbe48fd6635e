package org.bmsw.transport;

/**
 * {@link TransmitInterlock} refused to let something transmit toward a port that may reach real equipment, because
 * nobody acknowledged that port by name. The message names the port and how to acknowledge it.
 *
 * @since 0.1.0
 */
public class TransmitRefusedException extends TransportException {

    private static final long serialVersionUID = 1L;

    private final String port;

    public TransmitRefusedException(String port, String message) {
        super(message);
        this.port = port;
    }

    /** The port that needs the acknowledgement, as the source URI names it, e.g. {@code /dev/ttyUSB0}. */
    public String port() {
        return port;
    }
}
