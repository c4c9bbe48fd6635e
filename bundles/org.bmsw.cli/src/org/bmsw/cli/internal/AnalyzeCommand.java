package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.CheckSummary;
import org.bmsw.analysis.ChannelReport;
import org.bmsw.analysis.Expectations;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.ReportHtml;
import org.bmsw.analysis.ReportJson;
import org.bmsw.analysis.Severity;
import org.bmsw.pinout.Cable;
import org.bmsw.pinout.CableProposer;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.WireList;
import org.bmsw.pinout.WiringChecker;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.ProfileRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw analyze TRACE [...]}: the offline analysis of {@code org.bmsw.analysis} (protocol, timing, values,
 * the inverter's compliance with the limits, alarm episodes, SOC jumps, packs) with a text summary, an HTML and a
 * JSON report, {@code --fail-on} and golden-trace {@code --expect}ations.
 */
@Command(name = AnalyzeCommand.NAME,
        description = "check a trace: limits obeyed, alarm episodes, timing, packs; HTML/JSON report",
        footer = { "Reads TRACE once and checks it: the protocol and variant, identifiers missing, periods and gaps",
                "against the protocol (Pylon CAN 1 s; SMA CAN 60 s timeouts), frozen values, values out of range",
                "(and out of the profile's ratings with --profile), the inverter's compliance (current above CCL or",
                "DCL, voltage above CVL or below DVL, charging or discharging while not enabled), protection and",
                "warning episodes, SOC jumps, module count changes, packs (one per channel) dropping out or",
                "disagreeing. Prints a summary and the findings; each finding has a severity, a time span, the worst",
                "value and the frames (row = frame number in the trace) that prove it.",
                "Exit codes: 0 done (and passed), 1 the trace or a file could not be read, 2 bad command line,",
                "3 a finding at or above --fail-on, or an expectation not met.",
                "Several traces, a folder or a quoted glob pattern (or --summary) analyse a fleet in one process on",
                "--jobs worker threads: each trace as alone, its JSON report into --json-dir, and a fleet summary",
                "(per trace the verdict, protocol, frames, worst findings; per check the traces and the worst ones).",
                "A trace that cannot be read is listed with its reason and the run goes on (exit 1 at the end)." })
final class AnalyzeCommand extends BmswCommand {

    static final String NAME = "analyze";

    @Mixin
    SharedOptions.TraceInput input = new SharedOptions.TraceInput();

    @Option(names = "--report", paramLabel = "FILE.html", description = "a self-contained HTML report with plots (SOC, "
            + "voltage, current against the limits, temperature, alarm timeline) and the findings")
    String report;

    @Option(names = "--json", paramLabel = "FILE.json", description = "the report as JSON (schema "
            + "bmsw-analysis-report/1, see the README)")
    String json;

    @Option(names = "--cable", paramLabel = "FILE.csv", description = "a wire list CSV (as bmsw pinout --csv writes) "
            + "to include in the HTML report")
    String cable;

    @Option(names = "--battery", paramLabel = "PROFILE:PORT", description = "the cable's battery end (a connector "
            + "port of a profile): with --cable its wires on these ports, without it the cable bmsw pinout proposes")
    String battery;

    @Option(names = "--inverter", paramLabel = "PROFILE:PORT", description = "the cable's inverter end, with --battery")
    String inverter;

    @Option(names = "--expect", paramLabel = "FILE.json", description = "check against saved expectations (findings "
            + "present/absent, value ranges); exit 3 listing what did not match")
    String expect;

    @Parameters(index = "1..*", paramLabel = "MORE", description = "more traces, folders or quoted glob patterns "
            + "('sites/**/*.log'): a fleet, see --summary")
    List<String> moreTraces = new ArrayList<>();

    @Option(names = "--summary", paramLabel = "FILE.json", description = "analyse a fleet (TRACE, MORE: files, "
            + "folders, globs) and write its summary (schema bmsw-fleet-summary/1)")
    String summary;

    @Option(names = "--jobs", paramLabel = "N", description = "worker threads for a fleet (default: the processors)")
    Integer jobs;

    @Option(names = "--json-dir", paramLabel = "DIR", description = "a fleet's reports, one TRACE.json each (as "
            + "--json writes it), named by the trace's path below the folder given")
    String jsonDir;

    private Severity failOn;

    AnalyzeCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    private double reactionS = org.bmsw.analysis.AnalysisOptions.DEFAULT_REACTION_S;

    @Option(names = "--reaction-s", paramLabel = "SECONDS", description = "how long the inverter may take to follow "
            + "a lowered limit (or a permission withdrawn) before the compliance checks count the excess; default "
            + "8 (the analysis README says why); 0 judges every measurement")
    void reactionS(String value) {
        if (value == null) {
            return; // picocli resetting to the default
        }
        double seconds;
        try {
            seconds = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds >= 0) || seconds > 86_400) {
            throw usageError("--reaction-s takes a number of seconds from 0 to 86400, not '" + value + "'");
        }
        reactionS = seconds;
    }

    @Option(names = "--fail-on", paramLabel = "LEVEL", completionCandidates = FailOnLevels.class,
            description = "exit 3 when a finding at or above LEVEL (${COMPLETION-CANDIDATES}) is present; default: "
                    + "none (exit 0 whatever is found)")
    void failOn(String value) {
        if (value == null) {
            return; // picocli resetting to the default
        }
        Optional<Severity> level = Severity.byName(value);
        if (level.isEmpty() || level.get() == Severity.INFO) {
            throw usageError("--fail-on takes warning or error, not '" + value + "'");
        }
        failOn = level.get();
    }

    /** The levels {@code --fail-on} takes, for help and completion. */
    static final class FailOnLevels implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("warning", "error").iterator();
        }
    }

    @Override
    public Integer call() {
        if (FleetAnalyzeRun.applies(this)) {
            return new FleetAnalyzeRun(this).run(failOn);
        }
        Supplier<ProfileRegistry> registry = services.profiles();
        TraceReading trace = new TraceReading(this);
        if ((battery == null) != (inverter == null)) {
            throw usageError("name both ends of the cable, --battery PROFILE:PORT and --inverter PROFILE:PORT");
        }
        Expectations expectations = null;
        List<List<String>> cableRows = null;
        String cableTitle = null;
        String reading = expect;
        try {
            if (expect != null) {
                expectations = Expectations.read(Path.of(expect));
            }
            if (battery != null) {
                // the cable between the two profiles' ports: the user's wire list on them, or the proposal
                PortRef endA = PortRef.parse(battery, registry.get());
                PortRef endB = PortRef.parse(inverter, registry.get());
                Cable wired;
                if (cable != null) {
                    reading = cable;
                    wired = new Cable(endA, endB, WireList.readCsv(cable, Files.readString(Path.of(cable),
                            StandardCharsets.UTF_8)));
                    cableTitle = "wire list " + cable;
                } else {
                    wired = CableProposer.propose(endA, endB).cable();
                    cableTitle = "proposed cable (bmsw pinout)";
                }
                List<org.bmsw.pinout.Finding> checks = WiringChecker.check(wired);
                cableTitle += ": end A battery " + battery + ", end B inverter " + inverter + "; wiring checks "
                        + (checks.stream().anyMatch(org.bmsw.pinout.Finding::fails) ? "FAILED" : "passed")
                        + (checks.isEmpty() ? "" : ": " + String.join("; ", checks.stream().map(f -> f.severity()
                                .name().toLowerCase(java.util.Locale.ROOT) + " " + f.message()).toList()));
                cableRows = cableRows(WireList.csv(wired));
            } else if (cable != null) {
                reading = cable;
                String text = Files.readString(Path.of(cable), StandardCharsets.UTF_8);
                WireList.readCsv(cable, text); // a clear file:line error for a broken wire list
                cableRows = cableRows(text);
                cableTitle = "wire list " + cable + WireList.ports(text).map(p -> ": end A " + p.get(0)
                        + ", end B " + p.get(1)).orElse("");
            }
        } catch (IOException e) {
            err.println("bmsw analyze: cannot read " + reading + ": " + e);
            return Bmsw.EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            err.println("bmsw analyze: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }

        AnalysisReport result;
        try {
            TraceReading.Prepared prepared = trace.prepare(input);
            if (input.decoder.profile != null && prepared.decoder().profile().filter(p -> p instanceof BatteryProfile
                    rated && rated.limits().isPresent()).isEmpty()) {
                err.println("bmsw analyze: profile " + input.decoder.profile + " has no battery ratings (<limits>): "
                        + "values are judged without them");
            }
            result = trace.analyze(prepared, reactionS);
        } catch (TraceReading.Failure e) {
            err.println("bmsw analyze: " + e.getMessage());
            return e.exitCode;
        }
        try {
            if (report != null) {
                Files.writeString(Path.of(report), ReportHtml.toHtml(result, cableRows, cableTitle),
                        StandardCharsets.UTF_8);
            }
            if (json != null) {
                Files.writeString(Path.of(json), ReportJson.toJson(result) + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            err.println("bmsw analyze: cannot write the report: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        printText(out, result);
        int exit = Bmsw.EXIT_OK;
        if (expectations != null) {
            List<String> mismatches = expectations.check(result);
            if (mismatches.isEmpty()) {
                out.println();
                out.println("expectations " + expect + ": all met");
            } else {
                err.println("bmsw analyze: " + input.trace + " does not meet " + expect + " (" + mismatches.size()
                        + " mismatch" + (mismatches.size() == 1 ? "" : "es") + "):");
                mismatches.forEach(m -> err.println("  " + m));
                exit = Bmsw.EXIT_FINDINGS;
            }
        }
        if (failOn != null && result.hasFindingAtLeast(failOn)) {
            err.println("bmsw analyze: findings at or above " + failOn.canonicalName() + " (--fail-on)");
            exit = Bmsw.EXIT_FINDINGS;
        }
        return exit;
    }

    private static List<List<String>> cableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                rows.add(Arrays.stream(stripped.split(",", -1)).map(String::strip).toList());
            }
        }
        return rows;
    }

    private static void printText(PrintStream out, AnalysisReport report) {
        out.println("trace       " + report.trace());
        out.println("format      " + report.format() + ", " + report.frames() + " frames"
                + (report.timestamps() ? ", " + DecodeOutput.seconds(report.startNs()) + " s to "
                        + DecodeOutput.seconds(report.endNs()) + " s" : ", no timestamps"));
        out.println("decoder     " + report.decoder() + (report.profile().isEmpty() ? "" : ", ratings of profile "
                + report.profile()));
        for (ChannelReport channel : report.channels()) {
            out.println("pack        " + channel.channel() + ": " + channel.protocolId() + (channel.layout().isEmpty()
                    ? "" : " layout " + channel.layout()) + ", " + channel.messages() + " messages");
        }
        out.println("verdict     " + report.worstSeverity().map(s -> switch (s) {
        case ERROR -> "ERRORS";
        case WARNING -> "warnings";
        case INFO -> "nothing wrong found";
        }).orElse("nothing found"));
        out.println();
        out.println("checks");
        for (CheckSummary check : report.checks()) {
            out.printf("  %-30s %-8s %6d%s%n", check.check(), check.severity().canonicalName(), check.count(),
                    check.count() > check.kept() ? "  (" + check.kept() + " listed)" : "");
        }
        out.println();
        out.println("findings");
        for (Finding finding : report.findings()) {
            out.printf("  %-7s %-28s %s%s%n", finding.severity().canonicalName(), finding.check(),
                    finding.channel().isEmpty() ? "" : finding.channel() + ": ", finding.message());
            if (!finding.frames().isEmpty()) {
                StringBuilder frames = new StringBuilder();
                finding.frames().forEach(f -> frames.append(frames.length() == 0 ? "" : ", ").append("row ")
                        .append(f.row() < 0 ? "?" : f.row()).append(report.timestamps() ? " @"
                                + DecodeOutput.seconds(f.timestampNs()) + " s" : "").append(f.id().isEmpty() ? ""
                                        : " " + f.id()));
                out.println("          frames " + frames);
            }
        }
        if (!report.limitChanges().isEmpty()) {
            out.println();
            out.println("limit changes (" + DecodeOutput.number(report.reactionS()) + " s reaction time allowed)");
            for (org.bmsw.analysis.LimitChange change : report.limitChanges()) {
                out.printf("  %s s  %s: %s %s -> %s, %s %s%n", DecodeOutput.seconds(change.atNs()), change.channel(),
                        change.limit(), Double.isNaN(change.from()) ? "-" : DecodeOutput.number(change.from()),
                        DecodeOutput.number(change.to()), change.measured(), Double.isNaN(change.reactionS())
                                ? change.outcome() : change.outcome() + " after " + DecodeOutput.number(
                                        Math.round(change.reactionS() * 1000) / 1000.0) + " s");
            }
        }
    }
}
