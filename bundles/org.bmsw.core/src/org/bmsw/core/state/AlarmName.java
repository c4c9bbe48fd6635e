package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical alarm vocabulary. Each protocol maps its own bits onto these names (Pylon 0x359, SMA 0x35A
 * pairs, RS485 0x44); a vendor profile adds its texts to them, not new meanings.
 */
public enum AlarmName {
    GENERAL("general", "General alarm"),
    HIGH_VOLTAGE("high_voltage", "High voltage"),
    LOW_VOLTAGE("low_voltage", "Low voltage"),
    HIGH_TEMPERATURE("high_temperature", "High temperature"),
    LOW_TEMPERATURE("low_temperature", "Low temperature"),
    HIGH_CHARGE_TEMPERATURE("high_charge_temperature", "High temperature while charging"),
    LOW_CHARGE_TEMPERATURE("low_charge_temperature", "Low temperature while charging"),
    DISCHARGE_OVER_CURRENT("discharge_over_current", "Discharge over-current"),
    CHARGE_OVER_CURRENT("charge_over_current", "Charge over-current"),
    CONTACTOR("contactor", "Contactor"),
    SHORT_CIRCUIT("short_circuit", "Short circuit"),
    BMS_INTERNAL("bms_internal", "BMS internal error"),
    INTERNAL_COMMUNICATION("internal_communication", "Internal communication failure"),
    CELL_IMBALANCE("cell_imbalance", "Cell imbalance");

    private final String canonicalName;
    private final String label;

    AlarmName(String canonicalName, String label) {
        this.canonicalName = canonicalName;
        this.label = label;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public String label() {
        return label;
    }

    public static Optional<AlarmName> byName(String canonicalName) {
        return Arrays.stream(values()).filter(a -> a.canonicalName.equals(canonicalName)).findFirst();
    }
}
