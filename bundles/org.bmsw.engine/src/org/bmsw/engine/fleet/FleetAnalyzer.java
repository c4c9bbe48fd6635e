package org.bmsw.engine.fleet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.ChannelReport;
import org.bmsw.analysis.CheckSummary;
import org.bmsw.analysis.Finding;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.TraceInput;
import org.bmsw.protocol.DecoderSpec;

/**
 * The analysis of many traces: each trace exactly as {@code bmsw analyze TRACE} analyses it (the engine opens it,
 * resolves the decoder under its one policy, and analyses it in one pass), on a number of worker threads in one
 * JVM, or one trace at a time from a Spark task. A trace that cannot be read becomes an entry with its reason and
 * never stops the run. Only the small {@link FleetEntry} of each trace is kept; the full report goes to a
 * {@link Listener} as soon as it is made, so memory stays that of one analysis per worker.
 */
public final class FleetAnalyzer {

    /** Findings per trace the summary lists. */
    public static final int WORST_FINDINGS = 3;

    /**
     * The battery state's canonical names that identify a battery ({@code BatteryState#toCanonicalMap}): its
     * {@link org.bmsw.core.state.Identity} texts in their order, taken from each pack's final state when its
     * protocol sent them; the summary, its text and the Spark job's Parquet follow this list.
     */
    static final List<String> IDENTITY_FIELDS = java.util.Arrays.stream(org.bmsw.core.state.Identity.values())
            .map(org.bmsw.core.state.Identity::canonicalName).toList();

    /**
     * The heap one worker may need: an analysis keeps its findings, plots and state (about 10 MB live for a
     * 10 MB trace) and allocates briskly; fewer workers are started than the heap has room for.
     */
    public static final long HEAP_PER_JOB = 64L << 20;

    /** A trace's entry and, when it was analysed, its full report (null otherwise). */
    public record Analysed(FleetEntry entry, AnalysisReport report) {
    }

    /** Told of each trace when it is done, on the worker's thread (so it must be thread-safe). */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param done how many traces are done, this one included
         */
        void done(FleetTrace trace, Analysed result, int done);
    }

    private final TraceEngine engine;
    private final DecoderRequest request;
    private final PassOptions passOptions;

    /**
     * @param request how to decode every trace ({@code --protocol}, {@code --profile}, {@code --dbc})
     * @param passOptions channel and strictness, as {@code bmsw analyze} passes them (no progress: the fleet
     *            counts traces)
     */
    public FleetAnalyzer(TraceEngine engine, DecoderRequest request, PassOptions passOptions) {
        this.engine = engine;
        this.request = request;
        // the fleet's threads are its workers: a trace is read on its worker's thread, not on one more per trace
        // (that thread would compete with the other workers for the same cores)
        this.passOptions = passOptions.withReadAhead(false);
    }

    /**
     * The workers a heap of {@code maxHeapBytes} has room for, at most {@code requested}, at least one: with
     * {@link #HEAP_PER_JOB} each, so that many workers on a small heap do not spend their time collecting it.
     */
    public static int jobsWithinHeap(int requested, long maxHeapBytes) {
        return (int) Math.max(1, Math.min(requested, maxHeapBytes / HEAP_PER_JOB));
    }

    /**
     * Analyses one trace as {@code bmsw analyze} does. Never throws for a bad trace: the entry says why.
     *
     * @param name the name the summary gives it; the reason of an unreadable trace names it instead of its path
     */
    public Analysed analyze(Path file, String name) {
        try {
            TraceInput input = engine.open(file);
            ResolvedDecoder decoder = engine.resolve(request, input);
            AnalysisReport report = engine.analyze(input, decoder, AnalysisOptions.of(DecoderSpec.AUTO),
                    passOptions);
            return new Analysed(entry(name, report), report);
        } catch (EngineException e) {
            return new Analysed(FleetEntry.unreadable(name, reason(file, name, e.getMessage())), null);
        } catch (RuntimeException e) {
            // a decoder's bug in one trace must not stop the other traces
            return new Analysed(FleetEntry.unreadable(name, reason(file, name, "cannot analyse: " + e)), null);
        }
    }

    /** The reason with the trace's name for its path (a Spark task reads a temporary copy). */
    static String reason(Path file, String name, String message) {
        String text = message == null ? "unknown error" : message.replace(file.toString(), name);
        return text.startsWith(name) ? text : name + ": " + text;
    }

    /**
     * Analyses {@code traces} on {@code jobs} worker threads.
     *
     * @return one entry per trace, in the order of {@code traces}
     * @throws RuntimeException what the listener threw (e.g. a report that could not be written), after the
     *             workers are stopped
     */
    public List<FleetEntry> run(List<FleetTrace> traces, int jobs, Listener listener) {
        AtomicInteger done = new AtomicInteger();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs, traces.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "bmsw-fleet-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<FleetEntry>> pending = new ArrayList<>(traces.size());
            for (FleetTrace trace : traces) {
                pending.add(workers.submit(() -> {
                    Analysed result = analyze(trace.path(), trace.name());
                    listener.done(trace, result, done.incrementAndGet());
                    return result.entry(); // the report is dropped here
                }));
            }
            List<FleetEntry> entries = new ArrayList<>(traces.size());
            for (Future<FleetEntry> future : pending) {
                entries.add(future.get());
            }
            return entries;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * What a pack's final state says of the battery's identity ({@link #IDENTITY_FIELDS}, those the protocol sent
     * and not blank), the summary's {@code battery}: where the state's identity is read.
     */
    static Map<String, String> batteryIdentity(Map<String, Object> finalState) {
        Map<String, String> identity = new LinkedHashMap<>();
        for (String field : IDENTITY_FIELDS) {
            Object value = finalState.get(field);
            if (value != null && !value.toString().isBlank()) {
                identity.put(field, value.toString().strip());
            }
        }
        return identity;
    }

    /** The summary's view of a report. */
    public static FleetEntry entry(String name, AnalysisReport report) {
        List<FleetEntry.Pack> packs = new ArrayList<>();
        Map<String, String> battery = new LinkedHashMap<>();
        for (ChannelReport channel : report.channels()) {
            packs.add(new FleetEntry.Pack(channel.channel(), channel.protocolId(), channel.layout(),
                    channel.variants(), channel.messages()));
            batteryIdentity(channel.finalState()).forEach(battery::putIfAbsent);
        }
        List<FleetEntry.WorstFinding> worst = new ArrayList<>();
        for (Finding f : report.findings().subList(0, Math.min(WORST_FINDINGS, report.findings().size()))) {
            worst.add(new FleetEntry.WorstFinding(f.check(), f.severity(), f.channel(), f.message(), f.quantity(),
                    f.worstValue(), f.limit(), f.startNs(), f.durationNs() / 1e9));
        }
        List<FleetEntry.CheckCount> checks = new ArrayList<>();
        for (CheckSummary check : report.checks()) {
            checks.add(new FleetEntry.CheckCount(check.check(), check.severity(), check.count(),
                    check.totalDurationNs() / 1e9));
        }
        return new FleetEntry(name, "", report.worstSeverity().orElse(null), report.format(), report.frames(),
                report.skippedLines(), (report.endNs() - report.startNs()) / 1e9, report.timestamps(),
                report.decoder(), packs, battery, worst, checks);
    }
}
