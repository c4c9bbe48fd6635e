package org.bmsw.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One pin of a port.
 *
 * @param number the pin number printed on the connector (1-based)
 * @param name the vendor's name, e.g. "CAN1_H", "485TX0+"
 * @param signal what it carries
 * @param buses the buses the pin belongs to: pins with the same bus name form one CAN or RS485 bus; a shared
 *        signal ground may belong to several
 * @param note the vendor's note, e.g. "BMS communication GND"
 * @param supply the rating of a supply pin
 */
public record Pin(int number, String name, SignalKind signal, List<String> buses, String note,
        Optional<SupplyRating> supply) {

    public Pin {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signal, "signal");
        buses = List.copyOf(buses);
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(supply, "supply");
    }

    public boolean isOn(String bus) {
        return buses.contains(bus);
    }

    /** "4 (CAN1_H)": how technicians name a pin. */
    public String label() {
        return number + " (" + name + ")";
    }

    /** The limit of a supply pin, e.g. 12 V at most 400 mA / 5 W; a value not given is NaN. */
    public record SupplyRating(double voltageV, double maxCurrentMa, double maxPowerW) {
    }
}
