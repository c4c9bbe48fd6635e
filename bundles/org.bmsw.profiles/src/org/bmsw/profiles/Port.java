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
 * @param terminations what the device does about bus termination on this port, per bus; a bus not listed is unknown
 */
public record Port(String id, String label, ConnectorKind connector, String description, List<Pin> pins,
        List<Termination> terminations) {

    public Port {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(description, "description");
        pins = List.copyOf(pins);
        terminations = List.copyOf(terminations);
    }

    /** The pins of one bus, in pin order. */
    public List<Pin> pinsOf(String bus) {
        return pins.stream().filter(pin -> pin.isOn(bus)).toList();
    }

    public Optional<Termination> termination(String bus) {
        return terminations.stream().filter(t -> t.bus().equals(bus)).findFirst();
    }

    /**
     * How a bus is terminated inside the device.
     *
     * @param kind {@code built-in} (always on), {@code switchable} (a DIP switch or jumper), {@code none}
     * @param resistanceOhm the resistor, NaN when not given
     */
    public record Termination(String bus, String kind, double resistanceOhm, String note) {
    }

    public Optional<Pin> pin(int number) {
        return pins.stream().filter(pin -> pin.number() == number).findFirst();
    }
}
