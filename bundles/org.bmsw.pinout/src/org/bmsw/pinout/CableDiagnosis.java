package org.bmsw.pinout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.bmsw.core.record.BusKind;
import org.bmsw.pinout.Finding.Severity;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.profiles.ProtocolBinding.PhysicalLayer;
import org.bmsw.profiles.SignalKind;

/**
 * When the battery is not heard, or only error frames are, names the wires of the active cable to check, the way a
 * technician on the phone would: "check CAN_H battery pin 4 → inverter pin 7, CAN_L 5 → 8, ground 3 → 9".
 */
public final class CableDiagnosis {

    private static final Set<SignalKind> CAN_LINES = EnumSet.of(SignalKind.CAN_H, SignalKind.CAN_L);
    private static final Set<SignalKind> RS485_LINES = EnumSet.of(SignalKind.RS485_A, SignalKind.RS485_B);

    private CableDiagnosis() {
    }

    /**
     * The findings for a cable and what was seen on its link: {@code no-battery-frames}, {@code only-error-frames},
     * {@code error-frames} (a marginal link) or, when the battery is heard cleanly, {@code battery-heard}.
     */
    public static List<Finding> diagnose(Cable cable, TraceFacts facts) {
        String seen = facts.bus() == null ? "in the trace (it is empty)"
                : "in " + seconds(facts.durationS()) + " s";
        List<Finding> findings = new ArrayList<>();
        String fixFirst = WiringChecker.check(cable).stream().filter(Finding::fails).findFirst()
                .map(f -> " The cable itself fails its check (" + f.check() + "): fix that first.").orElse("");
        List<PhysicalLayer> layers = facts.bus() == BusKind.CAN ? List.of(PhysicalLayer.CAN)
                : facts.bus() == BusKind.SERIAL ? List.of(PhysicalLayer.RS485)
                : layersOf(cable);
        if (facts.batteryFrames() == 0 && facts.errorFrames() > 0 && facts.otherFrames() == 0) {
            for (PhysicalLayer layer : layers) {
                Wires wires = wires(cable, layer);
                findings.add(new Finding(Severity.ERROR, "only-error-frames", "only error frames (" + facts.errorFrames()
                        + ") " + seen + ", no frame from the battery: the bus is there but nobody decodes it. Check: "
                        + lines(layer) + " swapped (" + wires.text() + "); " + bitRate(cable, layer)
                        + "; termination missing (with both devices off, measure about 60 ohm between CAN_H and CAN_L)."
                        + fixFirst, wires.pins()));
            }
        } else if (facts.batteryFrames() == 0) {
            for (PhysicalLayer layer : layers) {
                Wires wires = wires(cable, layer);
                String heard = facts.otherFrames() > 0 ? " (the inverter is heard: " + facts.otherFrames() + " frames)"
                        : "";
                findings.add(new Finding(Severity.ERROR, "no-battery-frames", "no frame from the battery " + seen
                        + heard + ": check " + wires.text() + (layer == PhysicalLayer.CAN ? "; check termination" : "")
                        + "; check that the battery is on and set to the protocol the inverter expects ("
                        + bitRate(cable, layer) + ")." + fixFirst, wires.pins()));
            }
        } else if (facts.errorFrames() > 0) {
            Wires wires = wires(cable, layers.get(0));
            findings.add(new Finding(Severity.WARNING, "error-frames", facts.errorFrames() + " error frames among "
                    + (facts.batteryFrames() + facts.otherFrames() + facts.errorFrames()) + " " + seen
                    + ": the battery is heard but the link is marginal. Check termination, the ground wire and the"
                    + " crimping of " + wires.text() + "." + fixFirst, wires.pins()));
        } else {
            findings.add(new Finding(Severity.INFO, "battery-heard", facts.batteryFrames() + " frames from the battery "
                    + seen + ": the cable works.", List.of()));
        }
        return findings;
    }

    /** The layers the cable wires a data line of, CAN first. */
    private static List<PhysicalLayer> layersOf(Cable cable) {
        List<PhysicalLayer> layers = new ArrayList<>();
        for (PhysicalLayer layer : List.of(PhysicalLayer.CAN, PhysicalLayer.RS485)) {
            Set<SignalKind> data = layer == PhysicalLayer.CAN ? CAN_LINES : RS485_LINES;
            if (cable.wires().stream().anyMatch(w -> cable.endA().pin(w.pinA()).map(p -> data.contains(p.signal()))
                    .orElse(false))) {
                layers.add(layer);
            }
        }
        return layers.isEmpty() ? List.of(PhysicalLayer.CAN) : layers;
    }

    private static String lines(PhysicalLayer layer) {
        return layer == PhysicalLayer.CAN ? "CAN_H and CAN_L" : "RS485 A and B";
    }

    /** The wires of one layer's bus and their description, in the order of the cable. */
    private record Wires(String text, List<String> pins) {
    }

    private static Wires wires(Cable cable, PhysicalLayer layer) {
        Set<SignalKind> data = layer == PhysicalLayer.CAN ? CAN_LINES : RS485_LINES;
        Set<String> busesA = buses(cable.endA(), data);
        Set<String> busesB = buses(cable.endB(), data);
        List<String> parts = new ArrayList<>();
        Set<String> pins = new LinkedHashSet<>();
        for (Wire wire : cable.wires()) {
            Optional<Pin> a = cable.endA().pin(wire.pinA());
            Optional<Pin> b = cable.endB().pin(wire.pinB());
            if (a.isEmpty() || b.isEmpty()) {
                continue;
            }
            boolean onBus = a.get().buses().stream().anyMatch(busesA::contains)
                    || b.get().buses().stream().anyMatch(busesB::contains);
            if (!onBus) {
                continue;
            }
            String signal = signalName(a.get().signal());
            parts.add(parts.isEmpty() ? signal + " " + cable.endA().role() + " pin " + wire.pinA() + " → "
                    + cable.endB().role() + " pin " + wire.pinB() : signal + " " + wire.pinA() + " → " + wire.pinB());
            pins.add(cable.endA().role() + " pin " + a.get().label());
            pins.add(cable.endB().role() + " pin " + b.get().label());
        }
        if (parts.isEmpty()) {
            return new Wires("the cable has no " + (layer == PhysicalLayer.CAN ? "CAN" : "RS485") + " wire at all: "
                    + "propose one (bmsw pinout) and wire it", List.of());
        }
        return new Wires(String.join(", ", parts), List.copyOf(pins));
    }

    private static Set<String> buses(PortRef end, Set<SignalKind> data) {
        return end.port().pins().stream().filter(p -> data.contains(p.signal())).flatMap(p -> p.buses().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String signalName(SignalKind signal) {
        return switch (signal) {
        case CAN_H -> "CAN_H";
        case CAN_L -> "CAN_L";
        case RS485_A -> "RS485 A";
        case RS485_B -> "RS485 B";
        case CAN_GND, SIGNAL_GND, GND -> "ground";
        default -> signal.xmlName();
        };
    }

    /** What the two profiles say about the bit rate of the layer, as something to check. */
    private static String bitRate(Cable cable, PhysicalLayer layer) {
        Optional<Integer> a = bitRateOf(cable.endA(), layer);
        Optional<Integer> b = bitRateOf(cable.endB(), layer);
        String unit = layer == PhysicalLayer.CAN ? " kbit/s" : " bit/s";
        if (a.isPresent() && b.isPresent() && !a.equals(b)) {
            return "bit rate mismatch: the " + cable.endA().role() + " profile says " + rate(a.get(), layer) + unit
                    + ", the " + cable.endB().role() + " profile " + rate(b.get(), layer) + unit + "; set both the same";
        }
        return "bit rate mismatch (the profiles say " + a.or(() -> b).map(r -> rate(r, layer) + unit).orElse("nothing")
                + "; check the inverter's battery type setting and the adapter)";
    }

    private static String rate(int bps, PhysicalLayer layer) {
        return layer == PhysicalLayer.CAN ? String.format(Locale.ROOT, "%d", bps / 1000) : String.valueOf(bps);
    }

    private static Optional<Integer> bitRateOf(PortRef end, PhysicalLayer layer) {
        return end.profile().protocols().stream().filter(b -> b.port().equals(end.port().id()) && b.layer() == layer)
                .map(ProtocolBinding::bitrateBps).findFirst();
    }

    private static String seconds(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
