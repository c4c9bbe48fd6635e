package org.bmsw.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.engine.PassOptions;
import org.bmsw.report.CommissioningHtml;
import org.bmsw.report.CommissioningReport;
import org.bmsw.report.CommissioningReports;
import org.bmsw.report.ReportException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bmsw report}: the commissioning report of {@code org.bmsw.report}, the same one the workbench's File >
 * Commissioning Report... writes.
 */
@Command(name = ReportCommand.NAME,
        description = "the commissioning report an installer signs: site, identity, cable, verdict, sign-off (HTML)",
        footer = { "One self-contained HTML page (no script, no external address; prints to PDF from the browser,",
                "A4, a page per section): the site as site.json names it, the battery's identity as the capture",
                "reports it and the inverter's, the cable drawn with its wire list and wiring checks (a wire list",
                "as the Cable view or bmsw pinout --csv saves it), the capture's analysis (verdict, limits plots,",
                "findings, as bmsw analyze), the conformance test's steps when given, and a sign-off block.",
                "site.json: an object of texts, installer, site, date (YYYY-MM-DD), inverter, battery required;",
                "company, address, customer, notes optional (bundles/org.bmsw.report/README.md).",
                "Exit codes: 0 written, 1 an input could not be read or is wrong (file:line), 2 bad command line." })
final class ReportCommand extends BmswCommand {

    static final String NAME = "report";

    @Option(names = "--site", required = true, paramLabel = "site.json", description = "the site: installer, "
            + "company, site name, address, date, inverter and battery as the installer names them")
    Path site;

    @Option(names = "--trace", required = true, paramLabel = "TRACE", description = "the site's capture, any trace "
            + "format bmsw reads (a .bmst store, candump, ...)")
    Path trace;

    @Option(names = "--cable", paramLabel = "FILE.csv", description = "the cable's wire list, as the Cable view "
            + "saves it: drawn and checked between the ports its first line names")
    Path cable;

    @Option(names = "--conformance", paramLabel = "FILE.json", description = "an inverter conformance test's result "
            + "(schema bmsw-conformance-result/1)")
    Path conformance;

    @Option(names = "--profile", paramLabel = "ID", description = "the battery's profile: decode with its binding "
            + "and judge against its ratings (bmsw profiles lists them)")
    String profile;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "the report to write")
    Path outFile;

    ReportCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        CommissioningReport report;
        ProgressBar progress = null;
        try {
            progress = ProgressBar.forFile(err, Files.isRegularFile(trace) ? Files.size(trace) : 0, "report "
                    + trace.getFileName());
        } catch (IOException e) {
            // no progress bar; opening the trace names the problem
        }
        try {
            report = CommissioningReports.build(services.engine().get(), new CommissioningReports.Request(null, site,
                    trace, cable, conformance, profile), progress == null ? PassOptions.DEFAULT
                            : PassOptions.DEFAULT.withProgress(progress));
        } catch (ReportException e) {
            if (e.usage()) {
                throw usageError(e.getMessage());
            }
            err.println(qualifiedName() + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        report.analysis().readProblems().forEach(err::println);
        try {
            Files.writeString(outFile, CommissioningHtml.toHtml(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println(qualifiedName() + ": cannot write " + outFile + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        out.println("commissioning report " + outFile + ": " + report.site().siteName() + ", "
                + report.site().date() + "; capture " + report.analysis().worstSeverity().map(s -> switch (s) {
                case ERROR -> "ERRORS";
                case WARNING -> "warnings";
                case INFO -> "nothing wrong found";
                }).orElse("nothing found") + (report.cable() == null ? "" : report.cable().cable() == null
                        ? "; cable not checked" : report.cable().checksPassed() ? "; cable checks passed"
                                : "; cable checks FAILED") + (report.conformance() == null ? ""
                                        : "; conformance " + report.conformance().overall().label()));
        return Bmsw.EXIT_OK;
    }
}
