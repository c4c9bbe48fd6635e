package org.bmsw.sim;

import org.bmsw.transport.TransportException;

/** A simulated battery was about to transmit towards real equipment without the user's acknowledgement. */
public final class UnsafeTargetException extends TransportException {

    private static final long serialVersionUID = 1L;

    public UnsafeTargetException(String message) {
        super(message);
    }
}
