package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.ReportJson;
import org.bmsw.analysis.Severity;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.fleet.FleetAnalyzer;
import org.bmsw.engine.fleet.FleetEntry;
import org.bmsw.engine.fleet.FleetInputs;
import org.bmsw.engine.fleet.FleetSummary;
import org.bmsw.engine.fleet.FleetTrace;

/**
 * {@code bmsw analyze DIR|GLOB|TRACE... --summary fleet.json [--jobs N] [--json-dir DIR]}: many traces in one JVM
 * on N worker threads, each analysed as {@code bmsw analyze TRACE} analyses it, with each report's JSON in
 * {@code --json-dir} (the same bytes as {@code --json}) and the fleet summary. The work is
 * {@link FleetAnalyzer}'s; this class shows it: the progress bar, a line per trace, the exit code.
 */
final class FleetAnalyzeRun {

    private final AnalyzeCommand command;
    private final PrintStream out;
    private final PrintStream err;

    FleetAnalyzeRun(AnalyzeCommand command) {
        this.command = command;
        this.out = command.out;
        this.err = command.err;
    }

    /** Whether the command line names a fleet rather than one trace. */
    static boolean applies(AnalyzeCommand command) {
        Path first = command.input.trace;
        return command.summary != null || command.jsonDir != null || command.jobs != null
                || !command.moreTraces.isEmpty() || Files.isDirectory(first)
                || !Files.exists(first) && FleetInputs.isGlob(first.toString());
    }

    int run(Severity failOn) {
        String name = command.qualifiedName();
        refuseSingleTraceOptions();
        int jobs = command.jobs == null ? Runtime.getRuntime().availableProcessors() : command.jobs;
        if (jobs < 1) {
            throw command.usageError("--jobs takes a number of worker threads of at least 1, not " + jobs);
        }
        long heap = Runtime.getRuntime().maxMemory();
        int fitting = FleetAnalyzer.jobsWithinHeap(jobs, heap);
        if (fitting < jobs) {
            err.printf(java.util.Locale.ROOT, "%s: %d jobs, not %d: the heap (%d MB) has room for %d MB per job "
                    + "(more heap: BMSW_JAVA_OPTS=-Xmx...)%n", name, fitting, jobs, heap >> 20,
                    FleetAnalyzer.HEAP_PER_JOB >> 20);
            jobs = fitting;
        }
        TraceEngine engine = command.services.engine().get();
        DecoderRequest request = command.input.decoder.request();
        checkRequest(engine, request);

        List<String> arguments = new ArrayList<>();
        arguments.add(command.input.trace.toString());
        arguments.addAll(command.moreTraces);
        Path summary = command.summary == null ? null : Path.of(command.summary).toAbsolutePath().normalize();
        Path jsonDir = command.jsonDir == null ? null : Path.of(command.jsonDir).toAbsolutePath().normalize();
        FleetInputs.Listing listing;
        try {
            listing = FleetInputs.list(arguments, file -> {
                Path absolute = file.toAbsolutePath().normalize();
                return absolute.equals(summary) || jsonDir != null && absolute.startsWith(jsonDir);
            });
        } catch (UncheckedIOException e) {
            err.println(name + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        listing.problems().forEach(problem -> err.println(name + ": " + problem));
        List<FleetTrace> traces = listing.traces();
        if (traces.isEmpty()) {
            err.println(name + ": no traces to analyse");
            return Bmsw.EXIT_FAILED;
        }
        try {
            if (jsonDir != null) {
                Files.createDirectories(jsonDir);
            }
        } catch (IOException e) {
            err.println(name + ": cannot create " + command.jsonDir + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }

        FleetProgressBar progress = command.services.terminal() ? new FleetProgressBar(err, traces.size(),
                traces.stream().mapToLong(FleetTrace::sizeBytes).sum()) : null;
        FleetAnalyzer analyzer = new FleetAnalyzer(engine, request, PassOptions.DEFAULT
                .withChannel(command.input.channel).withStrict(command.input.strict.strict));
        long started = System.nanoTime();
        List<FleetEntry> entries;
        try {
            entries = analyzer.run(traces, jobs, (trace, result, done) -> {
                if (jsonDir != null && result.report() != null) {
                    writeReport(jsonDir.resolve(trace.name() + ".json"), result);
                }
                if (progress != null) {
                    progress.done(trace.sizeBytes());
                }
            });
        } catch (UncheckedIOException e) {
            err.println(name + ": cannot write a report: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        entries = FleetSummary.ordered(entries);
        if (summary != null) {
            try {
                Files.writeString(Path.of(command.summary), FleetSummary.toJson(entries), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println(name + ": cannot write " + command.summary + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
        printText(entries);
        long unreadable = entries.stream().filter(e -> !e.readable()).count();
        entries.stream().filter(e -> !e.readable()).forEach(e -> err.println(name + ": " + e.reason()));
        err.printf(java.util.Locale.ROOT, "%s: %d trace%s (%d unreadable) in %.1f s on %d job%s%n", name,
                entries.size(), entries.size() == 1 ? "" : "s", unreadable, seconds, jobs, jobs == 1 ? "" : "s");
        if (failOn != null && entries.stream().anyMatch(e -> e.worst().filter(s -> s.atLeast(failOn)).isPresent())) {
            err.println(name + ": findings at or above " + failOn.canonicalName() + " (--fail-on)");
            return Bmsw.EXIT_FINDINGS;
        }
        return unreadable > 0 ? Bmsw.EXIT_FAILED : Bmsw.EXIT_OK;
    }

    private void refuseSingleTraceOptions() {
        if (command.json != null) {
            throw command.usageError("--json FILE is one trace's report; for several traces give --json-dir DIR "
                    + "(and --summary FILE)");
        }
        for (Map.Entry<String, Object> option : Map.<String, Object>of("--report", nullToEmpty(command.report),
                "--expect", nullToEmpty(command.expect), "--cable", nullToEmpty(command.cable), "--battery",
                nullToEmpty(command.battery), "--inverter", nullToEmpty(command.inverter)).entrySet()) {
            if (!option.getValue().toString().isEmpty()) {
                throw command.usageError(option.getKey() + " applies to one trace, not to several (--summary)");
            }
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** An unknown protocol, variant or profile is a usage error before any trace is read, as for one trace. */
    private void checkRequest(TraceEngine engine, DecoderRequest request) {
        if (request.protocol() != null && request.profile() != null) {
            throw command.usageError("give --protocol or --profile, not both");
        }
        try {
            ResolvedDecoder decoder = engine.resolve(request, false);
            if (decoder.profile().isPresent() || !request.dbcOverlays().isEmpty()) {
                err.println(command.qualifiedName() + ": decoding with " + decoder.description());
            }
            decoder.notes().forEach(note -> err.println(command.qualifiedName() + ": " + note));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.USAGE) {
                throw command.usageError(e.getMessage());
            }
            // a profile without a CAN binding may still fit serial traces: each trace says so itself
        }
    }

    private static void writeReport(Path file, FleetAnalyzer.Analysed result) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, ReportJson.toJson(result.report()) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** One line per trace in name order, then per check how many traces and findings. */
    private void printText(List<FleetEntry> entries) {
        out.println("traces");
        int width = Math.min(48, entries.stream().mapToInt(e -> e.trace().length()).max().orElse(10));
        for (FleetEntry entry : entries) {
            String what;
            if (!entry.readable()) {
                what = entry.reason().startsWith(entry.trace() + ": ")
                        ? entry.reason().substring(entry.trace().length() + 2) : entry.reason();
            } else {
                String protocols = String.join(", ", entry.packs().stream().map(FleetEntry.Pack::protocol)
                        .distinct().toList());
                what = (protocols.isEmpty() ? "no battery decoded" : protocols) + ", " + entry.frames() + " frames"
                        + (entry.worstFindings().isEmpty() || entry.worst().filter(s -> s != Severity.INFO)
                                .isEmpty() ? "" : ": " + entry.worstFindings().get(0).check() + " "
                                        + entry.worstFindings().get(0).message());
            }
            out.printf("  %-10s %-" + width + "s %s%n", entry.verdict(), entry.trace(), what);
        }
        out.println();
        out.println("checks                           traces  findings");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) FleetSummary.toMap(entries).get("checks");
        for (Map<String, Object> check : checks) {
            out.printf("  %-30s %8s %9s%n", check.get("check"), check.get("traces"), check.get("findings"));
        }
    }

    /**
     * The fleet's progress on a terminal, as the trace commands draw theirs: one {@code \r}-redrawn line, at most
     * ten times a second, cleared at the end. Workers report from their threads.
     */
    static final class FleetProgressBar {
        private static final int WIDTH = 30;
        private final PrintStream out;
        private final int total;
        private final long totalBytes;
        private int done;
        private long bytesDone;
        private long lastDrawNs;
        private boolean drawn;

        FleetProgressBar(PrintStream out, int total, long totalBytes) {
            this.out = out;
            this.total = Math.max(1, total);
            this.totalBytes = totalBytes;
        }

        synchronized void done(long bytes) {
            done++;
            bytesDone += bytes;
            long now = System.nanoTime();
            if (drawn && now - lastDrawNs < 100_000_000L && done < total) {
                return;
            }
            lastDrawNs = now;
            drawn = true;
            out.print(render(done, bytesDone));
            out.flush();
        }

        String render(int tracesDone, long bytes) {
            double fraction = Math.min(1.0, (double) tracesDone / total);
            int filled = (int) Math.round(fraction * WIDTH);
            return String.format("\ranalyze [%s%s] %3d%%  %,d / %,d traces, %,d / %,d MB", "#".repeat(filled),
                    " ".repeat(WIDTH - filled), Math.round(fraction * 100), tracesDone, total, bytes >> 20,
                    totalBytes >> 20);
        }

        synchronized void finish() {
            if (drawn) {
                out.print("\r" + " ".repeat(WIDTH + 70) + "\r");
                out.flush();
            }
        }
    }
}
