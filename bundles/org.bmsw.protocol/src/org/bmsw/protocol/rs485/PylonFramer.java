package org.bmsw.protocol.rs485;

import java.util.function.Consumer;

/**
 * Cuts a byte stream into Pylontech RS485 frames: a frame runs from {@code ~} to CR. Bytes outside frames are
 * counted and skipped; a frame may be split over any number of reads; a {@code ~} inside a frame restarts it (the
 * cut-off part is counted as skipped); a frame longer than the protocol allows is dropped.
 */
public final class PylonFramer {

    /** 1 SOI + 12 header + 4095 INFO + 4 CHKSUM + 1 EOI. */
    public static final int MAX_FRAME = 4113;

    private final StringBuilder frame = new StringBuilder(256);
    private boolean inFrame;
    private long skippedBytes;
    private long framesDropped;
    /** Bytes fed so far, and where the frame being read (or the last passed on) began in them. */
    private long position;
    private long frameOffset = -1;

    /** Feeds bytes; each complete frame goes to {@code out}, parsed and checked. */
    public void feed(byte[] bytes, int offset, int length, Consumer<PylonFrame> out) {
        for (int i = offset; i < offset + length; i++, position++) {
            int b = bytes[i] & 0xFF;
            if (b == '~') {
                if (inFrame) {
                    skippedBytes += frame.length();
                }
                frameOffset = position;
                frame.setLength(0);
                frame.append('~');
                inFrame = true;
            } else if (!inFrame) {
                skippedBytes++;
            } else if (b == '\r') {
                frame.append('\r');
                out.accept(PylonFrame.parse(frame.toString()));
                frame.setLength(0);
                inFrame = false;
            } else {
                frame.append((char) b);
                if (frame.length() > MAX_FRAME) {
                    skippedBytes += frame.length();
                    framesDropped++;
                    frame.setLength(0);
                    inFrame = false;
                }
            }
        }
    }

    public void feed(byte[] bytes, Consumer<PylonFrame> out) {
        feed(bytes, 0, bytes.length, out);
    }

    /**
     * Where the frame last passed to the consumer began, counted in bytes from the first byte fed (0-based):
     * during the consumer's call, the byte offset to report a problem of that frame at. -1 before any frame.
     */
    public long frameOffset() {
        return frameOffset;
    }

    /** Bytes fed so far. */
    public long position() {
        return position;
    }

    /** Bytes that were not part of a complete frame. */
    public long skippedBytes() {
        return skippedBytes;
    }

    /** Frames dropped for exceeding {@link #MAX_FRAME}. */
    public long framesDropped() {
        return framesDropped;
    }

    /** True while a frame has started and not ended. */
    public boolean hasPartialFrame() {
        return inFrame;
    }
}
