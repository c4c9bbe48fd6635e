package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bmsw.pinout.Cable;
import org.bmsw.pinout.CableDiagnosis;
import org.bmsw.pinout.CableDrawings;
import org.bmsw.pinout.CableProposer;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.TraceFacts;
import org.bmsw.pinout.Wire;
import org.bmsw.pinout.WireList;
import org.bmsw.pinout.WiringChecker;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.ProfileRegistry;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bmsw pinout}: proposes the cable between a battery port and an inverter port, or checks the user's cable,
 * and writes it as a wire list, SVG or WireViz YAML. Exits 1 when a check fails.
 */
@Command(name = "pinout", description = "propose or check the cable between a battery and an inverter port",
        footer = { "Without --cable, proposes the cable between two connector ports of two profiles (bmsw profiles",
                "lists them); with --cable, checks the wire list in FILE (CSV with columns a_pin,b_pin[,colour];",
                "a = the first end named, b = the second). Two --battery options give the parallel link between two",
                "batteries. Every check prints what to do and the pins to look at; the exit code is 1 when one fails",
                "(errors and warnings).",
                "Example: bmsw pinout --battery seed.lv-battery:PCS --inverter seed.hybrid-inverter:COM --svg cable.svg" })
final class PinoutCommand extends BmswCommand {

    /** Both ends in the order given; the profile of each tells whether it is a battery or an inverter. */
    @Option(names = { "--battery", "--inverter" }, paramLabel = "PROFILE:PORT", required = true,
            description = "a connector port of a profile, e.g. seed.lv-battery:PCS; name two (end a, then end b)")
    List<String> ends = new ArrayList<>();

    @Option(names = "--cable", paramLabel = "FILE", description = "the wire list to check (CSV)")
    String cableFile;

    @Option(names = "--trace", paramLabel = "FILE", description = "a trace of the site (any format bmsw info reads): "
            + "when it holds no frame from the battery, or only error frames, names the wires of the cable to check")
    String traceFile;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the wire list as CSV")
    String csvFile;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the wire list as Markdown")
    String markdownFile;

    @Option(names = "--svg", paramLabel = "FILE", description = "write a diagram of both connectors and the wires")
    String svgFile;

    @Option(names = "--wireviz", paramLabel = "FILE", description = "write WireViz YAML (wireviz FILE draws it)")
    String wirevizFile;

    @Option(names = "--json", description = "print cable, notes and findings as JSON")
    boolean json;

    PinoutCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        Supplier<ProfileRegistry> registry = services.profiles();
        if (ends.size() != 2) {
            throw usageError("name two ports, --battery PROFILE:PORT and --inverter PROFILE:PORT (got " + ends.size()
                    + ")");
        }
        Map<String, String> files = new LinkedHashMap<>();
        putIfGiven(files, "--cable", cableFile);
        putIfGiven(files, "--trace", traceFile);
        putIfGiven(files, "--csv", csvFile);
        putIfGiven(files, "--markdown", markdownFile);
        putIfGiven(files, "--svg", svgFile);
        putIfGiven(files, "--wireviz", wirevizFile);
        Cable cable;
        List<String> notes;
        try {
            ProfileRegistry profiles = registry.get();
            PortRef endA = PortRef.parse(ends.get(0), profiles);
            PortRef endB = PortRef.parse(ends.get(1), profiles);
            if (files.containsKey("--cable")) {
                Path file = Path.of(files.get("--cable"));
                cable = WireList.readCable(file.toString(), Files.readString(file, StandardCharsets.UTF_8), endA, endB);
                notes = List.of("checking the cable in " + file);
            } else {
                CableProposer.Proposal proposal = CableProposer.propose(endA, endB);
                cable = proposal.cable();
                notes = proposal.notes();
            }
        } catch (IllegalArgumentException e) {
            err.println("bmsw pinout: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } catch (IOException e) {
            err.println("bmsw pinout: cannot read " + files.get("--cable") + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        List<Finding> findings = new ArrayList<>(WiringChecker.check(cable));
        if (files.containsKey("--trace")) {
            Path trace = Path.of(files.get("--trace"));
            try {
                TraceFacts facts = TraceFacts.read(trace);
                notes = new ArrayList<>(notes);
                notes.add("trace " + trace + ": " + facts.batteryFrames() + " frames from the battery, "
                        + facts.otherFrames() + " from others, " + facts.errorFrames() + " error frames");
                findings.addAll(CableDiagnosis.diagnose(cable, facts));
            } catch (IOException e) {
                err.println("bmsw pinout: cannot read trace " + trace + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
        try {
            write(files, "--csv", WireList.csv(cable));
            write(files, "--markdown", WireList.markdown(cable));
            write(files, "--svg", CableDrawings.svg(cable, findings));
            write(files, "--wireviz", CableDrawings.wireViz(cable));
        } catch (IOException e) {
            err.println("bmsw pinout: cannot write " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        boolean failed = findings.stream().anyMatch(Finding::fails);
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                    .toJson(json(cable, notes, findings, failed)));
        } else {
            print(out, cable, notes, findings, failed);
        }
        return failed ? Bmsw.EXIT_FAILED : Bmsw.EXIT_OK;
    }

    private static void putIfGiven(Map<String, String> files, String option, String file) {
        if (file != null) {
            files.put(option, file);
        }
    }

    private static void write(Map<String, String> files, String option, String content) throws IOException {
        String file = files.get(option);
        if (file != null) {
            try {
                Files.writeString(Path.of(file), content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    private static void print(PrintStream out, Cable cable, List<String> notes, List<Finding> findings, boolean failed) {
        out.println("Cable from " + cable.endA().role() + " " + cable.endA() + " (a) to " + cable.endB().role() + " "
                + cable.endB() + " (b):");
        for (Wire wire : cable.wires()) {
            out.printf("  a %-16s -> b %-16s %s%n", label(cable.endA(), wire.pinA()), label(cable.endB(), wire.pinB()),
                    wire.colour());
        }
        for (String note : notes) {
            out.println("  note: " + note);
        }
        if (!findings.isEmpty()) {
            out.println();
        }
        for (Finding finding : findings) {
            out.println(finding.severity() + " [" + finding.check() + "] " + finding.message());
        }
        out.println();
        out.println(failed ? "Cable check FAILED." : "Cable check passed.");
    }

    private static String label(PortRef end, int number) {
        return end.pin(number).map(Pin::label).orElse(number + " (?)");
    }

    private static Map<String, Object> json(Cable cable, List<String> notes, List<Finding> findings, boolean failed) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("a", cable.endA().toString());
        document.put("b", cable.endB().toString());
        List<Object> wires = new ArrayList<>();
        for (Wire wire : cable.wires()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("a_pin", wire.pinA());
            cable.endA().pin(wire.pinA()).ifPresent(pin -> {
                w.put("a_name", pin.name());
                w.put("a_signal", pin.signal().xmlName());
            });
            w.put("b_pin", wire.pinB());
            cable.endB().pin(wire.pinB()).ifPresent(pin -> {
                w.put("b_name", pin.name());
                w.put("b_signal", pin.signal().xmlName());
            });
            w.put("colour", wire.colour());
            wires.add(w);
        }
        document.put("wires", wires);
        document.put("notes", notes);
        List<Object> found = new ArrayList<>();
        for (Finding finding : findings) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("severity", finding.severity().name().toLowerCase());
            f.put("check", finding.check());
            f.put("message", finding.message());
            f.put("pins", finding.pins());
            found.add(f);
        }
        document.put("findings", found);
        document.put("passed", !failed);
        return document;
    }
}
