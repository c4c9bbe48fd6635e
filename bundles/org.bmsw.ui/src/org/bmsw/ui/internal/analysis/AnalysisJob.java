package org.bmsw.ui.internal.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.TraceAnalyzer;
import org.bmsw.formats.ReadOptions;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Analyses a trace in the background (the same {@link TraceAnalyzer} as {@code bmsw analyze}), with progress by
 * bytes read and cancel; hands the report (or the error naming the file and line) to the caller.
 */
final class AnalysisJob extends Job {

    static final String PLUGIN_ID = "org.bmsw.ui";

    private final Path trace;
    private final Consumer<AnalysisReport> done;
    private final Consumer<String> failed;

    AnalysisJob(Path trace, Consumer<AnalysisReport> done, Consumer<String> failed) {
        super("Analyzing " + trace.getFileName());
        this.trace = trace;
        this.done = done;
        this.failed = failed;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        try {
            long size = Math.max(1, Files.size(trace));
            SubMonitor progress = SubMonitor.convert(monitor, "Analyzing " + trace.getFileName(), 1000);
            int[] reported = { 0 };
            ReadOptions options = ReadOptions.LENIENT.withProgress(bytes -> {
                if (progress.isCanceled()) {
                    throw new OperationCanceledException(); // leaves the reader at once; the report is dropped
                }
                int now = (int) Math.min(1000, bytes * 1000 / size);
                if (now > reported[0]) {
                    progress.worked(now - reported[0]);
                    reported[0] = now;
                }
            });
            AnalysisReport report = TraceAnalyzer.analyze(trace, AnalysisOptions.of("auto"), options);
            done.accept(report);
            return Status.OK_STATUS;
        } catch (OperationCanceledException e) {
            return Status.CANCEL_STATUS;
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            failed.accept(message.startsWith(trace.toString()) ? message : trace + ": " + message);
            return Status.OK_STATUS; // shown in the view, not as a second error dialog
        } finally {
            monitor.done();
        }
    }
}
