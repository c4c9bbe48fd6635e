package org.bmsw.transport.spi.slcan;

import java.nio.charset.StandardCharsets;

/**
 * Turns the bytes an SLCAN adapter sends into frames and replies, whatever the read boundaries: a line may
 * arrive in pieces or several in one read. CR ends a line (an empty line is the OK reply), BEL is the error
 * reply; LF also ends a non-empty line and is otherwise ignored, so CRLF endings work. Garbage is skipped and
 * reported without losing the frames around it: a line that does not parse is dropped up to its end, and
 * because {@code t T r R} are not hex digits, a frame that starts in the middle of garbage is recognised from
 * its first letter.
 * Not thread-safe: fed by the reader thread only.
 *
 * @since 0.1.0
 */
public final class SlcanFramer {

    /** What the framer found, called on the thread that calls {@link SlcanFramer#accept}. */
    public interface Handler {
        void frame(SlcanFrame frame);

        /** The adapter answered CR: the last command succeeded. */
        void okReply();

        /** The adapter answered BEL: the last command failed. */
        void errorReply();

        /** {@code z}/{@code Z}: a LAWICEL adapter acknowledging a transmitted frame. */
        void transmitAcknowledged();

        /** Input skipped, with the reason, e.g. {@code "t12X0: bad hex digit 'X'"}. */
        void malformed(String input, String reason);

        /**
         * {@code Fxx}: the adapter's status flags, its answer to {@code F} (LAWICEL: bit 2 error warning, 3 data
         * overrun, 5 error passive, 6 arbitration lost, 7 bus error). Ignored unless a handler asks for them.
         */
        default void statusFlags(int flags) {
        }
    }

    /** Longest line kept: a 29-bit CAN FD frame with 64 bytes and a timestamp is 1+8+1+128+4 = 142 chars. */
    static final int MAX_LINE_LENGTH = 160;
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte BEL = 0x07;

    private final Handler handler;
    private final byte[] line = new byte[MAX_LINE_LENGTH];
    private int lineLength;
    private boolean overflowing;

    public SlcanFramer(Handler handler) {
        this.handler = handler;
    }

    /** Frames {@code length} bytes from {@code offset}; a line may continue in the next call. */
    public void accept(byte[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(buffer[i]);
        }
    }

    private void accept(byte b) {
        switch (b) {
        case CR -> endLine();
        case LF -> {
            if (lineLength > 0 || overflowing) {
                endLine(); // a line ended by LF alone; the LF of a CRLF finds the line empty and is ignored
            }
        }
        case BEL -> {
            dropPartialLine("BEL inside a line");
            handler.errorReply();
        }
        default -> {
            if (isFrameStart(b) && lineLength > 0 && !overflowing) {
                dropPartialLine("frame start '" + (char) b + "' inside a line");
            }
            if (overflowing) {
                return;
            }
            if (lineLength == MAX_LINE_LENGTH) {
                overflowing = true;
                return;
            }
            line[lineLength++] = b;
        }
        }
    }

    private static boolean isFrameStart(byte b) {
        return b == 't' || b == 'T' || b == 'r' || b == 'R';
    }

    private void dropPartialLine(String reason) {
        if (lineLength > 0 || overflowing) {
            handler.malformed(lineText(), reason);
        }
        lineLength = 0;
        overflowing = false;
    }

    private String lineText() {
        return new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
    }

    private void endLine() {
        if (overflowing) {
            handler.malformed(lineText() + "...", "line longer than " + MAX_LINE_LENGTH + " characters");
        } else if (lineLength == 0) {
            handler.okReply();
        } else {
            parseLine();
        }
        lineLength = 0;
        overflowing = false;
    }

    private void parseLine() {
        char kind = (char) line[0];
        if (lineLength == 1 && (kind == 'z' || kind == 'Z')) {
            handler.transmitAcknowledged();
            return;
        }
        if (lineLength == 3 && kind == 'F' && Character.digit(line[1], 16) >= 0 && Character.digit(line[2], 16) >= 0) {
            handler.statusFlags(Character.digit(line[1], 16) << 4 | Character.digit(line[2], 16));
            return;
        }
        SlcanFrame frame;
        try {
            frame = SlcanCodec.decode(line, lineLength);
        } catch (SlcanCodec.MalformedLineException e) {
            handler.malformed(lineText(), e.getMessage());
            return;
        }
        handler.frame(frame);
    }
}
