package org.bmsw.transport.spi.slcan;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;

/**
 * A CAN frame as an SLCAN line carries it.
 *
 * @param identifier 11 or 29-bit identifier
 * @param flags {@link FrameFlags}: EXTENDED, RTR, FD, FD_BRS
 * @param data payload; for a remote frame, zeros of the requested length
 * @param adapterTimestampMs the adapter's 0-59999 ms timestamp, or -1 when the line has none
 * @since 0.1.0
 */
public record SlcanFrame(int identifier, int flags, byte[] data, int adapterTimestampMs) {

    /** The record of this frame, stamped {@code timestampNs} on {@code channel}. */
    public TraceRecord toRecord(long timestampNs, String channel) {
        return new TraceRecord(timestampNs, channel, BusKind.CAN, identifier, flags, data);
    }
}
