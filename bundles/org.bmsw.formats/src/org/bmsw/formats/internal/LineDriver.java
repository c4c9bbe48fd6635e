package org.bmsw.formats.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormatException;

/**
 * Feeds a text trace to a {@link LineParser} line by line from large byte chunks: no String and no object per
 * line, any file size (read in 8 MiB chunks at 64-bit positions), line ends {@code \n},
 * {@code \r\n} in any mix, or old-Mac {@code \r} when the file has no {@code \n} at all.
 */
public final class LineDriver {

    static final int CHUNK_BYTES = 8 << 20;
    /** The problem kind of a line that made the parser or the sink fail unexpectedly. */
    public static final String INTERNAL_ERROR = "internal error";

    private final Path file;
    private final String fileLabel;
    private final LineParser parser;
    private final ReadOptions options;
    private long lineNumber;
    private long frames;
    private long ignored;
    private long skipped;
    private final Map<String, Long> skippedByReason = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private String note = "";

    public LineDriver(Path file, LineParser parser, FrameSink sink, ReadOptions options) {
        this.file = file;
        this.fileLabel = file.toString();
        this.parser = parser;
        this.options = options;
        parser.setSink(sink);
    }

    public ReadReport run() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            // a small file gets a buffer of its size: readers of many small files do not churn 16 MiB each
            int chunkBytes = (int) Math.max(1, Math.min(CHUNK_BYTES, size));
            byte[] buffer = new byte[chunkBytes + 64]; // spare bytes for the parsers' 8-byte reads
            int filled = 0; // bytes of an unfinished line carried over from the previous chunk
            boolean carriageReturnLines = false;
            boolean discardingLongLine = false;
            long position = 0;
            // read() into one direct buffer, then one copy into the array the parsers work on: faster than
            // copying out of a mapping, whose page faults cost more than the copy (measured: ~4x on 320 MB)
            ByteBuffer direct = ByteBuffer.allocateDirect(chunkBytes);
            while (position < size) {
                int count = (int) Math.min(chunkBytes - filled, size - position);
                direct.clear().limit(count);
                while (direct.hasRemaining()) {
                    if (channel.read(direct, position + direct.position()) < 0) {
                        throw new java.io.EOFException(file + ": the file shrank while it was read");
                    }
                }
                direct.flip().get(buffer, filled, count);
                if (position == 0) {
                    carriageReturnLines = hasOnlyCarriageReturns(buffer, count);
                }
                if (carriageReturnLines) {
                    for (int i = filled; i < filled + count; i++) {
                        if (buffer[i] == '\r') {
                            buffer[i] = '\n';
                        }
                    }
                }
                position += count;
                filled += count;
                int lastNewline = lastIndexOf(buffer, filled, (byte) '\n');
                if (lastNewline < 0) {
                    if (filled == CHUNK_BYTES) { // one line fills the whole buffer: skip it up to its end
                        // (only a full-size buffer: a smaller one holds the whole file)
                        if (!discardingLongLine) {
                            lineNumber++;
                            problem("line too long", "line longer than " + (CHUNK_BYTES >> 20) + " MiB");
                        }
                        discardingLongLine = true;
                        filled = 0;
                    }
                    continue;
                }
                int from = 0;
                if (discardingLongLine) {
                    from = indexOf(buffer, 0, (byte) '\n') + 1;
                    discardingLongLine = false;
                }
                parseLines(buffer, from, lastNewline + 1);
                filled -= lastNewline + 1;
                System.arraycopy(buffer, lastNewline + 1, buffer, 0, filled);
                if (options.progressBytes() != null) {
                    options.progressBytes().accept(position);
                }
            }
            if (filled > 0 && !discardingLongLine) {
                note = "the last line has no line end";
                buffer[filled] = '\n';
                parseLines(buffer, 0, filled + 1);
            }
            if (options.progressBytes() != null) {
                options.progressBytes().accept(size);
            }
        }
        return new ReadReport(parser.format(), frames, lineNumber, ignored, skipped, skippedByReason, problems, note);
    }

    /** Parses the complete lines in {@code buffer[from, to)}; {@code buffer[to - 1]} is a line feed. */
    private void parseLines(byte[] buffer, int from, int to) throws IOException {
        LineParser lineParser = parser;
        int pos = from;
        while (pos < to) {
            int next;
            try {
                next = lineParser.fastLine(buffer, pos, to);
            } catch (RuntimeException e) {
                rethrowStop(e);
                next = -1; // the full parse below reports it
            }
            if (next > 0) {
                lineNumber++;
                frames++;
                pos = next;
                continue;
            }
            int newline = pos;
            while (buffer[newline] != '\n') {
                newline++;
            }
            int end = newline > pos && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            lineNumber++;
            int result;
            try {
                result = end == pos ? LineParser.IGNORED : lineParser.parseLine(buffer, pos, end);
            } catch (RuntimeException e) {
                rethrowStop(e);
                // a reader bug or a sink that refuses the frame: this line is lost, not the file
                result = LineParser.MALFORMED;
                lineParser.fail(INTERNAL_ERROR, "could not read the line (" + e + ")");
            }
            if (result == LineParser.FRAME) {
                frames++;
            } else if (result == LineParser.IGNORED) {
                ignored++;
            } else {
                problem(lineParser.problemKind(), lineParser.problem());
            }
            pos = newline + 1;
        }
    }

    private void problem(String kind, String reason) throws TraceFormatException {
        String message = fileLabel + ":" + lineNumber + ": " + reason;
        if (options.strict()) {
            throw new TraceFormatException(message);
        }
        skipped++;
        skippedByReason.merge(kind, 1L, Long::sum);
        if (problems.size() < options.maxListedProblems()) {
            problems.add(message);
        }
    }

    private static boolean hasOnlyCarriageReturns(byte[] buffer, int count) {
        boolean carriageReturn = false;
        for (int i = 0; i < count; i++) {
            if (buffer[i] == '\n') {
                return false;
            }
            carriageReturn |= buffer[i] == '\r';
        }
        return carriageReturn;
    }

    private static int lastIndexOf(byte[] buffer, int length, byte value) {
        for (int i = length - 1; i >= 0; i--) {
            if (buffer[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] buffer, int from, byte value) {
        for (int i = from; ; i++) {
            if (buffer[i] == value) {
                return i;
            }
        }
    }

    /**
     * A sink that asks to stop (the user cancelled, or the output it writes to failed, e.g. a closed pipe) stops the
     * read: only a line's own trouble is a problem of that line.
     */
    private static void rethrowStop(RuntimeException e) {
        if (e instanceof java.util.concurrent.CancellationException || e instanceof java.io.UncheckedIOException) {
            throw e;
        }
    }
}
