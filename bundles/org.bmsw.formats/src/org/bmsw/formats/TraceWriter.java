package org.bmsw.formats;

import java.io.Closeable;

/**
 * Writes frames in one format. Frames the format cannot hold (a serial chunk in a CAN format, CAN FD in CSV, an
 * error frame's details in ASC) are counted, not written, and the first reason is kept.
 */
public interface TraceWriter extends FrameSink, Closeable {

    TraceFormat format();

    long framesWritten();

    /** Frames the format could not represent. */
    long framesNotWritten();

    /** Why the first of {@link #framesNotWritten()} was left out; empty when none was. */
    String notWrittenReason();
}
