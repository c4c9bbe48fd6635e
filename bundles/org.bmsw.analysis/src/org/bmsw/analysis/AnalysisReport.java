package org.bmsw.analysis;

import java.util.List;
import java.util.Optional;

/**
 * The result of analysing one trace: what it is, what each channel (battery or pack) said, and the findings.
 *
 * @param trace the trace file as given
 * @param format the format detected, e.g. {@code CANDUMP_LOG}
 * @param frames frames read (every channel)
 * @param skippedLines malformed lines skipped
 * @param decoder how the decoder was chosen ({@code auto}, a protocol spec or a profile binding)
 * @param profile the battery profile judged against, or {@code ""}
 * @param startNs time of the first frame
 * @param endNs time of the last frame
 * @param timestamps false when every frame has the same time (a capture printed without time)
 * @param channels the channels that carried battery messages, in order of first appearance
 * @param findings the findings kept in detail, most serious first
 * @param checks per check: count, most serious severity, how many are kept
 * @param readProblems the reader's first problems, {@code file:line: reason}
 * @param reactionS the reaction time allowed to the inverter after a limit change
 * @param limitChanges the limits lowered and permissions withdrawn, each with the reaction observed, in time order
 *        (the first {@value #MAX_LIMIT_CHANGES})
 */
public record AnalysisReport(String trace, String format, long frames, long skippedLines, String decoder,
        String profile, long startNs, long endNs, boolean timestamps, List<ChannelReport> channels,
        List<Finding> findings, List<CheckSummary> checks, List<String> readProblems, double reactionS,
        List<LimitChange> limitChanges) {

    /** Limit changes kept in a report. */
    public static final int MAX_LIMIT_CHANGES = 500;

    public AnalysisReport {
        channels = List.copyOf(channels);
        findings = List.copyOf(findings);
        checks = List.copyOf(checks);
        readProblems = List.copyOf(readProblems);
        limitChanges = List.copyOf(limitChanges);
    }

    /** A report without limit changes, with the default reaction time. */
    public AnalysisReport(String trace, String format, long frames, long skippedLines, String decoder,
            String profile, long startNs, long endNs, boolean timestamps, List<ChannelReport> channels,
            List<Finding> findings, List<CheckSummary> checks, List<String> readProblems) {
        this(trace, format, frames, skippedLines, decoder, profile, startNs, endNs, timestamps, channels, findings,
                checks, readProblems, AnalysisOptions.DEFAULT_REACTION_S, List.of());
    }

    /** {@code time} (x in ns) or {@code row} (x is the frame row) for every {@link Series}. */
    public String xAxis() {
        return timestamps ? "time" : "row";
    }

    /** The most serious severity found, empty when nothing was found. */
    public Optional<Severity> worstSeverity() {
        return checks.stream().map(CheckSummary::severity).max(Enum::compareTo);
    }

    /** True when a finding at or above {@code threshold} exists. */
    public boolean hasFindingAtLeast(Severity threshold) {
        return checks.stream().anyMatch(c -> c.severity().atLeast(threshold));
    }

    /** How many findings a check made (0 when none). */
    public long count(String check) {
        return checks.stream().filter(c -> c.check().equals(check)).mapToLong(CheckSummary::count).sum();
    }

    /** The findings of one check that are kept in detail. */
    public List<Finding> findings(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    /** The range of a quantity over every channel, empty when no channel sent it. */
    public Optional<QuantityRange> range(String quantity) {
        QuantityRange all = null;
        for (ChannelReport channel : channels) {
            Optional<QuantityRange> range = channel.range(quantity);
            if (range.isPresent()) {
                QuantityRange r = range.get();
                all = all == null ? r : new QuantityRange(quantity, Math.min(all.min(), r.min()),
                        Math.max(all.max(), r.max()), all.count() + r.count());
            }
        }
        return Optional.ofNullable(all);
    }
}
