package org.bmsw.pinout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bmsw.pinout.Finding.Severity;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.SignalKind;

/**
 * Checks what a cable means, not only how it is built: which signal meets which, and whether each bus that is
 * wired has its lines, its ground and its termination.
 */
public final class WiringChecker {

    private static final Set<SignalKind> CAN_LINES = EnumSet.of(SignalKind.CAN_H, SignalKind.CAN_L);
    private static final Set<SignalKind> RS485_LINES = EnumSet.of(SignalKind.RS485_A, SignalKind.RS485_B);
    private static final Set<SignalKind> GROUNDS = EnumSet.of(SignalKind.CAN_GND, SignalKind.SIGNAL_GND, SignalKind.GND);
    private static final Set<SignalKind> SIGNAL_GROUNDS = EnumSet.of(SignalKind.CAN_GND, SignalKind.SIGNAL_GND);
    private static final Set<SignalKind> DATA_LINES = EnumSet.of(SignalKind.CAN_H, SignalKind.CAN_L, SignalKind.RS485_A,
            SignalKind.RS485_B);
    private static final Set<SignalKind> POWERED = EnumSet.of(SignalKind.SUPPLY, SignalKind.SWITCH_OUT);

    private WiringChecker() {
    }

    public static List<Finding> check(Cable cable) {
        List<Finding> findings = new ArrayList<>();
        PortRef a = cable.endA();
        PortRef b = cable.endB();
        Map<Integer, Integer> timesA = new HashMap<>();
        Map<Integer, Integer> timesB = new HashMap<>();
        List<Pin[]> pairs = new ArrayList<>();
        for (Wire wire : cable.wires()) {
            Optional<Pin> pinA = a.pin(wire.pinA());
            Optional<Pin> pinB = b.pin(wire.pinB());
            if (pinA.isEmpty() || pinB.isEmpty()) {
                PortRef end = pinA.isEmpty() ? a : b;
                int number = pinA.isEmpty() ? wire.pinA() : wire.pinB();
                findings.add(new Finding(Severity.ERROR, "no-such-pin", end.role() + " port " + end + " has no pin "
                        + number, List.of(end.role() + " pin " + number)));
                continue;
            }
            timesA.merge(wire.pinA(), 1, Integer::sum);
            timesB.merge(wire.pinB(), 1, Integer::sum);
            pairs.add(new Pin[] { pinA.get(), pinB.get() });
            checkPair(a, b, pinA.get(), pinB.get(), findings);
        }
        usedTwice(a, timesA, findings);
        usedTwice(b, timesB, findings);
        checkBuses(cable, a, b, pairs, findings);
        return findings;
    }

    private static String name(PortRef end, Pin pin) {
        return end.role() + " pin " + pin.label();
    }

    private static void checkPair(PortRef a, PortRef b, Pin pinA, Pin pinB, List<Finding> findings) {
        SignalKind sa = pinA.signal();
        SignalKind sb = pinB.signal();
        List<String> pins = List.of(name(a, pinA), name(b, pinB));
        String both = name(a, pinA) + " goes to " + name(b, pinB);
        if (sa == SignalKind.NC || sb == SignalKind.NC) {
            Pin nc = sa == SignalKind.NC ? pinA : pinB;
            PortRef end = sa == SignalKind.NC ? a : b;
            findings.add(new Finding(Severity.ERROR, "nc-wired", name(end, nc)
                    + " is marked NC (not connected) by its maker: leave it free, it may carry something internal. "
                    + both + ".", pins));
            return;
        }
        if (POWERED.contains(sa) || POWERED.contains(sb)) {
            if (sa != sb) {
                Pin powered = POWERED.contains(sa) ? pinA : pinB;
                PortRef end = POWERED.contains(sa) ? a : b;
                String what = powered.signal() == SignalKind.SUPPLY
                        ? "a supply output" + powered.supply().map(s -> " (" + number(s.voltageV()) + " V, at most "
                                + number(s.maxCurrentMa()) + " mA)").orElse("")
                        : "a switched output";
                findings.add(new Finding(Severity.ERROR, powered.signal() == SignalKind.SUPPLY ? "supply-on-signal"
                        : "switch-on-signal", name(end, powered) + " is " + what + "; wired to "
                                + (end == a ? name(b, pinB) : name(a, pinA))
                                + " it can destroy that input or short the supply. Remove this wire.", pins));
            }
            return;
        }
        if (CAN_LINES.contains(sa) && CAN_LINES.contains(sb) && sa != sb) {
            findings.add(new Finding(Severity.ERROR, "can-h-l-swapped", "CAN_H and CAN_L are swapped: " + both
                    + ". Swap these two wires: CAN_H must meet CAN_H and CAN_L meet CAN_L.", pins));
        } else if (RS485_LINES.contains(sa) && RS485_LINES.contains(sb) && sa != sb) {
            findings.add(new Finding(Severity.ERROR, "rs485-a-b-swapped", "RS485 A and B are swapped: " + both
                    + ". Beware the naming trap: most makers call A \"+\" and B \"-\", but some print them the other way"
                    + " round, so check the meaning in both manuals, not the letters; with A and B swapped the link is"
                    + " silent but nothing breaks.", pins));
        } else if (CAN_LINES.contains(sa) && RS485_LINES.contains(sb) || RS485_LINES.contains(sa) && CAN_LINES.contains(sb)) {
            findings.add(new Finding(Severity.ERROR, "can-to-rs485", "CAN wired to RS485: " + both
                    + ". The two buses are not compatible; wire CAN to the CAN pins and RS485 to the RS485 pins.", pins));
        } else if (DATA_LINES.contains(sa) && GROUNDS.contains(sb) || GROUNDS.contains(sa) && DATA_LINES.contains(sb)) {
            findings.add(new Finding(Severity.ERROR, "signal-to-ground", "a data line is shorted to ground: " + both
                    + ".", pins));
        }
    }

    private static void usedTwice(PortRef end, Map<Integer, Integer> times, List<Finding> findings) {
        times.forEach((number, count) -> {
            if (count > 1) {
                Pin pin = end.pin(number).orElseThrow();
                findings.add(new Finding(Severity.ERROR, "pin-used-twice", name(end, pin) + " has " + count
                        + " wires on it; one pin takes one wire.", List.of(name(end, pin))));
            }
        });
    }

    /** Per wired bus pair: both lines present, a common signal ground, termination at both ends. */
    private static void checkBuses(Cable cable, PortRef a, PortRef b, List<Pin[]> pairs, List<Finding> findings) {
        Set<String> checked = new LinkedHashSet<>();
        for (Pin[] pair : pairs) {
            if (!DATA_LINES.contains(pair[0].signal()) || pair[0].signal() != pair[1].signal()) {
                continue;
            }
            for (String busA : pair[0].buses()) {
                for (String busB : pair[1].buses()) {
                    if (checked.add(busA + "|" + busB)) {
                        checkBus(cable, a, b, busA, busB, CAN_LINES.contains(pair[0].signal()), pairs, findings);
                    }
                }
            }
        }
    }

    private static void checkBus(Cable cable, PortRef a, PortRef b, String busA, String busB, boolean can, List<Pin[]> pairs,
            List<Finding> findings) {
        String layer = can ? "CAN" : "RS485";
        Set<SignalKind> lines = can ? CAN_LINES : RS485_LINES;
        for (SignalKind line : lines) {
            boolean wired = pairs.stream().anyMatch(p -> p[0].signal() == line && p[1].signal() == line
                    && p[0].isOn(busA) && p[1].isOn(busB));
            if (!wired) {
                findings.add(new Finding(Severity.ERROR, "line-missing", layer + " bus " + busA + " to " + busB + ": "
                        + signalName(line) + " is not wired; the bus needs both lines.", List.of()));
            }
        }
        Optional<Pin> groundA = a.port().pinsOf(busA).stream().filter(p -> SIGNAL_GROUNDS.contains(p.signal())).findFirst();
        Optional<Pin> groundB = b.port().pinsOf(busB).stream().filter(p -> SIGNAL_GROUNDS.contains(p.signal())).findFirst();
        boolean groundWired = pairs.stream().anyMatch(p -> GROUNDS.contains(p[0].signal()) && GROUNDS.contains(p[1].signal())
                && (p[0].isOn(busA) || p[1].isOn(busB)));
        if (groundA.isPresent() && groundB.isPresent() && !groundWired) {
            findings.add(new Finding(Severity.WARNING, "missing-signal-ground", layer + " bus " + busA + " to " + busB
                    + " has no signal ground: connect " + name(a, groundA.get()) + " to " + name(b, groundB.get())
                    + ". Without it the link may work on the bench and fail next to an inverter switching amps.",
                    List.of(name(a, groundA.get()), name(b, groundB.get()))));
        }
        if (can) {
            checkTermination(cable, busA, busB, findings);
        }
    }

    /**
     * A CAN link between two devices needs one 120 ohm terminator at each end, no more, no less. What terminates an
     * end: the device's built-in resistor, its switch set on (declared in the cable), or a resistor in the cable.
     */
    private static void checkTermination(Cable cable, String busA, String busB, List<Finding> findings) {
        List<String> lines = new ArrayList<>();
        for (Terminator.End end : Terminator.End.values()) {
            PortRef port = cable.end(end);
            String bus = end == Terminator.End.A ? busA : busB;
            port.port().pinsOf(bus).stream().filter(p -> CAN_LINES.contains(p.signal())).forEach(p -> lines.add(name(port, p)));
        }
        List<String> present = new ArrayList<>();
        List<Double> ohms = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> unterminated = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        for (Terminator.End end : Terminator.End.values()) {
            PortRef port = cable.end(end);
            String bus = end == Terminator.End.A ? busA : busB;
            List<Terminator> inCable = cable.terminators().stream().filter(t -> t.end() == end && t.bus().equals(bus))
                    .toList();
            Optional<Port.Termination> device = port.port().termination(bus);
            int count = 0;
            boolean known = true;
            String kind = device.map(Port.Termination::kind).orElse("");
            if (kind.equals("built-in")) {
                present.add("the " + port.role() + "'s built-in terminator");
                ohms.add(Double.isNaN(device.get().resistanceOhm()) ? Terminator.CAN_OHM : device.get().resistanceOhm());
                count++;
            } else if (kind.equals("switchable") && inCable.stream().noneMatch(t -> t.by() == Terminator.By.DEVICE_SWITCH)) {
                findings.add(new Finding(Severity.INFO, "termination-switch", name(port) + " bus " + bus
                        + " has a termination switch: set it on at the ends of the bus and off in between, and say so"
                        + " in the cable file ('" + WireList.TERMINATION_PREFIX + "end=" + end.key() + " bus=" + bus
                        + " by=device-switch'). " + device.get().note(), List.of()));
                known = false;
            } else if (device.isEmpty() && inCable.stream().noneMatch(t -> t.by() == Terminator.By.DEVICE_SWITCH)) {
                known = false;
            }
            for (Terminator terminator : inCable) {
                present.add(terminator.describe(cable));
                ohms.add(terminator.resistanceOhm());
                count++;
            }
            if (count >= 2) {
                doubled.add(port.role() + " end");
            } else if (count == 0 && known) {
                unterminated.add(port.role() + " end");
            } else if (count == 0) {
                unknown.add(port.role() + " end");
            }
        }
        String link = "CAN bus " + busA + " to " + busB;
        double parallelOhm = 1 / ohms.stream().mapToDouble(r -> 1 / r).sum();
        String measured = ohms.isEmpty() ? "" : " With both devices off, CAN_H to CAN_L now measures about "
                + Terminator.ohm(parallelOhm) + " ohm" + (Math.abs(parallelOhm - 60) < 1
                        ? ", which looks right on a meter, but both terminators sit at one end."
                        : " instead of 60 ohm.");
        if (!doubled.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, "termination-doubled", link + " is terminated twice at the "
                    + String.join(" and the ", doubled) + ": " + String.join(", ", present) + "." + measured
                    + " A CAN link needs exactly one 120 ohm terminator at each end; too many load the bus and frames get"
                    + " lost. Remove the extra one (take the resistor out of the plug or turn the device's switch off).",
                    lines));
        }
        if (!unterminated.isEmpty()) {
            findings.add(new Finding(Severity.WARNING, "termination-missing", link + ": nothing terminates the bus at the "
                    + String.join(" and the ", unterminated) + "; " + present.size() + " of the 2 ends needed"
                    + (present.isEmpty() ? "" : " (" + String.join(", ", present) + ")") + "." + measured
                    + " Add 120 ohm between CAN_H and CAN_L there (a terminating plug or the switch on the adapter).",
                    lines));
        }
        if (!unknown.isEmpty() && doubled.isEmpty() && unterminated.isEmpty()) {
            findings.add(new Finding(Severity.INFO, "termination", link + ": the profiles do not say how the "
                    + String.join(" and the ", unknown) + " terminate" + (unknown.size() == 1 ? "s" : "") + " it"
                    + (present.isEmpty() ? "" : " (known: " + String.join(", ", present) + ")")
                    + ". Each end needs 120 ohm: with both devices off, measure about 60 ohm between CAN_H and CAN_L"
                    + " (120 ohm means one terminator is missing, 40 ohm one too many).", List.of()));
        }
    }

    private static String name(PortRef end) {
        return "the " + end.role() + " port " + end;
    }

    private static String signalName(SignalKind signal) {
        return switch (signal) {
        case CAN_H -> "CAN_H";
        case CAN_L -> "CAN_L";
        case RS485_A -> "RS485 A";
        case RS485_B -> "RS485 B";
        default -> signal.xmlName();
        };
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
