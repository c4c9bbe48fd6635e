package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.time.Instant;
import java.util.Map;

import org.bmsw.engine.TraceEngine;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.TraceSummary;
import org.bmsw.protocol.dbc.DbcDatabase;
import org.bmsw.protocol.dbc.DbcMessage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw info TRACE [--json] [--strict]}: format, frames, duration, channels, each identifier with its count
 * and mean period, and what was wrong with the file. Start-up cost matters here (the whole command should take
 * well under 1.5 s), so nothing heavy happens before the file is opened and Gson loads only for {@code --json}.
 */
@Command(name = InfoCommand.NAME, description = "describe a trace file: format, frames, duration, channels, identifiers, errors",
        footer = { "Reads TRACE and prints its format, frame count, duration, channels, every identifier with its",
                "frame count and mean period, and the lines it had to skip as file:line: reason.",
                "With --json: one JSON object instead of text." })
final class InfoCommand extends BmswCommand {

    static final String NAME = "info";

    @Parameters(index = "0", paramLabel = "TRACE", description = "candump log or console, Vector ASC, PCAN-View TRC, "
            + "SavvyCAN CSV, serial dump or trace store (the format is told from the content)")
    Path file;

    @Mixin
    SharedOptions.Json json = new SharedOptions.Json();

    @Mixin
    SharedOptions.Strict strict = new SharedOptions.Strict();

    @Option(names = "--dbc", paramLabel = "FILE", description = "name each identifier's message from a DBC file of "
            + "your own (repeatable; a later file's message wins; problems are listed as file:line:column)")
    List<Path> dbcs = new ArrayList<>();

    InfoCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        TraceSummary summary = new TraceSummary();
        ReadReport report;
        DbcDatabase names = null;
        try {
            TraceReading reading = new TraceReading(this);
            if (!dbcs.isEmpty()) {
                List<String> notes = new ArrayList<>();
                names = reading.call(() -> TraceEngine.readDbcs(dbcs, notes));
                notes.forEach(note -> err.println("bmsw info: " + note));
            }
            report = reading.scan(file, strict.strict, summary);
        } catch (TraceReading.Failure e) {
            err.println("bmsw info: " + e.getMessage());
            return e.exitCode;
        }
        Function<TraceSummary.IdentifierStats, String> message = messageNames(names);
        if (json.json) {
            out.println(InfoJson.of(file, report, summary, message));
        } else {
            printText(out, file, report, summary, message);
        }
        return Bmsw.EXIT_OK;
    }

    /** The DBC's message name of an identifier, or null (none given, or not defined there). */
    private static Function<TraceSummary.IdentifierStats, String> messageNames(DbcDatabase names) {
        if (names == null) {
            return id -> null;
        }
        return id -> {
            DbcMessage message = id.error() ? null : names.message(id.identifier(), id.extended());
            return message == null ? null : message.name();
        };
    }

    // padding by hand: java.util.Formatter would pull regex into every start-up
    private static String left(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static String right(String text, int width) {
        return text.length() >= width ? text : " ".repeat(width - text.length()) + text;
    }

    private static void printText(PrintStream out, Path file, ReadReport report, TraceSummary summary,
            Function<TraceSummary.IdentifierStats, String> message) {
        out.println("file        " + file);
        out.println("format      " + report.format().displayName());
        out.println("frames      " + summary.frames());
        if (summary.frames() > 0) {
            out.println("duration    " + duration(summary.durationNs()) + "  from "
                    + Instant.ofEpochSecond(0, summary.firstTimestampNs()) + " to "
                    + Instant.ofEpochSecond(0, summary.lastTimestampNs()));
        }
        StringBuilder channels = new StringBuilder();
        for (TraceSummary.ChannelStats channel : summary.channels()) {
            channels.append(channels.length() == 0 ? "" : ", ").append(channel.name()).append(" (")
                    .append(channel.bus()).append(", ").append(channel.frames()).append(" frames)");
        }
        out.println("channels    " + (channels.length() == 0 ? "-" : channels));
        out.println("errors      " + summary.errorFrames() + " error frames, " + report.skippedLines()
                + " lines skipped" + (report.lines() > 0 ? " of " + report.lines() : ""));
        for (Map.Entry<String, Long> reason : report.skippedByReason().entrySet()) {
            out.println("              " + reason.getValue() + " x " + reason.getKey());
        }
        for (String problem : report.problems()) {
            out.println("              " + problem);
        }
        if (!report.note().isEmpty()) {
            out.println("note        " + report.note());
        }
        // the busiest identifiers; a bus full of random 29-bit identifiers gets a line saying what is left out
        TraceSummary.IdentifierListing listing = summary.identifierListing(TraceSummary.TEXT_ROWS);
        if (!listing.rows().isEmpty() || !listing.remainderLines().isEmpty()) {
            out.println("identifiers");
            out.println("  " + left("channel", 10) + " " + left("id", 12) + " " + right("frames", 10) + " "
                    + right("mean period", 16));
            for (TraceSummary.IdentifierStats id : listing.rows()) {
                double periodMs = id.meanPeriodMs();
                String name = message.apply(id);
                out.println("  " + left(id.channel(), 10) + " " + left(id.identifierText(), 12) + " "
                        + right(Long.toString(id.count()), 10) + " "
                        + right(Double.isNaN(periodMs) ? "-" : decimals(periodMs, 3) + " ms", 16)
                        + (name == null ? "" : "  " + name));
            }
            for (String line : listing.remainderLines()) {
                out.println("  " + line);
            }
        }
        if (report.format() == TraceFormat.CANDUMP_CONSOLE && summary.frames() > 0 && summary.durationNs() == 0) {
            out.println("note        console candump without -t has no timestamps: no duration or periods");
        }
    }

    /** {@code 1234.567000 s}, with hours and minutes added for long spans: {@code 7384.5 s (2 h 03 min 04 s)}. */
    static String duration(long nanos) {
        String seconds = (nanos < 0 ? "-" : "") + Math.abs(nanos) / 1_000_000_000L + "."
                + pad(Math.abs(nanos) % 1_000_000_000L / 1000, 6) + " s";
        long whole = Math.abs(nanos) / 1_000_000_000L;
        return whole < 3600 ? seconds
                : seconds + " (" + whole / 3600 + " h " + pad(whole / 60 % 60, 2) + " min " + pad(whole % 60, 2) + " s)";
    }

    /** {@code value} rounded to {@code digits} decimals, without java.util.Formatter (start-up cost). */
    static String decimals(double value, int digits) {
        return new java.math.BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String pad(long value, int width) {
        String text = Long.toString(value);
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }
}
