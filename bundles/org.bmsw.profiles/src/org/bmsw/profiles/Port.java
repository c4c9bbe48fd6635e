package org.bmsw.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A communication port of a device, e.g. the battery's RJ45 "PCS" port or the inverter's 16-pin
 * multifunction terminal.
 *
 * @param id the port's name on the device, unique within the profile ("PCS", "CAN", "COM")
 * @param label a longer name for people
 */
public record Port(String id, String label, ConnectorKind connector, String description, List<Pin> pins) {

    public Port {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(description, "description");
        pins = List.copyOf(pins);
    }

    public Optional<Pin> pin(int number) {
        return pins.stream().filter(pin -> pin.number() == number).findFirst();
    }
}
