package org.bmsw.profiles;

import java.util.List;
import java.util.Objects;

/** An inverter (PCS) and the ports a battery connects to. */
public record InverterProfile(String id, String vendor, String model, String description, String source,
        List<Port> ports, List<ProtocolBinding> protocols, ProfileOrigin origin) implements DeviceProfile {

    public InverterProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        ports = List.copyOf(ports);
        protocols = List.copyOf(protocols);
        Objects.requireNonNull(origin, "origin");
    }
}
