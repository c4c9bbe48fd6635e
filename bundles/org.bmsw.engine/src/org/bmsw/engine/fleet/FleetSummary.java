package org.bmsw.engine.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.bmsw.analysis.Checks;
import org.bmsw.analysis.Severity;

import com.google.gson.GsonBuilder;

/**
 * The fleet summary ({@code fleet.json}, schema {@value #SCHEMA}): per trace its verdict, protocol and variant,
 * battery identity where the protocol carried it, frames, duration and worst findings; across the fleet the
 * verdicts, and per check and severity how many traces and findings, with the worst traces per check.
 * <p>
 * Deterministic: the entries are ordered by trace name and nothing depends on the time, the machine or the
 * threads, so the one-machine run and the Spark job write the same file for the same traces.
 */
public final class FleetSummary {

    public static final String SCHEMA = "bmsw-fleet-summary/1";

    /** Traces listed per check under {@code worst_traces}. */
    public static final int WORST_TRACES = 5;

    private static final List<String> VERDICTS = List.of("error", "warning", "info", "clean", "unreadable");

    /** Most serious first, then most findings, longest, and by name. */
    private static final Comparator<Map.Entry<FleetEntry, FleetEntry.CheckCount>> WORST_FIRST = Comparator
            .<Map.Entry<FleetEntry, FleetEntry.CheckCount>, Severity>comparing(e -> e.getValue().severity())
            .reversed()
            .thenComparing(Comparator.<Map.Entry<FleetEntry, FleetEntry.CheckCount>>comparingLong(
                    e -> e.getValue().count()).reversed())
            .thenComparing(Comparator.<Map.Entry<FleetEntry, FleetEntry.CheckCount>>comparingDouble(
                    e -> e.getValue().totalDurationS()).reversed())
            .thenComparing(e -> e.getKey().trace());

    private FleetSummary() {
    }

    /** Entries in trace name order: the order of the summary whatever order they were made in. */
    public static List<FleetEntry> ordered(List<FleetEntry> entries) {
        return entries.stream().sorted(Comparator.comparing(FleetEntry::trace)).toList();
    }

    public static String toJson(List<FleetEntry> entries) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                .toJson(toMap(entries)) + "\n";
    }

    /** The summary as maps, lists, strings, numbers and booleans, in the schema's order. */
    public static Map<String, Object> toMap(List<FleetEntry> unordered) {
        List<FleetEntry> entries = ordered(unordered);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schema", SCHEMA);
        map.put("traces", entries.size());
        Map<String, Object> verdicts = new LinkedHashMap<>();
        VERDICTS.forEach(v -> verdicts.put(v, entries.stream().filter(e -> e.verdict().equals(v)).count()));
        map.put("verdicts", verdicts);
        map.put("frames", entries.stream().mapToLong(FleetEntry::frames).sum());
        map.put("checks", checks(entries));
        List<Object> list = new ArrayList<>();
        entries.forEach(e -> list.add(entry(e)));
        map.put("entries", list);
        return map;
    }

    /** Per check (by id), per severity: the traces that have it and their findings; and the worst traces. */
    private static List<Object> checks(List<FleetEntry> entries) {
        Map<String, List<Map.Entry<FleetEntry, FleetEntry.CheckCount>>> byCheck = new TreeMap<>();
        for (FleetEntry entry : entries) {
            for (FleetEntry.CheckCount check : entry.checks()) {
                byCheck.computeIfAbsent(check.check(), c -> new ArrayList<>()).add(Map.entry(entry, check));
            }
        }
        List<Object> checks = new ArrayList<>();
        byCheck.forEach((id, found) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("check", id);
            c.put("description", Checks.descriptions().get(id));
            c.put("traces", found.size());
            c.put("findings", found.stream().mapToLong(e -> e.getValue().count()).sum());
            Map<String, Object> bySeverity = new LinkedHashMap<>();
            for (Severity severity : List.of(Severity.ERROR, Severity.WARNING, Severity.INFO)) {
                List<FleetEntry.CheckCount> at = found.stream().map(Map.Entry::getValue)
                        .filter(k -> k.severity() == severity).toList();
                if (!at.isEmpty()) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("traces", at.size());
                    s.put("findings", at.stream().mapToLong(FleetEntry.CheckCount::count).sum());
                    bySeverity.put(severity.canonicalName(), s);
                }
            }
            c.put("by_severity", bySeverity);
            List<Object> worst = new ArrayList<>();
            found.stream().sorted(WORST_FIRST).limit(WORST_TRACES).forEach(e -> {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("trace", e.getKey().trace());
                w.put("severity", e.getValue().severity().canonicalName());
                w.put("count", e.getValue().count());
                w.put("total_duration_s", number(e.getValue().totalDurationS()));
                worst.add(w);
            });
            c.put("worst_traces", worst);
            checks.add(c);
        });
        return checks;
    }

    private static Map<String, Object> entry(FleetEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trace", e.trace());
        m.put("verdict", e.verdict());
        if (!e.readable()) {
            m.put("reason", e.reason());
            return m;
        }
        m.put("format", e.format());
        List<String> protocols = e.packs().stream().map(FleetEntry.Pack::protocol).distinct().toList();
        m.put("protocol", protocols.isEmpty() ? null : String.join(", ", protocols));
        List<Object> packs = new ArrayList<>();
        for (FleetEntry.Pack pack : e.packs()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("channel", pack.channel());
            p.put("protocol", pack.protocol());
            p.put("layout", pack.layout());
            p.put("variants", pack.variants());
            p.put("messages", pack.messages());
            packs.add(p);
        }
        m.put("packs", packs);
        if (!e.battery().isEmpty()) {
            Map<String, Object> battery = new LinkedHashMap<>();
            FleetAnalyzer.IDENTITY_FIELDS.stream().filter(e.battery()::containsKey)
                    .forEach(f -> battery.put(f, e.battery().get(f)));
            m.put("battery", battery);
        }
        m.put("decoder", e.decoder());
        m.put("frames", e.frames());
        m.put("skipped_lines", e.skippedLines());
        m.put("timestamps", e.timestamps());
        m.put("duration_s", number(e.durationS()));
        List<Object> worst = new ArrayList<>();
        for (FleetEntry.WorstFinding f : e.worstFindings()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("check", f.check());
            w.put("severity", f.severity().canonicalName());
            w.put("channel", f.channel());
            w.put("message", f.message());
            w.put("quantity", f.quantity().isEmpty() ? null : f.quantity());
            w.put("worst_value", number(f.worstValue()));
            w.put("limit", number(f.limit()));
            w.put("start_ns", f.startNs());
            w.put("duration_s", number(f.durationS()));
            worst.add(w);
        }
        m.put("worst_findings", worst);
        Map<String, Object> counts = new LinkedHashMap<>();
        e.checks().stream().sorted(Comparator.comparing(FleetEntry.CheckCount::check))
                .forEach(c -> counts.put(c.check(), c.count()));
        m.put("check_counts", counts);
        return m;
    }

    /** As the analysis report writes numbers: NaN as null, whole numbers without ".0", else 6 significant digits. */
    static Object number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
    }
}
