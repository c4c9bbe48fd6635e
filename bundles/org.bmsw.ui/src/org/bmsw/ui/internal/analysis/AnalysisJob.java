package org.bmsw.ui.internal.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.TraceInput;
import org.bmsw.protocol.DecoderSpec;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Analyses a trace in the background through the {@link TraceEngine}, as {@code bmsw analyze} does, with progress
 * by bytes read and cancel; hands the report (or the error naming the file and line) to the caller.
 */
final class AnalysisJob extends Job {

    static final String PLUGIN_ID = "org.bmsw.ui";

    private final Path trace;
    private final DecoderRequest request;
    private final Consumer<AnalysisReport> done;
    private final Consumer<String> failed;

    AnalysisJob(Path trace, DecoderRequest request, Consumer<AnalysisReport> done, Consumer<String> failed) {
        super("Analyzing " + trace.getFileName());
        this.trace = trace;
        this.request = request;
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
            PassOptions options = PassOptions.DEFAULT.withCancel(progress::isCanceled).withProgress(bytes -> {
                int now = (int) Math.min(1000, bytes * 1000 / size);
                if (now > reported[0]) {
                    progress.worked(now - reported[0]);
                    reported[0] = now;
                }
            });
            // the session's choice (a profile's binding and ratings, the user's DBC files), as bmsw analyze makes it
            TraceEngine engine = TraceEngine.getDefault();
            TraceInput input = engine.open(trace);
            AnalysisReport report = engine.analyze(input, engine.resolve(request, input), AnalysisOptions.of(
                    DecoderSpec.AUTO), options);
            done.accept(report);
            return Status.OK_STATUS;
        } catch (CancellationException e) {
            return Status.CANCEL_STATUS;
        } catch (EngineException | IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            failed.accept(message.startsWith(trace.toString()) ? message : trace + ": " + message);
            return Status.OK_STATUS; // shown in the view, not as a second error dialog
        } finally {
            monitor.done();
        }
    }
}
