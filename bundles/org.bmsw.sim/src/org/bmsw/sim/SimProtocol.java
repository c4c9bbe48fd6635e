package org.bmsw.sim;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The protocols the simulators speak, by the ids of {@code org.bmsw.protocol.DecoderRegistry}. */
public enum SimProtocol {
    PYLON_CAN("pylon-can", true),
    SMA_CAN("sma-can", true),
    PYLON_RS485("pylon-rs485", false);

    private final String id;
    private final boolean can;

    SimProtocol(String id, boolean can) {
        this.id = id;
        this.can = can;
    }

    /** The protocol id, e.g. {@code pylon-can}, as {@code DecoderRegistry.create} takes it. */
    public String id() {
        return id;
    }

    /** True for CAN protocols (a CAN transport, e.g. {@code slcan:}); false for RS485 (a {@code serial:} port). */
    public boolean isCan() {
        return can;
    }

    /**
     * The protocol with this id.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static SimProtocol byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulator for protocol '" + id + "'; known: "
                        + Arrays.stream(values()).map(SimProtocol::id).collect(Collectors.joining(", "))));
    }
}
