package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;

/**
 * {@code bmsw convert IN OUT [--to FORMAT] [--json] [--strict]}: reads any supported trace (format from the
 * content) and writes it as candump log, ASC, CSV, serial dump or trace store. The output format comes from
 * {@code --to}, else from OUT's extension. A failed conversion removes the half-written OUT.
 */
final class ConvertCommand implements Command {

    static final String NAME = "convert";

    private static final Map<String, TraceFormat> BY_EXTENSION = Map.of("log", TraceFormat.CANDUMP_LOG, "candump",
            TraceFormat.CANDUMP_LOG, "asc", TraceFormat.VECTOR_ASC, "csv", TraceFormat.SAVVYCAN_CSV, "bmst",
            TraceFormat.STORE, "dump", TraceFormat.SERIAL_DUMP);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "convert a trace file to candump log, ASC, CSV, serial dump or the trace store";
    }

    @Override
    public String usage() {
        return """
                Usage: bmsw convert IN OUT [--to FORMAT] [--json] [--strict]

                Reads IN (any format bmsw info reads, told from the content) and writes OUT.
                  --to FORMAT  candump | asc | csv | serial | store; without it, from OUT's extension
                               (.log .candump .asc .csv .dump .bmst)
                  --json       print the result as one JSON object
                  --strict     stop at the first malformed line (exit code 1, OUT removed)
                Malformed lines are skipped and reported as file:line: reason; frames OUT's format cannot hold
                (e.g. CAN FD in CSV) are counted and reported, never changed.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        TraceCommands.Arguments parsed = TraceCommands.parse(args, true);
        if (parsed.error != null || parsed.positional.size() != 2) {
            err.println("bmsw convert: " + (parsed.error != null ? parsed.error : "needs IN and OUT") + "\n" + usage());
            return CommandLine.EXIT_USAGE;
        }
        Path in = Path.of(parsed.positional.get(0));
        Path outFile = Path.of(parsed.positional.get(1));
        TraceFormat format = outputFormat(parsed.to, outFile);
        if (format == null || !format.canWrite()) {
            err.println("bmsw convert: " + (parsed.to != null ? "cannot write format '" + parsed.to + "'"
                    : "cannot tell the output format from '" + outFile.getFileName() + "'")
                    + "; use --to candump|asc|csv|serial|store");
            return CommandLine.EXIT_USAGE;
        }
        if (!Files.isRegularFile(in)) {
            err.println("bmsw convert: " + in + ": no such file");
            return CommandLine.EXIT_FAILED;
        }
        try {
            if (Files.exists(outFile) && Files.isSameFile(in, outFile)) {
                err.println("bmsw convert: IN and OUT are the same file");
                return CommandLine.EXIT_USAGE;
            }
        } catch (IOException e) {
            err.println("bmsw convert: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        }
        Traces.Conversion result;
        ProgressBar progress = null;
        try {
            progress = ProgressBar.forFile(err, Files.size(in), "converting " + in.getFileName());
            ReadOptions options = parsed.strict ? ReadOptions.STRICT : ReadOptions.LENIENT;
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
            return CommandLine.EXIT_FAILED;
        }
        if (progress != null) {
            progress.finish();
        }
        if (parsed.json) {
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
        return CommandLine.EXIT_OK;
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
