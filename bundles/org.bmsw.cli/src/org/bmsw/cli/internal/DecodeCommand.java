package org.bmsw.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.bmsw.engine.PassConsumer;
import org.bmsw.protocol.DecodedMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bmsw decode TRACE [--protocol ID | --profile ID] [--dbc FILE...] [--channel NAME] [--format jsonl|csv] [--slice-ms N]
 * [--strict]}: every decoded message of a trace, as JSONL, as a time-sliced CSV, or as readable lines.
 */
@Command(name = DecodeCommand.NAME, description = "decode a trace into named signals (readable, JSONL or CSV)",
        footer = { "Decodes every frame of TRACE into messages with named signals; the battery's values use the",
                "canonical names (charge_voltage_limit_V, soc_pct, ...). Without --format: one line per message with",
                "its signals and units. Malformed lines are skipped and listed on stderr as file:line: reason, with",
                "their count." })
final class DecodeCommand extends BmswCommand {

    static final String NAME = "decode";

    /** What {@code --format} takes. */
    enum Format {
        jsonl, csv
    }

    @Mixin
    SharedOptions.TraceInput input = new SharedOptions.TraceInput();

    @Option(names = "--format", paramLabel = "FORMAT", description = { "jsonl: one JSON object per message: "
            + "{\"t\", \"channel\", \"id\", \"message\", \"signals\"}",
            "csv: one row per time slice, one column per signal with its unit in the name, values carried forward "
                    + "(per channel when several channels carry messages); text cells starting with = + - @ are "
                    + "quoted with a leading ' so spreadsheets do not run them as formulas" })
    Format format;

    private long sliceMs = 1000;

    DecodeCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Option(names = "--slice-ms", paramLabel = "N", description = "the CSV time slice in milliseconds, above 0 "
            + "(default 1000)")
    void sliceMs(String value) {
        if (value == null) {
            return; // picocli resetting to the default
        }
        long ms;
        try {
            ms = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            ms = 0;
        }
        if (ms <= 0) {
            throw usageError("--slice-ms takes a whole number of milliseconds above 0, not '" + value + "'");
        }
        sliceMs = ms;
    }

    @Override
    public Integer call() {
        TraceReading reading = new TraceReading(this);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        // JSONL is the bulk output (hundreds of bytes per frame): bytes straight into a large buffer
        JsonlWriter jsonl = format == Format.jsonl ? new JsonlWriter(out, 1 << 20) : null;
        WriterThread<DecodedMessage> jsonlThread = null;
        try {
            TraceReading.Prepared prepared = reading.prepare(input);
            DecodeOutput.CsvTable csv = format == Format.csv ? new DecodeOutput.CsvTable(sliceMs) : null;
            if (jsonl != null) { // formatted and written on the second core while the next frames are decoded
                jsonlThread = new WriterThread<>("bmsw-jsonl-writer", 2048, 4, jsonl, jsonl::flush);
            }
            Consumer<DecodedMessage> sink = csv != null ? csv : jsonlThread != null ? jsonlThread::accept
                    : lines(writer, DecodeOutput::textLine);
            reading.pass(prepared, new PassConsumer() {
                @Override
                public void message(DecodedMessage message, long row) {
                    sink.accept(message);
                }
            });
            if (csv != null) {
                csv.write(writer);
            }
            writer.flush();
            if (jsonlThread != null) {
                jsonlThread.finish(); // flushes
            }
            return Bmsw.EXIT_OK;
        } catch (TraceReading.Failure e) {
            flushQuietly(writer, jsonlThread);
            err.println("bmsw decode: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | UncheckedIOException e) {
            err.println("bmsw decode: cannot write the output: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
    }

    private static Consumer<DecodedMessage> lines(Writer writer,
            java.util.function.Function<DecodedMessage, String> format) {
        return message -> {
            try {
                writer.write(format.apply(message));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** What was decoded before a failure is still worth seeing. */
    private static void flushQuietly(Writer writer, WriterThread<DecodedMessage> jsonl) {
        try {
            writer.flush();
            if (jsonl != null) {
                jsonl.finish();
            }
        } catch (IOException | UncheckedIOException ignored) {
            // the failure being reported matters more
        }
    }
}
