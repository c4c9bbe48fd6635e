package org.bmsw.analysis;

/**
 * A limit the battery lowered (or a permission it withdrew), and how fast what is measured followed: one row of the
 * report's table of limit changes.
 *
 * @param channel the channel whose decoder gave the limit and the measurement
 * @param check the compliance check that judges it, e.g. {@code compliance.charge_current}
 * @param limit the canonical name of the limit, e.g. {@code charge_current_limit_A}, {@code charge_enable}
 * @param measured what was judged against it: {@code current_A} or {@code voltage_V} (the battery's word), or the
 *        inverter's own measurement, {@code inverter_current_A} or {@code inverter_voltage_V}
 * @param from the limit before (NaN for the first limit of the trace; 1 and 0 for a permission withdrawn)
 * @param to the limit after
 * @param atNs when the battery sent the new limit
 * @param row the frame row that carried it
 * @param reactionS seconds from the change to the first measurement within the new limit (0 when the measurement
 *        was within it already); NaN when it never settled
 * @param allowanceS the reaction time allowed ({@code --reaction-s})
 * @param outcome {@code within} (settled in time), {@code late} (settled after the allowance), {@code not settled}
 *        (by the end of the trace), {@code superseded} (the next change came before it settled)
 */
public record LimitChange(String channel, String check, String limit, String measured, double from, double to,
        long atNs, long row, double reactionS, double allowanceS, String outcome) {

    public static final String WITHIN = "within";
    public static final String LATE = "late";
    public static final String NOT_SETTLED = "not settled";
    public static final String SUPERSEDED = "superseded";
}
