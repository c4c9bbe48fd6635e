package org.bmsw.transport;

/**
 * Told when a transport opens, closes or is lost. Called on the thread that caused the change (the caller of
 * open/close, or the port's reader thread for a loss). It must return quickly and must not call
 * {@link Transport#open()} or {@link Transport#close()} of the same transport: close joins the reader thread,
 * so a capture that wants to resume after a loss does so from a thread of its own.
 */
@FunctionalInterface
public interface StateListener {
    void stateChanged(StateEvent event);
}
