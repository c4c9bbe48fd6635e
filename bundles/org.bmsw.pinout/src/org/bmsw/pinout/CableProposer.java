package org.bmsw.pinout;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.ConnectorKind;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.profiles.ProtocolBinding.PhysicalLayer;
import org.bmsw.profiles.SignalKind;

/**
 * Proposes the cable between two ports from what the profiles say: for each bus both ends speak a protocol on,
 * CAN_H to CAN_H, CAN_L to CAN_L, RS485 A to A, B to B, and the signal grounds together; nothing on NC, supply or
 * switch pins. Two batteries on the same kind of port get a straight patch cable (their parallel link).
 */
public final class CableProposer {

    private static final Set<SignalKind> GROUNDS = EnumSet.of(SignalKind.CAN_GND, SignalKind.SIGNAL_GND);
    private static final Set<SignalKind> NOT_FOR_STRAIGHT_CABLES = EnumSet.of(SignalKind.NC);

    /** The proposed cable and what the technician should know about it. */
    public record Proposal(Cable cable, List<String> notes) {
    }

    private CableProposer() {
    }

    public static Proposal propose(PortRef endA, PortRef endB) {
        if (endA.profile() instanceof BatteryProfile && endB.profile() instanceof BatteryProfile
                && endA.port().connector() == endB.port().connector()) {
            return straight(endA, endB);
        }
        List<Wire> wires = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<Integer> usedA = new HashSet<>();
        Set<Integer> usedB = new HashSet<>();
        for (Link link : links(endA, endB, notes)) {
            if (link.layer() == PhysicalLayer.CAN) {
                connect(endA, endB, link, EnumSet.of(SignalKind.CAN_H), EnumSet.of(SignalKind.CAN_H), wires, usedA, usedB);
                connect(endA, endB, link, EnumSet.of(SignalKind.CAN_L), EnumSet.of(SignalKind.CAN_L), wires, usedA, usedB);
            } else {
                connect(endA, endB, link, EnumSet.of(SignalKind.RS485_A), EnumSet.of(SignalKind.RS485_A), wires, usedA, usedB);
                connect(endA, endB, link, EnumSet.of(SignalKind.RS485_B), EnumSet.of(SignalKind.RS485_B), wires, usedA, usedB);
            }
            connect(endA, endB, link, GROUNDS, GROUNDS, wires, usedA, usedB);
        }
        List<String> free = endA.port().pins().stream().filter(pin -> !usedA.contains(pin.number()))
                .map(Pin::label).toList();
        if (!free.isEmpty()) {
            notes.add(endA.role() + " pins left free: " + String.join(", ", free));
        }
        return new Proposal(new Cable(endA, endB, wires), notes);
    }

    /** A bus on each end that both profiles run the same physical layer on. */
    private record Link(PhysicalLayer layer, String busA, String busB) {
    }

    private static List<Link> links(PortRef endA, PortRef endB, List<String> notes) {
        Set<Link> links = new LinkedHashSet<>();
        for (ProtocolBinding bindingA : bindings(endA)) {
            Optional<ProtocolBinding> bindingB = bindings(endB).stream()
                    .filter(b -> b.layer() == bindingA.layer()).findFirst();
            if (bindingB.isEmpty()) {
                notes.add(endA.role() + " port " + endA.port().id() + " speaks " + bindingA.layer().name()
                        + ", but " + endB + " has no " + bindingA.layer().name() + " protocol: not wired");
                continue;
            }
            Optional<String> busA = busOf(endA, bindingA);
            Optional<String> busB = busOf(endB, bindingB.get());
            if (busA.isPresent() && busB.isPresent()) {
                links.add(new Link(bindingA.layer(), busA.get(), busB.get()));
            }
        }
        return new ArrayList<>(links);
    }

    private static List<ProtocolBinding> bindings(PortRef end) {
        return end.profile().protocols().stream().filter(b -> b.port().equals(end.port().id())).toList();
    }

    /** The bus a binding names, or the only bus of the port that carries its layer's signals. */
    private static Optional<String> busOf(PortRef end, ProtocolBinding binding) {
        if (binding.bus().isPresent()) {
            return binding.bus();
        }
        Set<SignalKind> layerSignals = binding.layer() == PhysicalLayer.CAN
                ? EnumSet.of(SignalKind.CAN_H, SignalKind.CAN_L)
                : EnumSet.of(SignalKind.RS485_A, SignalKind.RS485_B);
        return end.port().pins().stream().filter(pin -> layerSignals.contains(pin.signal()))
                .flatMap(pin -> pin.buses().stream()).findFirst();
    }

    private static void connect(PortRef endA, PortRef endB, Link link, Set<SignalKind> signalsA,
            Set<SignalKind> signalsB, List<Wire> wires, Set<Integer> usedA, Set<Integer> usedB) {
        Optional<Pin> pinA = firstPin(endA, link.busA(), signalsA);
        Optional<Pin> pinB = firstPin(endB, link.busB(), signalsB);
        if (pinA.isEmpty() || pinB.isEmpty()) {
            return;
        }
        if (usedA.contains(pinA.get().number()) || usedB.contains(pinB.get().number())) {
            return; // a ground shared by two buses is wired once
        }
        usedA.add(pinA.get().number());
        usedB.add(pinB.get().number());
        wires.add(new Wire(pinA.get().number(), pinB.get().number(), colour(endA, endB, pinA.get(), pinB.get())));
    }

    private static Optional<Pin> firstPin(PortRef end, String bus, Set<SignalKind> signals) {
        return end.port().pinsOf(bus).stream().filter(pin -> signals.contains(pin.signal())).findFirst();
    }

    /** The T568B colour of the RJ45 end, as a technician cutting a patch cable sees it. */
    private static String colour(PortRef endA, PortRef endB, Pin pinA, Pin pinB) {
        if (endA.port().connector() == ConnectorKind.RJ45) {
            return WireColour.t568b(pinA.number()).displayName();
        }
        if (endB.port().connector() == ConnectorKind.RJ45) {
            return WireColour.t568b(pinB.number()).displayName();
        }
        return "";
    }

    private static Proposal straight(PortRef endA, PortRef endB) {
        List<Wire> wires = new ArrayList<>();
        for (Pin pinA : endA.port().pins()) {
            Optional<Pin> pinB = endB.pin(pinA.number());
            if (pinB.isPresent() && !NOT_FOR_STRAIGHT_CABLES.contains(pinA.signal())
                    && !NOT_FOR_STRAIGHT_CABLES.contains(pinB.get().signal())) {
                wires.add(new Wire(pinA.number(), pinA.number(), endA.port().connector() == ConnectorKind.RJ45
                        ? WireColour.t568b(pinA.number()).displayName()
                        : ""));
            }
        }
        return new Proposal(new Cable(endA, endB, wires),
                List.of("battery to battery: a straight patch cable, the same standard (T568B) at both ends"));
    }
}
