package org.bmsw.sim;

import org.bmsw.transport.TransmitRefusedException;

/** A simulated battery was about to transmit towards real equipment without the user's acknowledgement. */
public final class UnsafeTargetException extends TransmitRefusedException {

    private static final long serialVersionUID = 1L;

    /** @param port the port that needs the acknowledgement */
    public UnsafeTargetException(String port, String message) {
        super(port, message);
    }
}
