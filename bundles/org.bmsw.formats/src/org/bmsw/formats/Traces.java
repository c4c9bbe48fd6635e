package org.bmsw.formats;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.internal.AscWriter;
import org.bmsw.formats.internal.CandumpLogWriter;
import org.bmsw.formats.internal.CsvWriter;
import org.bmsw.formats.internal.FormatDetector;
import org.bmsw.formats.internal.LineDriver;
import org.bmsw.formats.internal.SerialDumpWriter;
import org.bmsw.formats.internal.StoreTraceReader;
import org.bmsw.formats.internal.StoreTraceWriter;

/** Entry points: detect a trace's format from its content, read it into a {@link FrameSink}, write, convert. */
public final class Traces {

    private Traces() {
    }

    /** The format of {@code file}, from its content; fails for binary garbage and unknown text. */
    public static TraceFormat detect(Path file) throws IOException {
        return FormatDetector.detect(file);
    }

    /**
     * Reads {@code file} (format detected from the content) into {@code sink}. Malformed lines are skipped and
     * counted, or, with {@link ReadOptions#strict()}, stop the read with a {@link TraceFormatException}
     * {@code file:line: reason}.
     */
    public static ReadReport read(Path file, FrameSink sink, ReadOptions options) throws IOException {
        return read(file, detect(file), sink, options);
    }

    /** Reads {@code file} as {@code format}, whatever its content looks like. */
    public static ReadReport read(Path file, TraceFormat format, FrameSink sink, ReadOptions options)
            throws IOException {
        return switch (format) {
        case STORE -> StoreTraceReader.read(file, sink, options);
        case EMPTY -> new ReadReport(TraceFormat.EMPTY, 0, 0, 0, 0, Map.of(), List.of(),
                Files.size(file) == 0 ? "" : "only blank lines");
        default -> new LineDriver(file, FormatDetector.parserFor(format), sink, options).run();
        };
    }

    /** Every frame of a small trace as records (allocates one object per frame: for tests and small files). */
    public static List<TraceRecord> readAll(Path file, ReadOptions options) throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        read(file, new FrameSink() {
            private final List<String> names = new ArrayList<>();
            private final List<BusKind> buses = new ArrayList<>();

            @Override
            public void channel(int channelIndex, String name, BusKind bus) {
                names.add(name);
                buses.add(bus);
            }

            @Override
            public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                    int payloadOffset, int length) {
                byte[] bytes = java.util.Arrays.copyOfRange(payload, payloadOffset, payloadOffset + length);
                records.add(new TraceRecord(timestampNs, names.get(channelIndex), buses.get(channelIndex), identifier,
                        flags, bytes));
            }
        }, options);
        return records;
    }

    /** A writer of {@code format} into a new file {@code path}. */
    public static TraceWriter writer(Path path, TraceFormat format) throws IOException {
        if (format == TraceFormat.STORE) {
            return new StoreTraceWriter(path, "");
        }
        return writer(new BufferedOutputStream(Files.newOutputStream(path), 1 << 16), format);
    }

    /** A writer of a text {@code format} into {@code out} (closed with the writer). */
    public static TraceWriter writer(OutputStream out, TraceFormat format) {
        return switch (format) {
        case CANDUMP_LOG -> new CandumpLogWriter(out);
        case VECTOR_ASC -> new AscWriter(out);
        case SAVVYCAN_CSV -> new CsvWriter(out);
        case SERIAL_DUMP -> new SerialDumpWriter(out);
        default -> throw new IllegalArgumentException("cannot write " + format.displayName() + " to a stream");
        };
    }

    /** Writes {@code records} in {@code format} to {@code path}, declaring channels in order of appearance. */
    public static TraceWriter write(Path path, TraceFormat format, List<TraceRecord> records) throws IOException {
        try (TraceWriter writer = writer(path, format)) {
            List<String> channels = new ArrayList<>();
            for (TraceRecord record : records) {
                int index = channels.indexOf(record.channel());
                if (index < 0) {
                    channels.add(record.channel());
                    index = channels.size() - 1;
                    writer.channel(index, record.channel(), record.bus());
                }
                byte[] payload = record.payload();
                writer.frame(record.timestampNs(), index, record.identifier(), record.flags(), payload, 0,
                        payload.length);
            }
            return writer;
        }
    }

    /**
     * Converts {@code in} (format from its content) to {@code out} in {@code format}.
     *
     * @return what reading found; the writer's counts are in {@code written}
     */
    public static Conversion convert(Path in, Path out, TraceFormat format, ReadOptions options) throws IOException {
        if (!format.canWrite()) {
            throw new IllegalArgumentException("cannot write " + format.displayName());
        }
        TraceFormat inputFormat = detect(in);
        ReadReport report;
        TraceWriter writer = writer(out, format);
        try (writer) {
            report = read(in, inputFormat, writer, options);
        }
        return new Conversion(report, format, writer.framesWritten(), writer.framesNotWritten(),
                writer.notWrittenReason());
    }

    /** The outcome of {@link #convert}. */
    public record Conversion(ReadReport read, TraceFormat outputFormat, long framesWritten, long framesNotWritten,
            String notWrittenReason) {
    }
}
