package org.bmsw.engine.fleet;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bmsw.analysis.Severity;

/**
 * One trace of a fleet, as the fleet summary lists it: what it is and its verdict, or why it could not be read.
 * Small on purpose (the decoded data and the full report are not kept), and {@link Serializable} so that a Spark
 * task can send it to the driver.
 *
 * @param trace the trace's name: its path relative to the folder given (or the path given), {@code /} separated
 * @param reason why it could not be read ({@code name: reason}), or {@code ""} when it was analysed
 * @param worstSeverity the most serious severity found; null when nothing was found or the trace was unreadable
 *            (a plain field, not an Optional, so the entry stays serializable)
 * @param format the format detected, e.g. {@code CANDUMP_LOG}
 * @param frames frames read
 * @param skippedLines malformed lines skipped
 * @param durationS seconds from the first to the last frame
 * @param timestamps false when every frame has the same time
 * @param decoder how the decoder was chosen
 * @param packs per channel that carried battery messages: its protocol and variant
 * @param battery the battery's identity fields the protocol carried (canonical names), absent ones left out
 * @param worstFindings the report's first findings (most serious first), at most {@link FleetAnalyzer#WORST_FINDINGS}
 * @param checks per check: its most serious severity, how many findings, their summed duration
 */
public record FleetEntry(String trace, String reason, Severity worstSeverity, String format, long frames,
        long skippedLines, double durationS, boolean timestamps, String decoder, List<Pack> packs,
        Map<String, String> battery, List<WorstFinding> worstFindings, List<CheckCount> checks)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public FleetEntry {
        packs = List.copyOf(packs);
        battery = Map.copyOf(battery);
        worstFindings = List.copyOf(worstFindings);
        checks = List.copyOf(checks);
    }

    /** An entry for a trace that could not be read (or not analysed), with the reason. */
    public static FleetEntry unreadable(String trace, String reason) {
        return new FleetEntry(trace, reason, null, "", 0, 0, 0, false, "", List.of(), Map.of(),
                List.of(), List.of());
    }

    /** The most serious severity found; empty when nothing was found or the trace was unreadable. */
    public Optional<Severity> worst() {
        return Optional.ofNullable(worstSeverity);
    }

    public boolean readable() {
        return reason.isEmpty();
    }

    /** {@code error}, {@code warning}, {@code info}, {@code clean} (nothing found) or {@code unreadable}. */
    public String verdict() {
        if (!readable()) {
            return "unreadable";
        }
        return worst().map(Severity::canonicalName).orElse("clean");
    }

    /**
     * One channel's protocol, layout and variant choices.
     *
     * @param channel e.g. {@code can0}
     * @param protocol e.g. {@code pylon-can}
     * @param layout the layout detected, or {@code ""}
     * @param variants the decoder's variant choices
     * @param messages battery messages decoded
     */
    public record Pack(String channel, String protocol, String layout, List<String> variants, long messages)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public Pack {
            variants = List.copyOf(variants);
        }
    }

    /** A finding in short: enough to tell what went wrong without opening the trace's report. */
    public record WorstFinding(String check, Severity severity, String channel, String message, String quantity,
            double worstValue, double limit, long startNs, double durationS) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One check in one trace: its most serious severity, how many findings, their summed duration. */
    public record CheckCount(String check, Severity severity, long count, double totalDurationS)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
