package org.bmsw.pinout;

import java.util.List;
import java.util.Objects;

/**
 * A cable between two ports: end A (the battery, or the first battery of a parallel link) and end B (the inverter,
 * or the next battery).
 */
public record Cable(PortRef endA, PortRef endB, List<Wire> wires) {

    public Cable {
        Objects.requireNonNull(endA, "endA");
        Objects.requireNonNull(endB, "endB");
        wires = List.copyOf(wires);
    }
}
