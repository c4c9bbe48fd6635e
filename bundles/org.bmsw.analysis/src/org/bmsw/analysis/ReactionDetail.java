package org.bmsw.analysis;

/**
 * What a compliance finding says about the inverter's reaction: the limit change it concerns (if one opened it),
 * the reaction time observed and the worst excess after the reaction time allowed.
 *
 * @param limit the canonical name of the limit, e.g. {@code charge_current_limit_A}
 * @param from the limit before the change; NaN when no change opened the finding (a steady limit exceeded)
 * @param to the limit after the change (the limit at the worst moment when there was no change)
 * @param changeNs when the battery sent the new limit; the start of the excess when there was no change
 * @param reactionS seconds from the change (or the start of the excess) until the measurement was within the
 *        limit again; NaN when it was not by the end of the trace or the next change
 * @param allowanceS the reaction time allowed
 * @param excess the worst amount beyond the limit (and its tolerance) after the allowance, in the measured unit
 */
public record ReactionDetail(String limit, double from, double to, long changeNs, double reactionS,
        double allowanceS, double excess) {
}
