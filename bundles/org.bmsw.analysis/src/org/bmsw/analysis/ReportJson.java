package org.bmsw.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.internal.Text;

import com.google.gson.GsonBuilder;

/**
 * The report as JSON, version 1 of the schema in {@code schema/analysis-report.schema.json}: numbers in the unit
 * their name says, times in ns of the trace's time base, absent values as null.
 */
public final class ReportJson {

    /** The {@code schema} field of every report this version writes. */
    public static final String SCHEMA = "bmsw-analysis-report/1";

    private ReportJson() {
    }

    public static String toJson(AnalysisReport report) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                .toJson(toMap(report));
    }

    /** The report as maps, lists, strings, numbers and booleans, in the schema's order. */
    public static Map<String, Object> toMap(AnalysisReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schema", SCHEMA);
        map.put("trace", report.trace());
        map.put("format", report.format());
        map.put("frames", report.frames());
        map.put("skipped_lines", report.skippedLines());
        map.put("decoder", report.decoder());
        map.put("profile", report.profile().isEmpty() ? null : report.profile());
        map.put("timestamps", report.timestamps());
        map.put("start_ns", report.startNs());
        map.put("end_ns", report.endNs());
        map.put("duration_s", (report.endNs() - report.startNs()) / 1e9);
        map.put("x_axis", report.xAxis());
        map.put("worst_severity", report.worstSeverity().map(Severity::canonicalName).orElse(null));
        List<Object> checks = new ArrayList<>();
        for (CheckSummary check : report.checks()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("check", check.check());
            c.put("severity", check.severity().canonicalName());
            c.put("count", check.count());
            c.put("kept", check.kept());
            c.put("total_duration_s", check.totalDurationNs() / 1e9);
            c.put("description", Checks.descriptions().get(check.check()));
            checks.add(c);
        }
        map.put("checks", checks);
        List<Object> findings = new ArrayList<>();
        for (Finding finding : report.findings()) {
            findings.add(finding(finding));
        }
        map.put("findings", findings);
        List<Object> channels = new ArrayList<>();
        for (ChannelReport channel : report.channels()) {
            channels.add(channel(channel));
        }
        map.put("channels", channels);
        map.put("read_problems", report.readProblems());
        map.put("reaction_s", report.reactionS());
        List<Object> changes = new ArrayList<>();
        for (LimitChange change : report.limitChanges()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("channel", change.channel());
            c.put("check", change.check());
            c.put("limit", change.limit());
            c.put("measured", change.measured());
            c.put("from", number(change.from()));
            c.put("to", number(change.to()));
            c.put("t_ns", change.atNs());
            c.put("start", Text.time(change.atNs()));
            c.put("row", change.row() < 0 ? null : change.row());
            c.put("reaction_s", number(change.reactionS()));
            c.put("outcome", change.outcome());
            changes.add(c);
        }
        map.put("limit_changes", changes);
        return map;
    }

    static Map<String, Object> finding(Finding finding) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("check", finding.check());
        f.put("severity", finding.severity().canonicalName());
        f.put("channel", finding.channel());
        f.put("message", finding.message());
        f.put("start_ns", finding.startNs());
        f.put("end_ns", finding.endNs());
        f.put("start", Text.time(finding.startNs()));
        f.put("duration_s", finding.durationNs() / 1e9);
        f.put("quantity", finding.quantity().isEmpty() ? null : finding.quantity());
        f.put("worst_value", number(finding.worstValue()));
        f.put("limit", number(finding.limit()));
        List<Object> frames = new ArrayList<>();
        for (FrameRef frame : finding.frames()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("row", frame.row() < 0 ? null : frame.row());
            r.put("t_ns", frame.timestampNs());
            r.put("channel", frame.channel());
            r.put("id", frame.id());
            frames.add(r);
        }
        f.put("frames", frames);
        ReactionDetail reaction = finding.reaction();
        if (reaction != null) { // compliance findings only: the others keep their fields as they were
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("limit", reaction.limit());
            r.put("from", number(reaction.from()));
            r.put("to", number(reaction.to()));
            r.put("change_ns", reaction.changeNs());
            r.put("reaction_s", number(reaction.reactionS()));
            r.put("allowance_s", reaction.allowanceS());
            r.put("excess", number(reaction.excess()));
            f.put("reaction", r);
        }
        return f;
    }

    private static Map<String, Object> channel(ChannelReport channel) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("channel", channel.channel());
        c.put("protocol", channel.protocolId());
        c.put("layout", channel.layout());
        c.put("variants", channel.variants());
        c.put("messages", channel.messages());
        c.put("first_ns", channel.firstNs());
        c.put("last_ns", channel.lastNs());
        Map<String, Object> state = new LinkedHashMap<>();
        channel.finalState().forEach((name, value) -> state.put(name, value instanceof Double d ? number(d) : value));
        c.put("final_state", state);
        Map<String, Object> ranges = new LinkedHashMap<>();
        for (QuantityRange range : channel.ranges()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("min", number(range.min()));
            r.put("max", number(range.max()));
            r.put("count", range.count());
            ranges.put(range.quantity(), r);
        }
        c.put("ranges", ranges);
        List<Object> episodes = new ArrayList<>();
        for (AlarmEpisode episode : channel.episodes()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", episode.name().canonicalName());
            e.put("level", episode.level().canonicalName());
            e.put("start_ns", episode.startNs());
            e.put("end_ns", episode.isOpen() ? null : episode.endNs());
            e.put("open", episode.isOpen());
            e.put("duration_s", episode.durationNs(channel.lastNs()) / 1e9);
            e.put("start_row", episode.startRow() < 0 ? null : episode.startRow());
            e.put("end_row", episode.endRow() < 0 ? null : episode.endRow());
            episodes.add(e);
        }
        c.put("alarm_episodes", episodes);
        Map<String, Object> series = new LinkedHashMap<>();
        for (Series s : channel.series()) {
            List<Object> points = new ArrayList<>(s.points().size());
            for (SeriesPoint p : s.points()) {
                points.add(java.util.Arrays.asList(p.x(), number(p.min()), number(p.max()), number(p.last())));
            }
            series.put(s.quantity(), points);
        }
        c.put("series", series);
        return c;
    }

    /** NaN as null; whole numbers without ".0"; others rounded to 6 significant decimals. */
    static Object number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return (long) value;
        }
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", value));
    }
}
