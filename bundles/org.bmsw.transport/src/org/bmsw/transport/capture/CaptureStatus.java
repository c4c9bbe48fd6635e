package org.bmsw.transport.capture;

import org.bmsw.transport.TransportState;

/**
 * Where a {@link LiveCapture} stands.
 *
 * @param frames records received and stored
 * @param errors error frames received plus records that could not be stored or decoded
 * @param elapsedNs time since {@link LiveCapture#start()}
 * @param transportState the port's state: {@link TransportState#LOST} while it is away
 * @param storedRecords records in the store file, flushed or not
 */
public record CaptureStatus(long frames, long errors, long elapsedNs, TransportState transportState,
        long storedRecords) {

    /** Mean frames per second since the start. */
    public double framesPerSecond() {
        return frames / Math.max(elapsedNs / 1e9, 1e-3);
    }
}
