package org.bmsw.analysis;

import java.util.LinkedHashMap;
import java.util.Map;

/** The check ids a {@link Finding} carries, with what each means; the JSON report and expectations use them. */
public final class Checks {

    public static final String PROTOCOL_DETECTED = "protocol.detected";
    public static final String PROTOCOL_UNKNOWN = "protocol.unknown";
    public static final String PROTOCOL_MISSING_IDS = "protocol.missing_ids";
    public static final String PROTOCOL_PROBLEMS = "protocol.problems";
    public static final String LAYOUT_MISMATCH = "layout.mismatch";
    public static final String TIMING_NO_TIMESTAMPS = "timing.no_timestamps";
    public static final String TIMING_PERIOD = "timing.period";
    public static final String TIMING_GAP = "timing.gap";
    public static final String VALUES_FROZEN = "values.frozen";
    public static final String VALUES_RANGE = "values.range";
    public static final String VALUES_INCONSISTENT = "values.inconsistent";
    public static final String PROFILE_RANGE = "profile.range";
    public static final String COMPLIANCE_CHARGE_CURRENT = "compliance.charge_current";
    public static final String COMPLIANCE_DISCHARGE_CURRENT = "compliance.discharge_current";
    public static final String COMPLIANCE_CHARGE_VOLTAGE = "compliance.charge_voltage";
    public static final String COMPLIANCE_DISCHARGE_VOLTAGE = "compliance.discharge_voltage";
    public static final String COMPLIANCE_CHARGE_ENABLE = "compliance.charge_enable";
    public static final String COMPLIANCE_DISCHARGE_ENABLE = "compliance.discharge_enable";
    public static final String ALARMS_PROTECTION = "alarms.protection";
    public static final String ALARMS_WARNING = "alarms.warning";
    public static final String SOC_JUMP = "soc.jump";
    public static final String PACKS_MODULE_COUNT = "packs.module_count";
    public static final String PACKS_DROPOUT = "packs.dropout";
    public static final String PACKS_SOC_SPREAD = "packs.soc_spread";
    public static final String PACKS_VOLTAGE_SPREAD = "packs.voltage_spread";

    /** Proving frames kept per finding. */
    public static final int MAX_FRAMES = 5;

    private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

    static {
        d(PROTOCOL_DETECTED, "info: the protocol, layout and variants each channel was decoded with, and why");
        d(PROTOCOL_UNKNOWN, "error: no battery message could be decoded (info for a channel without one)");
        d(PROTOCOL_MISSING_IDS, "identifiers the detected layout requires that never came; error when 0x351 "
                + "(the limits) is missing, warning otherwise");
        d(PROTOCOL_PROBLEMS, "warning: frames the decoder flagged (negative limit, bad length or checksum), one "
                + "finding per kind of problem");
        d(LAYOUT_MISMATCH, "frames of an identifier that do not fit the layout it is decoded with (shorter than the "
                + "layout, or values no battery can have: a cell at 1 mV, a minimum above its maximum, -273 °C): one "
                + "finding per identifier with the bytes and what the layout needs; their values are left out of the "
                + "state and the other checks. Info when no frame of the identifier fits, warning when some do");
        d(TIMING_NO_TIMESTAMPS, "info: the trace has no time, so periods, gaps, durations and frozen values "
                + "were not checked");
        d(TIMING_PERIOD, "warning: an identifier's mean period outside the protocol's limits (Pylon CAN 1 s, "
                + "0.5-2 s accepted; SMA CAN 1 s, 0.2-60 s)");
        d(TIMING_GAP, "a gap between two frames of one identifier longer than the protocol allows: warning above "
                + "2 s for Pylon CAN, error from 60 s for SMA CAN (Sunny Island's ExtBMSTimeout), warning above "
                + "60 s for polled serial protocols");
        d(VALUES_FROZEN, "warning: a measured value (voltage_V, min_cell_mV, max_cell_mV) bit-identical for 10 min "
                + "or more over 60 or more frames: a frozen BMS or a replayed frame");
        d(VALUES_RANGE, "a value outside what any battery sends: soc_pct, soh_pct outside 0-100 % (error); cell "
                + "voltages outside 1500-4500 mV, temperatures outside -40..90 °C (warning)");
        d(VALUES_INCONSISTENT, "error: min_cell_mV above max_cell_mV, or min_cell_temp_C above max_cell_temp_C");
        d(PROFILE_RANGE, "against the profile's ratings (--profile): CVL above the rated maximum voltage, DVL below "
                + "the minimum, CCL/DCL or the current above the rated current times module_count (error); "
                + "voltage_V outside the rated range by more than 2 % (warning)");
        d(COMPLIANCE_CHARGE_CURRENT, "error: current_A above charge_current_limit_A by more than max(1 A, 2 %)");
        d(COMPLIANCE_DISCHARGE_CURRENT, "error: discharge current (-current_A) above discharge_current_limit_A by "
                + "more than max(1 A, 2 %)");
        d(COMPLIANCE_CHARGE_VOLTAGE, "error: voltage_V above charge_voltage_limit_V by more than 0.2 V");
        d(COMPLIANCE_DISCHARGE_VOLTAGE, "error: voltage_V below discharge_voltage_limit_V by more than 0.2 V");
        d(COMPLIANCE_CHARGE_ENABLE, "error: charging (current_A above 1 A) while charge_enable is false");
        d(COMPLIANCE_DISCHARGE_ENABLE, "error: discharging (current_A below -1 A) while discharge_enable is false");
        d(ALARMS_PROTECTION, "error: a protection episode (start, end, duration)");
        d(ALARMS_WARNING, "warning: a warning episode (start, end, duration)");
        d(SOC_JUMP, "warning: soc_pct changed by 5 points or more between two consecutive values less than 5 min "
                + "apart");
        d(PACKS_MODULE_COUNT, "module_count changed: error when it fell (a pack left the stack), warning when it "
                + "rose");
        d(PACKS_DROPOUT, "error: in a trace with several packs (one per channel), a pack silent for more than 10 s "
                + "while the others went on");
        d(PACKS_SOC_SPREAD, "warning: packs in parallel disagree: soc_pct more than 10 points apart (packs that "
                + "sent within the last 10 s)");
        d(PACKS_VOLTAGE_SPREAD, "warning: packs in parallel disagree: voltage_V more than 1 V apart (packs that "
                + "sent within the last 10 s)");
    }

    private static void d(String id, String description) {
        DESCRIPTIONS.put(id, description);
    }

    private Checks() {
    }

    /** Every check id with its description, in report order. */
    public static Map<String, String> descriptions() {
        return java.util.Collections.unmodifiableMap(DESCRIPTIONS);
    }

    /** True for a known check id. */
    public static boolean isKnown(String id) {
        return DESCRIPTIONS.containsKey(id);
    }
}
