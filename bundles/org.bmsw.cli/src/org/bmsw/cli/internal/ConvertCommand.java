package org.bmsw.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw convert IN OUT [--to FORMAT] [--json] [--strict]}: reads any supported trace (format from the
 * content) and writes it as candump log, ASC, CSV, serial dump or trace store. The output format comes from
 * {@code --to}, else from OUT's extension. A failed conversion removes the half-written OUT.
 */
@Command(name = ConvertCommand.NAME,
        description = "convert a trace file to candump log, ASC, CSV, serial dump or the trace store",
        footer = { "Reads IN (any format bmsw info reads, told from the content) and writes OUT. Malformed lines are",
                "skipped and reported as file:line: reason; frames OUT's format cannot hold (e.g. CAN FD in CSV)",
                "are counted and reported, never changed. A failed conversion removes the half-written OUT." })
final class ConvertCommand extends BmswCommand {

    static final String NAME = "convert";

    private static final Map<String, TraceFormat> BY_EXTENSION = Map.of("log", TraceFormat.CANDUMP_LOG, "candump",
            TraceFormat.CANDUMP_LOG, "asc", TraceFormat.VECTOR_ASC, "csv", TraceFormat.SAVVYCAN_CSV, "bmst",
            TraceFormat.STORE, "dump", TraceFormat.SERIAL_DUMP);

    /** The formats {@code --to} takes, for help and completion. */
    static final class Formats implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("candump", "asc", "csv", "serial", "store").iterator();
        }
    }

    @Parameters(index = "0", paramLabel = "IN", description = "the trace to read")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "the file to write")
    Path outFile;

    @Option(names = "--to", paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "${COMPLETION-CANDIDATES}; without it, from OUT's extension (.log .candump .asc .csv .dump "
                    + ".bmst)")
    String to;

    @Mixin
    SharedOptions.Json json = new SharedOptions.Json();

    @Mixin
    SharedOptions.Strict strict = new SharedOptions.Strict();

    ConvertCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        TraceFormat format = outputFormat(to, outFile);
        if (format == null || !format.canWrite()) {
            throw usageError((to != null ? "cannot write format '" + to + "'"
                    : "cannot tell the output format from '" + outFile.getFileName() + "'")
                    + "; use --to candump|asc|csv|serial|store");
        }
        if (!Files.isRegularFile(in)) {
            err.println("bmsw convert: " + in + ": no such file");
            return Bmsw.EXIT_FAILED;
        }
        try {
            if (Files.exists(outFile) && Files.isSameFile(in, outFile)) {
                throw usageError("IN and OUT are the same file");
            }
        } catch (IOException e) {
            err.println("bmsw convert: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        Traces.Conversion result;
        ProgressBar progress = null;
        try {
            progress = ProgressBar.forFile(err, Files.size(in), "converting " + in.getFileName());
            ReadOptions options = strict.strict ? ReadOptions.STRICT : ReadOptions.LENIENT;
            result = Traces.convert(in, outFile, format, progress == null ? options : options.withProgress(progress));
        } catch (IOException | RuntimeException e) {
            if (progress != null) {
                progress.finish();
            }
            try {
                Files.deleteIfExists(outFile);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            err.println("bmsw convert: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        if (progress != null) {
            progress.finish();
        }
        if (json.json) {
            out.println(ConvertJson.of(in, outFile, result));
        } else {
            out.println(in + " (" + result.read().format().displayName() + ", " + result.read().frames() + " frames) -> "
                    + outFile + " (" + format.displayName() + "): " + result.framesWritten() + " frames written");
            if (result.read().skippedLines() > 0) {
                out.println(result.read().skippedLines() + " malformed lines skipped:");
                for (Map.Entry<String, Long> reason : result.read().skippedByReason().entrySet()) {
                    out.println("  " + reason.getValue() + " x " + reason.getKey());
                }
                result.read().problems().forEach(problem -> out.println("  " + problem));
            }
            if (result.framesNotWritten() > 0) {
                out.println(result.framesNotWritten() + " frames not written: " + result.notWrittenReason());
            }
            if (!result.read().note().isEmpty()) {
                out.println("note: " + result.read().note());
            }
        }
        return Bmsw.EXIT_OK;
    }

    static TraceFormat outputFormat(String to, Path outFile) {
        if (to != null) {
            return TraceFormat.byId(to);
        }
        String name = outFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
