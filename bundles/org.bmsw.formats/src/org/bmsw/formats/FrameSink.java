package org.bmsw.formats;

import org.bmsw.core.record.BusKind;

/**
 * Receives the frames a reader parses, without one object per frame: the payload array is the reader's own
 * buffer and is only valid during the call.
 */
public interface FrameSink {

    /** A channel seen for the first time. Indexes are dense from 0, in order of first appearance. */
    void channel(int channelIndex, String name, BusKind bus) throws java.io.IOException;

    /**
     * One frame (or serial chunk), already checked against the rules of {@link org.bmsw.core.record.TraceRecord}.
     *
     * @param flags {@link org.bmsw.core.record.FrameFlags} bits
     */
    void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int payloadOffset,
            int length) throws java.io.IOException;
}
