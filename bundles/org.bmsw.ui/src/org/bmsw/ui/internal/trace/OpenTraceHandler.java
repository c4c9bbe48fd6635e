package org.bmsw.ui.internal.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.bmsw.formats.ReadReport;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * File &gt; Open Trace…: picks a trace file (candump, ASC, TRC, SavvyCAN CSV, serial dump or a trace store) and opens
 * it in the session as a job with progress and cancel. A file that cannot be read says why and which file; skipped
 * lines are listed with their {@code file:line}, and the rest of the trace is shown.
 */
public final class OpenTraceHandler extends AbstractHandler {

    public static final String COMMAND_ID = "org.bmsw.ui.commands.openTrace";
    private static String lastFolder;

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchWindow window = HandlerUtil.getActiveWorkbenchWindowChecked(event);
        FileDialog dialog = new FileDialog(window.getShell(), SWT.OPEN);
        dialog.setText("Open Trace");
        dialog.setFilterNames(new String[] {"Traces (*.log, *.txt, *.asc, *.trc, *.csv, *.bmst)", "All files"});
        dialog.setFilterExtensions(new String[] {"*.log;*.txt;*.asc;*.trc;*.csv;*.bmst;*.candump", "*"});
        if (lastFolder != null) {
            dialog.setFilterPath(lastFolder);
        }
        String chosen = dialog.open();
        if (chosen != null) {
            lastFolder = dialog.getFilterPath();
            open(window, Path.of(chosen));
        }
        return null;
    }

    /** Opens {@code trace} in a job; shows the Trace view when done, or a dialog saying what went wrong. */
    public static Job open(IWorkbenchWindow window, Path trace) {
        Display display = window.getShell().getDisplay();
        Job job = new Job("Opening trace " + trace.getFileName()) {
            @Override
            protected IStatus run(IProgressMonitor monitor) {
                try {
                    ReadReport report = TraceSession.current().openFile(trace, monitor);
                    display.asyncExec(() -> opened(window, trace, report));
                    return Status.OK_STATUS;
                } catch (OperationCanceledException e) {
                    return Status.CANCEL_STATUS;
                } catch (IOException | RuntimeException e) {
                    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
                    display.asyncExec(() -> MessageDialog.openError(shell(window), "Cannot open the trace",
                            reason + "\n\nThe trace shown before stays open. Choose another file with File > Open"
                                    + " Trace\u2026; BMS Workbench reads candump logs, Vector ASC, PCAN-View TRC,"
                                    + " SavvyCAN CSV, serial byte dumps and its own trace stores."));
                    return Status.OK_STATUS; // reported above, in words the user can act on
                }
            }
        };
        job.setUser(true);
        job.setPriority(Job.LONG);
        job.schedule();
        return job;
    }

    private static Shell shell(IWorkbenchWindow window) {
        return window.getShell() == null || window.getShell().isDisposed() ? null : window.getShell();
    }

    private static void opened(IWorkbenchWindow window, Path trace, ReadReport report) {
        try {
            window.getActivePage().showView(TraceView.ID);
        } catch (PartInitException e) {
            MessageDialog.openError(shell(window), "Cannot show the Trace view", e.getMessage());
            return;
        }
        String summary = problems(trace, report);
        if (!summary.isEmpty()) {
            MessageDialog.openWarning(shell(window), "Some lines were skipped", summary);
        }
    }

    /** What was skipped and why, with the first {@code file:line: reason}s; empty when nothing was. */
    static String problems(Path trace, ReadReport report) {
        StringBuilder text = new StringBuilder();
        if (report.skippedLines() > 0) {
            text.append(String.format(Locale.ROOT, "%s: %,d frames read as %s, %,d malformed lines skipped",
                    trace.getFileName(), report.frames(), report.format().displayName(), report.skippedLines()));
            String separator = " (";
            for (Map.Entry<String, Long> reason : report.skippedByReason().entrySet()) {
                text.append(separator).append(reason.getValue()).append(" \u00D7 ").append(reason.getKey());
                separator = "; ";
            }
            text.append(separator.equals("; ") ? ")" : "").append(":\n\n");
            for (String problem : report.problems()) {
                text.append(problem).append('\n');
            }
            if (report.problems().size() < report.skippedLines()) {
                text.append("\u2026\n");
            }
            text.append("\nThe frames that were read are shown. Fix those lines, or convert the file with"
                    + " bmsw convert, to see them too.");
        }
        if (!report.note().isEmpty()) {
            text.append(text.length() > 0 ? "\n\n" : "").append(report.note());
        }
        return text.toString();
    }
}
