package org.bmsw.ui.internal.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.CheckSummary;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.FrameRef;
import org.bmsw.analysis.ReportHtml;
import org.bmsw.analysis.ReportJson;
import org.bmsw.analysis.Severity;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.part.ViewPart;

/**
 * The results of an offline analysis ({@code File > Analyze Trace...}): the verdict, the checks that found
 * something and the findings with their time, worst value and proving frames; the HTML and JSON reports of
 * {@code bmsw analyze} can be saved from here.
 */
public final class AnalysisView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.analysis";

    private Label summary;
    private TableViewer findings;
    private Button save;
    private AnalysisReport report;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(3, false));
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        summary.setText("No trace analysed yet: File > Analyze Trace... (the same checks as bmsw analyze)");
        Button open = new Button(parent, SWT.PUSH);
        open.setText("Analyze Trace...");
        open.addListener(SWT.Selection, e -> chooseAndAnalyze());
        save = new Button(parent, SWT.PUSH);
        save.setText("Save Report...");
        save.setEnabled(false);
        save.addListener(SWT.Selection, e -> saveReport());
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        holder.setLayout(new FillLayout());
        findings = new TableViewer(holder, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL | SWT.MULTI);
        findings.getTable().setHeaderVisible(true);
        findings.getTable().setLinesVisible(true);
        findings.setContentProvider(ArrayContentProvider.getInstance());
        column("Severity", f -> f.severity().canonicalName(), true);
        column("Check", Finding::check, false);
        column("Channel", Finding::channel, false);
        column("Finding", Finding::message, false);
        column("From", f -> report != null && report.timestamps() ? time(f.startNs()) : "", false);
        column("Frames (row id)", AnalysisView::frames, false);
        ColumnFit.install(findings.getTable(), FINDING_COLUMN);
    }

    /** The text-heavy column, which takes the width the others leave. */
    private static final int FINDING_COLUMN = 3;

    private void column(String title, Function<Finding, String> text, boolean coloured) {
        TableViewerColumn column = new TableViewerColumn(findings, SWT.NONE);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Finding) element);
            }

            @Override
            public Color getBackground(Object element) {
                if (!coloured) {
                    return null;
                }
                Severity severity = ((Finding) element).severity();
                Display display = findings.getControl().getDisplay();
                return severity == Severity.ERROR ? display.getSystemColor(SWT.COLOR_RED)
                        : severity == Severity.WARNING ? display.getSystemColor(SWT.COLOR_YELLOW) : null;
            }
        });
    }

    /** Wall-clock times as instants, others as seconds from the trace start (as the HTML report). */
    private static String time(long ns) {
        return ns >= 946_684_800L * 1_000_000_000L ? java.time.Instant.ofEpochSecond(0, ns).toString()
                : String.format(java.util.Locale.ROOT, "%.3f s", ns / 1e9);
    }

    private static String frames(Finding finding) {
        StringBuilder text = new StringBuilder();
        for (FrameRef frame : finding.frames()) {
            text.append(text.length() == 0 ? "" : ", ").append(frame.row() < 0 ? "?" : frame.row()).append(' ')
                    .append(frame.id());
        }
        return text.toString();
    }

    @Override
    public void setFocus() {
        findings.getControl().setFocus();
    }

    /** Asks for a trace file and analyses it. */
    public void chooseAndAnalyze() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setText("Analyze Trace");
        dialog.setFilterExtensions(new String[] { "*.log;*.txt;*.asc;*.trc;*.csv;*.bmst", "*" });
        String file = dialog.open();
        if (file != null) {
            analyze(Path.of(file));
        }
    }

    /**
     * How to decode {@code trace}: as the session decodes it when it is the trace shown (a profile's binding and
     * ratings, the user's DBC files); another file is detected, with the user's DBC files still on top.
     */
    static DecoderRequest requestFor(Path trace) {
        TraceSession session = TraceSession.current();
        DecoderRequest shown = session.request();
        return trace.equals(session.source()) ? shown : DecoderRequest.auto().withDbcs(shown.dbcOverlays());
    }

    /** Starts the analysis of {@code trace} in a job; the view shows the result when it is done. */
    public AnalysisJob analyze(Path trace) {
        summary.setText("Analyzing " + trace + "...");
        Display display = summary.getDisplay();
        AnalysisJob job = new AnalysisJob(trace, requestFor(trace),
                result -> display.asyncExec(() -> show(result)), message -> display.asyncExec(() -> showError(message)));
        job.schedule();
        return job;
    }

    /** Shows a report; call in the UI thread. */
    public void show(AnalysisReport result) {
        if (summary.isDisposed()) {
            return;
        }
        report = result;
        long errors = result.checks().stream().filter(c -> c.severity() == Severity.ERROR)
                .mapToLong(CheckSummary::count).sum();
        long warnings = result.checks().stream().filter(c -> c.severity() == Severity.WARNING)
                .mapToLong(CheckSummary::count).sum();
        summary.setText(result.trace() + ": " + result.frames() + " frames, " + result.channels().size()
                + " pack(s); " + errors + " error and " + warnings + " warning finding(s)"
                + (result.findings().size() < result.checks().stream().mapToLong(CheckSummary::count).sum()
                        ? " (the first of each check listed)" : ""));
        findings.setInput(result.findings());
        ColumnFit.of(findings.getTable()).pack();
        save.setEnabled(true);
        summary.getParent().layout();
    }

    private void showError(String message) {
        if (!summary.isDisposed()) {
            summary.setText("Cannot analyze: " + message);
            summary.getParent().layout();
        }
    }

    private void saveReport() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText("Save Analysis Report");
        dialog.setFilterExtensions(new String[] { "*.html", "*.json" });
        dialog.setFileName("report.html");
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null && report != null) {
            try {
                String text = file.endsWith(".json") ? ReportJson.toJson(report)
                        : ReportHtml.toHtml(report, null, null);
                Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                showError(file + ": " + e.getMessage());
            }
        }
    }

    /** The report shown, or null. */
    public AnalysisReport report() {
        return report;
    }

    /** The findings table's viewer, for tests. */
    public TableViewer findingsViewer() {
        return findings;
    }
}
