package org.bmsw.pinout;

import java.util.Objects;
import java.util.Optional;

import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileRegistry;

/** One port of one profile, e.g. {@code seed.lv-battery:PCS}: one end of a cable. */
public record PortRef(DeviceProfile profile, Port port) {

    public PortRef {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(port, "port");
    }

    /**
     * Finds {@code PROFILE:PORT} in the registry.
     *
     * @throws IllegalArgumentException naming what is missing and what exists
     */
    public static PortRef parse(String reference, ProfileRegistry registry) {
        int colon = reference.lastIndexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new IllegalArgumentException("'" + reference + "' is not PROFILE:PORT, e.g. seed.lv-battery:PCS");
        }
        String profileId = reference.substring(0, colon);
        String portId = reference.substring(colon + 1);
        DeviceProfile profile = registry.find(profileId).orElseThrow(() -> new IllegalArgumentException(
                "no profile '" + profileId + "' (bmsw profiles lists them)"));
        Port port = profile.port(portId).orElseThrow(() -> new IllegalArgumentException("profile " + profileId
                + " has no port '" + portId + "'; its ports: "
                + String.join(", ", profile.ports().stream().map(Port::id).toList())));
        return new PortRef(profile, port);
    }

    public Optional<Pin> pin(int number) {
        return port.pin(number);
    }

    /** "battery" or "inverter", for messages. */
    public String role() {
        return profile instanceof BatteryProfile ? "battery" : "inverter";
    }

    @Override
    public String toString() {
        return profile.id() + ":" + port.id();
    }
}
