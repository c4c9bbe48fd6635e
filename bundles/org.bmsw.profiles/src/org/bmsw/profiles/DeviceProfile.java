package org.bmsw.profiles;

import java.util.List;
import java.util.Optional;

/** What battery and inverter profiles share: identity, ports and protocols. */
public sealed interface DeviceProfile permits BatteryProfile, InverterProfile {

    /** Unique among all profiles, e.g. "pylontech.us-series". */
    String id();

    String vendor();

    String model();

    String description();

    /** Where the facts come from (datasheet, manual page), for people checking them. */
    String source();

    List<Port> ports();

    List<ProtocolBinding> protocols();

    /** Where the profile came from: the contributing bundle and descriptor file. */
    ProfileOrigin origin();

    default Optional<Port> port(String portId) {
        return ports().stream().filter(port -> port.id().equals(portId)).findFirst();
    }
}
