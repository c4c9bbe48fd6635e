package org.bmsw.formats.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.TraceFormatException;

/**
 * Tells the format from the first 64 KiB of content, never from the file name: the store's magic bytes, then
 * header lines ({@code ;$FILEVERSION}, ASC {@code date}/{@code base}, the CSV header, the serial dump header),
 * then a vote: each text parser parses the first 200 lines that are not blank, and the one that reads the most
 * frames wins (ties go to the earlier format in {@link TraceFormat}).
 */
public final class FormatDetector {

    static final int SAMPLE_BYTES = 64 * 1024;
    private static final int SAMPLE_LINES = 200;

    private FormatDetector() {
    }

    public static TraceFormat detect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            byte[] sample = read(channel, position);
            // leading blank lines longer than a sample: start the sample at the first line with content
            while (isBlank(sample) && position + sample.length < channel.size()) {
                position += sample.length;
                sample = read(channel, position);
            }
            int start = 0;
            while (start < sample.length && isBlankByte(sample[start])) {
                start++;
            }
            if (start > 0) {
                sample = read(channel, position + start);
            }
            return detect(sample, file.toString());
        }
    }

    /** Up to {@link #SAMPLE_BYTES} from {@code position}. */
    private static byte[] read(FileChannel channel, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, Math.min(SAMPLE_BYTES, channel.size() - position)));
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // fill the sample
        }
        return buffer.array();
    }

    private static boolean isBlankByte(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean isBlank(byte[] sample) {
        for (byte b : sample) {
            if (!isBlankByte(b)) {
                return false;
            }
        }
        return true;
    }

    static TraceFormat detect(byte[] sample, String label) throws TraceFormatException {
        if (TraceStore.hasMagic(ByteBuffer.wrap(sample))) {
            return TraceFormat.STORE;
        }
        if (isBlank(sample)) {
            return TraceFormat.EMPTY;
        }
        int controlBytes = 0;
        for (byte b : sample) {
            if ((b >= 0 && b < 32 && !isBlankByte(b)) || b == 127) {
                controlBytes++;
            }
        }
        if (controlBytes > sample.length / 100 + 1) {
            throw new TraceFormatException(label + ": binary content, not a known trace format (" + controlBytes
                    + " control bytes in the first " + sample.length + ")");
        }
        String head = new String(sample, 0, Math.min(sample.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
        if (head.contains(";$FILEVERSION=")) {
            return TraceFormat.PCAN_TRC;
        }
        if (head.startsWith("Time Stamp,ID,") || head.contains("\nTime Stamp,ID,")) {
            return TraceFormat.SAVVYCAN_CSV;
        }
        if (head.startsWith("# bmsw serial dump")) {
            return TraceFormat.SERIAL_DUMP;
        }
        if ((head.startsWith("date ") || head.contains("\ndate ")) && head.contains("\nbase ")) {
            return TraceFormat.VECTOR_ASC;
        }
        TraceFormat best = null;
        long bestFrames = 0;
        for (TraceFormat format : new TraceFormat[] { TraceFormat.CANDUMP_LOG, TraceFormat.CANDUMP_CONSOLE,
                TraceFormat.VECTOR_ASC, TraceFormat.PCAN_TRC, TraceFormat.SAVVYCAN_CSV, TraceFormat.SERIAL_DUMP }) {
            long frames = countFrames(parserFor(format), sample);
            if (frames > bestFrames) {
                best = format;
                bestFrames = frames;
            }
        }
        if (best == null) {
            String firstLine = head.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
            throw new TraceFormatException(label + ":1: not a known trace format (candump, ASC, TRC, SavvyCAN CSV,"
                    + " serial dump or trace store); first line: '"
                    + (firstLine.length() > 60 ? firstLine.substring(0, 60) + "…" : firstLine) + "'");
        }
        return best;
    }

    private static long countFrames(LineParser parser, byte[] sample) {
        long[] frames = { 0 };
        parser.setSink(new FrameSink() {
            @Override
            public void channel(int channelIndex, String name, BusKind bus) {
            }

            @Override
            public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                    int payloadOffset, int length) {
                frames[0]++;
            }
        });
        int lines = 0;
        int pos = 0;
        // the sample may end inside a line: only lines with their line end count (unless there is just one)
        int limit = lastLineEnd(sample);
        while (pos < limit && lines < SAMPLE_LINES) {
            int end = pos;
            while (end < limit && sample[end] != '\n' && sample[end] != '\r') {
                end++;
            }
            if (end > pos) {
                lines++;
                try {
                    parser.parseLine(sample, pos, end);
                } catch (IOException | RuntimeException e) {
                    // a line this parser cannot read does not count for it
                }
            }
            pos = end + 1;
        }
        return frames[0];
    }

    private static int lastLineEnd(byte[] sample) {
        for (int i = sample.length - 1; i >= 0; i--) {
            if (sample[i] == '\n') {
                return i;
            }
        }
        return sample.length;
    }

    /** A new parser for a text format. */
    public static LineParser parserFor(TraceFormat format) {
        return switch (format) {
        case CANDUMP_LOG -> new CandumpLogParser();
        case CANDUMP_CONSOLE -> new CandumpConsoleParser();
        case VECTOR_ASC -> new AscParser();
        case PCAN_TRC -> new TrcParser();
        case SAVVYCAN_CSV -> new CsvParser();
        case SERIAL_DUMP -> new SerialDumpParser();
        default -> throw new IllegalArgumentException(format + " is not a line format");
        };
    }
}
