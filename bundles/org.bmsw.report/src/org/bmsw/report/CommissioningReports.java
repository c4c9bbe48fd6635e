package org.bmsw.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.TraceInput;
import org.bmsw.pinout.Cable;
import org.bmsw.pinout.CableDrawings;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.Wire;
import org.bmsw.pinout.WireList;
import org.bmsw.pinout.WiringChecker;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.InverterProfile;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.ProfileRegistry;

/**
 * Makes a commissioning report from its inputs: the one way the command line ({@code bmsw report}) and the
 * workbench (File > Commissioning Report...) both make it. The capture is analysed by the engine exactly as
 * {@code bmsw analyze} does; the cable is read, drawn and checked by {@code org.bmsw.pinout}.
 */
public final class CommissioningReports {

    /**
     * What a report is made from.
     *
     * @param site the site as entered, or null to read {@code siteFile}
     * @param siteFile a {@code site.json}, or null when {@code site} is given
     * @param trace the capture, any trace format the engine opens (required)
     * @param cable a wire list CSV (as the Cable view saves it), or null
     * @param conformance a conformance result JSON, or null
     * @param profile the battery profile to decode with and judge against (as {@code --profile}), or null for auto
     */
    public record Request(SiteInfo site, Path siteFile, Path trace, Path cable, Path conformance, String profile) {
    }

    private CommissioningReports() {
    }

    /**
     * Reads every input, the small files first (a mistake in {@code site.json} shows before the capture is
     * read), analyses the capture and gathers the report.
     *
     * @param passOptions progress and cancel for the pass over the capture
     * @throws ReportException naming the file (and line) of the first input that is wrong
     */
    public static CommissioningReport build(TraceEngine engine, Request request, PassOptions passOptions)
            throws ReportException {
        if (request.trace() == null) {
            throw new ReportException("no capture given: the report shows the capture's analysis", true);
        }
        if ((request.site() == null) == (request.siteFile() == null)) {
            throw new ReportException("give the site either as fields or as a site.json", true);
        }
        SiteInfo site;
        ConformanceResult conformance = null;
        try {
            site = request.site() != null ? request.site()
                    : SiteInfo.read(request.siteFile().toString(), readText(request.siteFile()));
            if (request.conformance() != null) {
                conformance = ConformanceResult.read(request.conformance().toString(), readText(
                        request.conformance()));
            }
        } catch (IllegalArgumentException e) { // the file's content, named file:line
            throw new ReportException(e.getMessage(), false);
        }
        ProfileRegistry profiles = engine.profiles();
        Optional<DeviceProfile> batteryProfile = Optional.empty();
        if (request.profile() != null) {
            batteryProfile = Optional.of(profiles.find(request.profile()).orElseThrow(() -> new ReportException(
                    "no profile '" + request.profile() + "' (bmsw profiles lists them)", true)));
        }
        CommissioningReport.CableSection cable = null;
        if (request.cable() != null) {
            cable = cable(request.cable(), readText(request.cable()), profiles);
        }
        Optional<DeviceProfile> inverterProfile = Optional.empty();
        if (cable != null && cable.cable() != null) {
            if (batteryProfile.isEmpty() && cable.cable().endA().profile() instanceof BatteryProfile battery) {
                batteryProfile = Optional.of(battery);
            }
            DeviceProfile endB = cable.cable().endB().profile();
            if (endB instanceof InverterProfile) {
                inverterProfile = Optional.of(endB);
            }
        }
        AnalysisReport analysis = analyze(engine, request, passOptions);
        return new CommissioningReport(site, analysis, batteryProfile, inverterProfile, cable, conformance,
                request.conformance() == null ? "" : request.conformance().toString(),
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
    }

    /** The capture analysed as {@code bmsw analyze} analyses it (its decoder choice, its checks). */
    private static AnalysisReport analyze(TraceEngine engine, Request request, PassOptions passOptions)
            throws ReportException {
        try {
            TraceInput input = engine.open(request.trace());
            DecoderRequest decoder = request.profile() == null ? DecoderRequest.auto()
                    : DecoderRequest.profile(request.profile());
            return engine.analyze(input, engine.resolve(decoder, input), AnalysisOptions.of("auto"), passOptions);
        } catch (EngineException e) {
            throw new ReportException(e.getMessage(), e.kind() == EngineException.Kind.USAGE);
        }
    }

    /**
     * A wire list as the Cable view saves it: its first line names the two ports, so the cable is drawn and
     * checked between them; a wire list without that line, or naming a profile not installed, is shown as a table.
     */
    static CommissioningReport.CableSection cable(Path file, String text, ProfileRegistry profiles)
            throws ReportException {
        String name = file.toString();
        try {
            WireList.readCsv(name, text); // a clear file:line error for a broken wire list
            Optional<List<String>> ports = WireList.ports(text);
            if (ports.isEmpty()) {
                return new CommissioningReport.CableSection(name, null, rows(text), List.of(), "", "The wire list "
                        + "does not name its ports (a first line '# a = battery PROFILE:PORT, b = inverter "
                        + "PROFILE:PORT', as the Cable view and bmsw pinout --csv write it): no drawing, no checks.");
            }
            PortRef endA;
            PortRef endB;
            try {
                endA = PortRef.parse(ports.get().get(0), profiles);
                endB = PortRef.parse(ports.get().get(1), profiles);
            } catch (IllegalArgumentException unknown) {
                return new CommissioningReport.CableSection(name, null, rows(text), List.of(), "", "No drawing, no "
                        + "checks: " + unknown.getMessage() + ".");
            }
            Cable cable = WireList.readCable(name, text, endA, endB);
            List<Finding> checks = WiringChecker.check(cable);
            return new CommissioningReport.CableSection(name, cable, rows(cable), checks, CableDrawings.svg(cable,
                    checks), "");
        } catch (IllegalArgumentException e) {
            throw new ReportException(e.getMessage(), false);
        }
    }

    /** One row per wire with both ends' pin names and signals. */
    private static List<List<String>> rows(Cable cable) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("wire", cable.endA().role() + " " + cable.endA() + " pin", "signal", cable.endB().role()
                + " " + cable.endB() + " pin", "signal", "colour"));
        int number = 1;
        for (Wire wire : cable.wires()) {
            Optional<Pin> a = cable.endA().pin(wire.pinA());
            Optional<Pin> b = cable.endB().pin(wire.pinB());
            rows.add(List.of(Integer.toString(number++), a.map(Pin::label).orElse(Integer.toString(wire.pinA())),
                    a.map(p -> p.signal().xmlName()).orElse(""), b.map(Pin::label).orElse(Integer.toString(
                            wire.pinB())), b.map(p -> p.signal().xmlName()).orElse(""), wire.colour()));
        }
        return rows;
    }

    private static List<List<String>> rows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\r\n|\r|\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                rows.add(Arrays.stream(stripped.split(",", -1)).map(String::strip).toList());
            }
        }
        return rows;
    }

    private static String readText(Path file) throws ReportException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such file", false);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read: " + e.getMessage(), false);
        }
    }
}
