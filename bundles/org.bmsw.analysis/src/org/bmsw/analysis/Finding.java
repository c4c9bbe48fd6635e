package org.bmsw.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One thing the analysis found, with the evidence.
 *
 * @param check the check's id, e.g. {@code compliance.charge_current} ({@link Checks})
 * @param severity info, warning or error
 * @param channel the channel (pack) it concerns, or {@code ""} for the whole trace or stack
 * @param message what a person reads, with values and units
 * @param startNs when it started (trace time base)
 * @param endNs when it ended ({@code == startNs} for a single event; the last frame's time if still going at the end)
 * @param quantity the canonical name of {@code worstValue}, e.g. {@code current_A} or {@code gap_s}; {@code ""} if none
 * @param worstValue the worst value seen during the finding (NaN if none)
 * @param limit the limit it was judged against at the worst moment (NaN if none)
 * @param frames a few frames that prove it (first, worst, last), at most {@link Checks#MAX_FRAMES}
 * @param reaction for a compliance finding, the limit change, the reaction time observed and the worst excess
 *        after the allowance; null for other findings
 */
public record Finding(String check, Severity severity, String channel, String message, long startNs, long endNs,
        String quantity, double worstValue, double limit, List<FrameRef> frames, ReactionDetail reaction) {

    /** A finding without a reaction (every check but compliance). */
    public Finding(String check, Severity severity, String channel, String message, long startNs, long endNs,
            String quantity, double worstValue, double limit, List<FrameRef> frames) {
        this(check, severity, channel, message, startNs, endNs, quantity, worstValue, limit, frames, null);
    }

    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(message, "message");
        quantity = quantity == null ? "" : quantity;
        frames = List.copyOf(frames);
    }

    public long durationNs() {
        return Math.max(0, endNs - startNs);
    }
}
