package org.bmsw.pinout;

import java.util.List;
import java.util.Objects;

/**
 * A cable between two ports: end A (the battery, or the first battery of a parallel link) and end B (the inverter,
 * or the next battery).
 *
 * @param terminators the termination the cable brings or the installer set, beyond what the profiles say the
 *        devices do on their own: a resistor in a plug, a device's termination switch turned on
 */
public record Cable(PortRef endA, PortRef endB, List<Wire> wires, List<Terminator> terminators) {

    public Cable {
        Objects.requireNonNull(endA, "endA");
        Objects.requireNonNull(endB, "endB");
        wires = List.copyOf(wires);
        terminators = List.copyOf(terminators);
    }

    /** A cable of plain wires, with no termination of its own. */
    public Cable(PortRef endA, PortRef endB, List<Wire> wires) {
        this(endA, endB, wires, List.of());
    }

    /** The same ends and terminators with other wires (what an edit of the wiring makes). */
    public Cable withWires(List<Wire> newWires) {
        return new Cable(endA, endB, newWires, terminators);
    }

    /** The end a terminator is at. */
    public PortRef end(Terminator.End end) {
        return end == Terminator.End.A ? endA : endB;
    }
}
