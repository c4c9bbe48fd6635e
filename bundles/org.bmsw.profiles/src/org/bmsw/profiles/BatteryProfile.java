package org.bmsw.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A battery model as its vendor describes it. */
public record BatteryProfile(String id, String vendor, String model, String description, String source,
        List<Port> ports, List<ProtocolBinding> protocols, List<LedIndicator> leds, List<AlarmDefinition> alarms,
        Optional<NominalLimits> limits, ProfileOrigin origin) implements DeviceProfile {

    public BatteryProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        ports = List.copyOf(ports);
        protocols = List.copyOf(protocols);
        leds = List.copyOf(leds);
        alarms = List.copyOf(alarms);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(origin, "origin");
    }
}
