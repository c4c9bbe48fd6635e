package org.bmsw.transport.capture;

import org.bmsw.core.state.BatteryState;
import org.bmsw.transport.StateEvent;

/**
 * Told what a {@link LiveCapture} did, on its own thread (a UI hands it over to its display thread). The methods
 * must return quickly: the capture waits for them.
 */
public interface LiveCaptureListener {

    /** After each flush (every {@value LiveCapture#FLUSH_MS} ms): the store file now holds every frame counted. */
    void flushed(CaptureStatus status, BatteryState state);

    /** The port went away ({@code LOST}), came back ({@code OPEN}) or was closed. */
    default void portChanged(StateEvent event) {
    }

    /**
     * The capture stopped by itself: the store could not be written ({@link CaptureStatus#problem()} says why,
     * e.g. a full disk). The file holds every frame up to its last whole block; frames that arrive from now on are
     * counted as dropped until {@link LiveCapture#close()}, which the listener's owner should call.
     */
    default void stopped(CaptureStatus status) {
    }
}
