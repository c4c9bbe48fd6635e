package org.bmsw.analysis.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.CheckSummary;
import org.bmsw.analysis.Checks;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.Severity;

/** Keeps the first findings of each check in detail and counts all of them, so memory stays bounded. */
public final class FindingCollector {

    private static final class Tally {
        final List<Finding> kept = new ArrayList<>();
        long count;
        long durationNs;
        Severity severity = Severity.INFO;
        Finding longest;
    }

    private final int maxPerCheck;
    private final Map<String, Tally> tallies = new LinkedHashMap<>();

    public FindingCollector(int maxPerCheck) {
        this.maxPerCheck = maxPerCheck;
    }

    public void add(Finding finding) {
        if (finding == null) {
            return;
        }
        Tally tally = count(finding.check(), finding.severity(), finding.durationNs());
        if (tally.kept.size() < maxPerCheck) {
            tally.kept.add(finding);
        } else if (tally.longest == null || finding.durationNs() > tally.longest.durationNs()) {
            // beyond the first ones, the longest is the one a person wants to see
            tally.longest = finding;
        }
    }

    /**
     * Whether {@link #add} would keep a finding of {@code check} lasting {@code durationNs}: when not, its message
     * need not be written, and {@link #addUnkept} counts it the same.
     */
    public boolean keeps(String check, long durationNs) {
        Tally tally = tallies.get(check);
        return tally == null || tally.kept.size() < maxPerCheck || tally.longest == null
                || durationNs > tally.longest.durationNs();
    }

    /** Counts a finding that {@link #keeps} said would not be kept, as {@link #add} would. */
    public void addUnkept(String check, Severity severity, long durationNs) {
        count(check, severity, durationNs);
    }

    private Tally count(String check, Severity severity, long durationNs) {
        Tally tally = tallies.computeIfAbsent(check, c -> new Tally());
        tally.count++;
        tally.durationNs += durationNs;
        if (severity.compareTo(tally.severity) > 0) {
            tally.severity = severity;
        }
        return tally;
    }

    /** Findings kept, most serious first, then by time. */
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>();
        for (Tally t : tallies.values()) {
            all.addAll(t.kept);
            if (t.longest != null && t.kept.stream().allMatch(f -> f.durationNs() < t.longest.durationNs())) {
                all.add(t.longest);
            }
        }
        all.sort((a, b) -> a.severity() != b.severity() ? b.severity().compareTo(a.severity())
                : a.startNs() != b.startNs() ? Long.compare(a.startNs(), b.startNs())
                        : a.check().compareTo(b.check()));
        return all;
    }

    /** One summary per check that found something, in the order of {@link Checks#descriptions()}. */
    public List<CheckSummary> summaries() {
        List<CheckSummary> list = new ArrayList<>();
        for (String check : Checks.descriptions().keySet()) {
            Tally t = tallies.get(check);
            if (t != null) {
                boolean longestToo = t.longest != null
                        && t.kept.stream().allMatch(f -> f.durationNs() < t.longest.durationNs());
                list.add(new CheckSummary(check, t.severity, t.count, t.kept.size() + (longestToo ? 1 : 0),
                        t.durationNs));
            }
        }
        return list;
    }
}
