package org.bmsw.ui.internal.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.engine.PassOptions;
import org.bmsw.engine.TraceEngine;
import org.bmsw.report.CommissioningHtml;
import org.bmsw.report.CommissioningReport;
import org.bmsw.report.CommissioningReports;
import org.bmsw.report.ReportException;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.program.Program;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * File > Commissioning Report...: asks for the site and the files, makes the report in the background through
 * {@link CommissioningReports#build} (the code {@code bmsw report} runs), writes the page and opens it in the
 * system's browser.
 */
public final class CommissioningReportHandler extends AbstractHandler {

    private static final String PLUGIN_ID = "org.bmsw.ui";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        CommissioningReportDialog dialog = new CommissioningReportDialog(shell, TraceSession.current().source());
        if (dialog.open() != Window.OK) {
            return null;
        }
        write(dialog.result(), dialog.outputFile(), shell.getDisplay(), true);
        return null;
    }

    /**
     * Makes and writes the report in a job; when done, opens it in the browser (if asked) or shows why it could
     * not be made.
     *
     * @return the job, scheduled
     */
    static Job write(CommissioningReports.Request request, Path output, Display display, boolean openInBrowser) {
        Job job = new Job("Commissioning report " + output.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                monitor.beginTask("Analysing " + request.trace().getFileName(), IProgressMonitor.UNKNOWN);
                try {
                    CommissioningReport report = CommissioningReports.build(TraceEngine.getDefault(), request,
                            PassOptions.DEFAULT.withCancel(monitor::isCanceled));
                    Files.writeString(output, CommissioningHtml.toHtml(report), StandardCharsets.UTF_8);
                } catch (ReportException | IOException e) {
                    String message = e instanceof IOException ? "cannot write " + output + ": " + e.getMessage()
                            : e.getMessage();
                    display.asyncExec(() -> MessageDialog.openError(display.getActiveShell(), "Commissioning Report",
                            message));
                    return new Status(IStatus.ERROR, PLUGIN_ID, message);
                } finally {
                    monitor.done();
                }
                if (openInBrowser) {
                    display.asyncExec(() -> Program.launch(output.toString()));
                }
                return Status.OK_STATUS;
            }
        };
        job.setUser(true);
        job.schedule();
        return job;
    }
}
