package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Optional;

/**
 * The numeric quantities of a {@link BatteryState}, with the canonical names every decoder, view, check and
 * JSON output uses. The unit is part of the name; values are plain numbers in that unit.
 */
public enum Quantity {
    CHARGE_VOLTAGE_LIMIT("charge_voltage_limit_V", "V", "Charge voltage limit (CVL)"),
    CHARGE_CURRENT_LIMIT("charge_current_limit_A", "A", "Charge current limit (CCL)"),
    /** A magnitude: a negative raw value is flagged by the decoder, not stored negative. */
    DISCHARGE_CURRENT_LIMIT("discharge_current_limit_A", "A", "Discharge current limit (DCL)"),
    DISCHARGE_VOLTAGE_LIMIT("discharge_voltage_limit_V", "V", "Discharge voltage limit (DVL)"),
    SOC("soc_pct", "%", "State of charge"),
    SOC_HIRES("soc_hires_pct", "%", "State of charge, 0.01 % resolution"),
    SOH("soh_pct", "%", "State of health"),
    VOLTAGE("voltage_V", "V", "Pack voltage"),
    /** Positive while charging, whatever sign convention the wire uses. */
    CURRENT("current_A", "A", "Pack current (+ charging)"),
    TEMPERATURE("temperature_C", "°C", "Pack temperature"),
    MODULE_COUNT("module_count", "1", "Modules in parallel"),
    MIN_CELL_VOLTAGE("min_cell_mV", "mV", "Lowest cell voltage"),
    MAX_CELL_VOLTAGE("max_cell_mV", "mV", "Highest cell voltage"),
    MIN_CELL_TEMPERATURE("min_cell_temp_C", "°C", "Lowest cell temperature"),
    MAX_CELL_TEMPERATURE("max_cell_temp_C", "°C", "Highest cell temperature"),
    INSTALLED_CAPACITY("installed_capacity_Ah", "Ah", "Installed capacity"),
    CHARGED_ENERGY("charged_energy_kWh", "kWh", "Charged energy (lifetime)"),
    DISCHARGED_ENERGY("discharged_energy_kWh", "kWh", "Discharged energy (lifetime)");

    private final String canonicalName;
    private final String unit;
    private final String label;

    Quantity(String canonicalName, String unit, String label) {
        this.canonicalName = canonicalName;
        this.unit = unit;
        this.label = label;
    }

    /** The name in JSON, CLI output and profiles, e.g. {@code charge_voltage_limit_V}. */
    public String canonicalName() {
        return canonicalName;
    }

    /** The unit the value is in ({@code "1"} for a plain count). */
    public String unit() {
        return unit;
    }

    /** A label for people, e.g. "Charge voltage limit (CVL)". */
    public String label() {
        return label;
    }

    public static Optional<Quantity> byName(String canonicalName) {
        return Arrays.stream(values()).filter(q -> q.canonicalName.equals(canonicalName)).findFirst();
    }
}
