package org.bmsw.transport.capture;

import org.bmsw.core.state.BatteryState;
import org.bmsw.transport.StateEvent;

/**
 * Told what a {@link LiveCapture} did, on its own thread (a UI hands it over to its display thread). Both methods
 * must return quickly: the capture waits for them.
 */
public interface LiveCaptureListener {

    /** After each flush (every {@value LiveCapture#FLUSH_MS} ms): the store file now holds every frame counted. */
    void flushed(CaptureStatus status, BatteryState state);

    /** The port went away ({@code LOST}), came back ({@code OPEN}) or was closed. */
    default void portChanged(StateEvent event) {
    }
}
