package org.bmsw.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsw.analysis.internal.Text;
import org.bmsw.core.state.AlarmLevel;

/**
 * The report as one self-contained HTML page: inline CSS, hand-written inline SVG plots (SOC, voltage against
 * CVL/DVL, current against CCL/DCL, temperature, the alarm timeline), the findings with their frames, and the
 * cable when one is given. No script, no external address.
 */
public final class ReportHtml {

    private static final int WIDTH = 860;
    private static final int HEIGHT = 200;
    private static final int LEFT = 60;
    private static final int RIGHT = 14;
    private static final int TOP = 34;
    private static final int BOTTOM = 26;

    private ReportHtml() {
    }

    /**
     * The style of the parts other pages embed ({@link #verdictHtml}, {@link #findingsTableHtml},
     * {@link #limitPlotsHtml}): tables, severities, the verdict, the plots.
     */
    public static final String STYLE = "h3{font-size:15px}table{border-collapse:collapse;font-size:13px;margin:8px 0}"
            + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
            + "th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums}"
            + ".error{color:#fff;background:#c62828}.warning{background:#ffb300}.info{background:#e3f2fd}"
            + ".sev{padding:1px 6px;border-radius:3px;font-size:12px}"
            + ".verdict{font-size:16px;padding:8px;border-radius:4px;display:inline-block}"
            + "svg{display:block;margin:6px 0}svg text{font-size:11px;font-family:sans-serif}"
            + "code{font-size:12px}.small{font-size:12px;color:#555}";

    /** The verdict line: the worst severity found and the error and warning counts. */
    public static String verdictHtml(AnalysisReport report) {
        StringBuilder h = new StringBuilder();
        verdict(h, report);
        return h.toString();
    }

    /** The findings with their frames as a table ("None." when there are none), without a heading. */
    public static String findingsTableHtml(AnalysisReport report) {
        StringBuilder h = new StringBuilder();
        findingsTable(h, report);
        return h.toString();
    }

    /** One channel's measured voltage and current against the battery's limits (CVL/DVL, CCL/-DCL), as SVG. */
    public static String limitPlotsHtml(AnalysisReport report, ChannelReport channel) {
        StringBuilder h = new StringBuilder();
        voltagePlot(h, report, channel);
        currentPlot(h, report, channel);
        return h.toString();
    }

    /** A line of a plot: a series (band of min..max per bucket, line of the last values), sign-flipped if asked. */
    private record Line(String label, String colour, Series series, double sign, boolean band) {
    }

    /**
     * @param cable the cable as a wire list (rows of cells, the first the header), or null for none
     * @param cableTitle what the cable is, e.g. the wire list file
     */
    public static String toHtml(AnalysisReport report, List<List<String>> cable, String cableTitle) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc("BMS Workbench analysis: " + report.trace())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:980px}")
                .append("h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}")
                .append(STYLE).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>Trace analysis: ").append(esc(fileName(report.trace()))).append("</h1>\n");
        verdict(h, report);
        overview(h, report);
        checks(h, report);
        for (ChannelReport channel : report.channels()) {
            channel(h, report, channel);
        }
        findings(h, report);
        limitChanges(h, report);
        if (cable != null && !cable.isEmpty()) {
            h.append("<h2>Cable</h2>\n<p class=\"small\">").append(esc(cableTitle == null ? "" : cableTitle))
                    .append("</p>\n<table>\n");
            for (int r = 0; r < cable.size(); r++) {
                h.append("<tr>");
                for (String cell : cable.get(r)) {
                    h.append(r == 0 ? "<th>" : "<td>").append(esc(cell)).append(r == 0 ? "</th>" : "</td>");
                }
                h.append("</tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("<p class=\"small\">Written by BMS Workbench <code>bmsw analyze</code>; the check ids and the JSON "
                + "report are described in the org.bmsw.analysis README.</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void verdict(StringBuilder h, AnalysisReport report) {
        Severity worst = report.worstSeverity().orElse(Severity.INFO);
        long errors = report.checks().stream().filter(c -> c.severity() == Severity.ERROR)
                .mapToLong(CheckSummary::count).sum();
        long warnings = report.checks().stream().filter(c -> c.severity() == Severity.WARNING)
                .mapToLong(CheckSummary::count).sum();
        String text = worst == Severity.ERROR ? "Errors found" : worst == Severity.WARNING ? "Warnings only"
                : "No warning, no error";
        h.append("<p><span class=\"verdict ").append(worst.canonicalName()).append("\">").append(text)
                .append(": ").append(errors).append(" error finding(s), ").append(warnings)
                .append(" warning finding(s)</span></p>\n");
    }

    private static void overview(StringBuilder h, AnalysisReport report) {
        h.append("<table>\n");
        row(h, "trace", report.trace());
        row(h, "format", report.format());
        row(h, "frames", report.frames() + (report.skippedLines() > 0 ? " (" + report.skippedLines()
                + " malformed lines skipped)" : ""));
        row(h, "time", report.timestamps() ? Text.time(report.startNs()) + " to " + Text.time(report.endNs()) + " ("
                + Text.duration(report.endNs() - report.startNs()) + ")" : "no timestamps in the trace");
        row(h, "decoder", report.decoder());
        row(h, "profile", report.profile().isEmpty() ? "none (no ratings to judge against)" : report.profile());
        row(h, "packs", report.channels().size() + ": " + String.join(", ", report.channels().stream()
                .map(c -> c.channel() + " " + c.protocolId() + (c.layout().isEmpty() ? "" : " " + c.layout()))
                .toList()));
        h.append("</table>\n");
        if (!report.readProblems().isEmpty()) {
            h.append("<p class=\"small\">Reader problems:</p><ul class=\"small\">");
            report.readProblems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
            h.append("</ul>\n");
        }
    }

    private static void checks(StringBuilder h, AnalysisReport report) {
        h.append("<h2>Checks that found something</h2>\n");
        if (report.checks().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>check</th><th>severity</th><th>count</th><th>total duration</th>"
                + "<th>what it means</th></tr>\n");
        for (CheckSummary c : report.checks()) {
            h.append("<tr><td><code>").append(c.check()).append("</code></td><td>").append(sev(c.severity()))
                    .append("</td><td class=\"n\">").append(c.count()).append("</td><td class=\"n\">")
                    .append(report.timestamps() ? Text.duration(c.totalDurationNs()) : "")
                    .append("</td><td class=\"small\">").append(esc(Checks.descriptions().get(c.check())))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n<p class=\"small\">Checks not listed found nothing. Every check: ")
                .append(esc(String.join(", ", Checks.descriptions().keySet()))).append(".</p>\n");
    }

    private static void channel(StringBuilder h, AnalysisReport report, ChannelReport channel) {
        h.append("<h2>Pack on ").append(esc(channel.channel())).append(": ").append(esc(channel.protocolId()))
                .append(channel.layout().isEmpty() ? "" : " layout " + esc(channel.layout())).append("</h2>\n");
        h.append("<p class=\"small\">").append(channel.messages()).append(" messages");
        if (!channel.variants().isEmpty()) {
            h.append("; variants: ").append(esc(String.join("; ", channel.variants())));
        }
        h.append("</p>\n");
        String x = report.xAxis();
        List<Line> soc = new ArrayList<>();
        channel.series("soc_pct").ifPresent(s -> soc.add(new Line("soc_pct", "#2e7d32", s, 1, true)));
        plot(h, "State of charge (soc_pct, %)", soc, x);
        voltagePlot(h, report, channel);
        currentPlot(h, report, channel);
        List<Line> temperature = new ArrayList<>();
        channel.series("temperature_C").ifPresent(s -> temperature.add(new Line("temperature_C", "#ef6c00", s, 1,
                true)));
        plot(h, "Temperature (temperature_C, °C)", temperature, x);
        timeline(h, report, channel);
        h.append("<h3>State at the end</h3>\n<table>\n");
        for (Map.Entry<String, Object> entry : channel.finalState().entrySet()) {
            Object value = entry.getValue();
            String text = value instanceof Double d ? Text.num(d) : String.valueOf(value);
            row(h, entry.getKey(), text);
        }
        h.append("</table>\n");
    }

    private static void voltagePlot(StringBuilder h, AnalysisReport report, ChannelReport channel) {
        List<Line> voltage = new ArrayList<>();
        channel.series("voltage_V").ifPresent(s -> voltage.add(new Line("voltage_V", "#1565c0", s, 1, true)));
        channel.series("charge_voltage_limit_V").ifPresent(s -> voltage.add(new Line("charge_voltage_limit_V (CVL)",
                "#c62828", s, 1, false)));
        channel.series("discharge_voltage_limit_V").ifPresent(s -> voltage.add(new Line(
                "discharge_voltage_limit_V (DVL)", "#6a1b9a", s, 1, false)));
        plot(h, "Voltage against the voltage limits (V)", voltage, report.xAxis());
    }

    private static void currentPlot(StringBuilder h, AnalysisReport report, ChannelReport channel) {
        List<Line> current = new ArrayList<>();
        channel.series("current_A").ifPresent(s -> current.add(new Line("current_A (+ charging)", "#1565c0", s, 1,
                true)));
        channel.series("charge_current_limit_A").ifPresent(s -> current.add(new Line("charge_current_limit_A (CCL)",
                "#c62828", s, 1, false)));
        channel.series("discharge_current_limit_A").ifPresent(s -> current.add(new Line(
                "-discharge_current_limit_A (-DCL)", "#6a1b9a", s, -1, false)));
        plot(h, "Current against the current limits (A)", current, report.xAxis());
    }

    private static void plot(StringBuilder h, String title, List<Line> lines, String xAxis) {
        if (lines.isEmpty()) {
            return;
        }
        long x0 = Long.MAX_VALUE;
        long x1 = Long.MIN_VALUE;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            for (SeriesPoint p : line.series().points()) {
                x0 = Math.min(x0, p.x());
                x1 = Math.max(x1, p.x());
                double a = p.min() * line.sign();
                double b = p.max() * line.sign();
                y0 = Math.min(y0, Math.min(a, b));
                y1 = Math.max(y1, Math.max(a, b));
            }
        }
        if (x1 <= x0) {
            x1 = x0 + 1;
        }
        double pad = (y1 - y0) * 0.08;
        if (pad == 0) {
            pad = Math.max(1, Math.abs(y0) * 0.05);
        }
        y0 -= pad;
        y1 += pad;
        int w = WIDTH - LEFT - RIGHT;
        int ht = HEIGHT - TOP - BOTTOM;
        h.append("<svg width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">\n");
        h.append("<text x=\"").append(LEFT).append("\" y=\"14\" font-weight=\"bold\">").append(esc(title))
                .append("</text>\n");
        h.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(w)
                .append("\" height=\"").append(ht).append("\" fill=\"#fafafa\" stroke=\"#999\"/>\n");
        // ticks at round values (1, 2 or 5 times a power of ten), about four of them
        double raw = (y1 - y0) / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude < 1.5 ? magnitude : raw / magnitude < 3.5 ? 2 * magnitude : 5 * magnitude;
        for (double v = Math.ceil(y0 / step) * step; v <= y1; v += step) {
            double y = TOP + ht * (1 - (v - y0) / (y1 - y0));
            h.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + w, y, LEFT - 4,
                    y + 4, esc(Text.num(Math.round(v / step) * step))));
        }
        String left = xAxis.equals("time") ? Text.time(x0) : "frame " + x0;
        String right = xAxis.equals("time") ? "+" + Text.duration(x1 - x0) : "frame " + x1;
        h.append("<text x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\">").append(esc(left))
                .append("</text><text x=\"").append(LEFT + w).append("\" y=\"").append(HEIGHT - 8)
                .append("\" text-anchor=\"end\">").append(esc(right)).append("</text>\n");
        int legendX = LEFT + 8;
        for (Line line : lines) {
            List<SeriesPoint> points = line.series().points();
            if (line.band() && points.size() > 1) {
                StringBuilder band = new StringBuilder();
                for (SeriesPoint p : points) {
                    band.append(xy(p.x(), p.max() * line.sign(), x0, x1, y0, y1)).append(' ');
                }
                for (int i = points.size() - 1; i >= 0; i--) {
                    SeriesPoint p = points.get(i);
                    band.append(xy(p.x(), p.min() * line.sign(), x0, x1, y0, y1)).append(' ');
                }
                h.append("<polygon points=\"").append(band.toString().trim()).append("\" fill=\"")
                        .append(line.colour()).append("\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
            }
            StringBuilder path = new StringBuilder();
            for (SeriesPoint p : points) {
                path.append(xy(p.x(), p.last() * line.sign(), x0, x1, y0, y1)).append(' ');
            }
            if (!line.band()) {
                // a limit holds until the battery sends another: draw it to the end of the plot
                SeriesPoint end = points.get(points.size() - 1);
                path.append(xy(x1, end.last() * line.sign(), x0, x1, y0, y1));
                points = List.of(points.get(0), end);
            }
            if (points.size() == 1) {
                String[] c = xy(points.get(0).x(), points.get(0).last() * line.sign(), x0, x1, y0, y1).split(",");
                h.append("<circle cx=\"").append(c[0]).append("\" cy=\"").append(c[1]).append("\" r=\"3\" fill=\"")
                        .append(line.colour()).append("\"/>\n");
            } else {
                h.append("<polyline points=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
                        .append(line.colour()).append("\" stroke-width=\"1.4\"")
                        .append(line.band() ? "" : " stroke-dasharray=\"5,3\"").append("/>\n");
            }
            h.append("<rect x=\"").append(legendX).append("\" y=\"").append(TOP - 11)
                    .append("\" width=\"10\" height=\"3\" fill=\"").append(line.colour()).append("\"/><text x=\"")
                    .append(legendX + 14).append("\" y=\"").append(TOP - 6).append("\">").append(esc(line.label()))
                    .append("</text>\n");
            legendX += 30 + (int) (line.label().length() * 6.6);
        }
        h.append("</svg>\n");
    }

    private static String xy(long x, double y, long x0, long x1, double y0, double y1) {
        double px = LEFT + (WIDTH - LEFT - RIGHT) * ((double) (x - x0) / (x1 - x0));
        double py = TOP + (HEIGHT - TOP - BOTTOM) * (1 - (y - y0) / (y1 - y0));
        return String.format(Locale.ROOT, "%.1f,%.1f", px, py);
    }

    private static void timeline(StringBuilder h, AnalysisReport report, ChannelReport channel) {
        h.append("<h3>Alarm timeline</h3>\n");
        if (channel.episodes().isEmpty()) {
            h.append("<p>No protection or warning was raised on ").append(esc(channel.channel())).append(".</p>\n");
            return;
        }
        if (!report.timestamps()) {
            h.append("<p>Without timestamps the episodes have no length; they are listed with the findings.</p>\n");
            return;
        }
        Map<String, List<AlarmEpisode>> rows = new LinkedHashMap<>();
        for (AlarmEpisode e : channel.episodes()) {
            rows.computeIfAbsent(e.level().canonicalName() + " " + e.name().canonicalName(), k -> new ArrayList<>())
                    .add(e);
        }
        long x0 = channel.firstNs();
        long x1 = Math.max(channel.lastNs(), x0 + 1);
        int rowHeight = 18;
        int height = TOP + rows.size() * rowHeight + BOTTOM;
        int labelWidth = 210;
        int w = WIDTH - labelWidth - RIGHT;
        h.append("<svg width=\"").append(WIDTH).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"alarm timeline\">\n");
        int r = 0;
        for (Map.Entry<String, List<AlarmEpisode>> entry : rows.entrySet()) {
            int y = TOP + r * rowHeight;
            h.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 12)
                    .append("\" text-anchor=\"end\">").append(esc(entry.getKey())).append("</text>")
                    .append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 2).append("\" width=\"")
                    .append(w).append("\" height=\"").append(rowHeight - 4).append("\" fill=\"#f5f5f5\"/>\n");
            for (AlarmEpisode e : entry.getValue()) {
                long end = e.isOpen() ? channel.lastNs() : e.endNs();
                double a = labelWidth + w * (double) (e.startNs() - x0) / (x1 - x0);
                double b = labelWidth + w * (double) (end - x0) / (x1 - x0);
                h.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s</title></rect>%n", a, y + 2, Math.max(1.5, b - a), rowHeight - 4,
                        e.level() == AlarmLevel.PROTECTION ? "#c62828" : "#ffb300", esc(entry.getKey() + " from "
                                + Text.time(e.startNs()) + (e.isOpen() ? ", still active" : " for "
                                        + Text.duration(e.durationNs(end))))));
            }
            r++;
        }
        h.append("<text x=\"").append(labelWidth).append("\" y=\"").append(height - 8).append("\">")
                .append(esc(Text.time(x0))).append("</text><text x=\"").append(labelWidth + w).append("\" y=\"")
                .append(height - 8).append("\" text-anchor=\"end\">+").append(esc(Text.duration(x1 - x0)))
                .append("</text>\n</svg>\n");
    }

    private static void findings(StringBuilder h, AnalysisReport report) {
        h.append("<h2>Findings</h2>\n");
        findingsTable(h, report);
    }

    private static void findingsTable(StringBuilder h, AnalysisReport report) {
        if (report.findings().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>severity</th><th>check</th><th>channel</th><th>what</th><th>from</th>"
                + "<th>duration</th><th>frames (row, time, id)</th></tr>\n");
        for (Finding f : report.findings()) {
            h.append("<tr><td>").append(sev(f.severity())).append("</td><td><code>").append(f.check())
                    .append("</code></td><td>").append(esc(f.channel())).append("</td><td>").append(esc(f.message()))
                    .append("</td><td>").append(report.timestamps() ? esc(Text.time(f.startNs())) : "")
                    .append("</td><td class=\"n\">").append(report.timestamps() ? esc(Text.duration(f.durationNs()))
                            : "").append("</td><td class=\"small\">");
            for (FrameRef frame : f.frames()) {
                h.append(frame.row() < 0 ? "?" : Long.toString(frame.row())).append(report.timestamps() ? ", "
                        + esc(Text.time(frame.timestampNs())) : "").append(", ").append(esc(frame.id()))
                        .append("<br>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (CheckSummary c : report.checks()) {
            if (c.count() > c.kept()) {
                h.append("<p class=\"small\"><code>").append(c.check()).append("</code>: ").append(c.count())
                        .append(" findings, the first ").append(c.kept()).append(" listed (and the longest).</p>\n");
            }
        }
    }

    /** The limits lowered and permissions withdrawn, with the reaction observed after each. */
    private static void limitChanges(StringBuilder h, AnalysisReport report) {
        h.append("<h2>Limit changes</h2>\n<p class=\"small\">Each limit the battery lowered (or permission it "
                + "withdrew) and the time until what was measured was within it: ").append(Text.num(report
                        .reactionS())).append(" s allowed (<code>--reaction-s</code>).</p>\n");
        if (report.limitChanges().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>at</th><th>channel</th><th>limit</th><th>from</th><th>to</th><th>measured</th>"
                + "<th>reaction</th><th>outcome</th><th>row</th></tr>\n");
        for (LimitChange c : report.limitChanges()) {
            h.append("<tr><td>").append(esc(Text.time(c.atNs()))).append("</td><td>").append(esc(c.channel()))
                    .append("</td><td><code>").append(esc(c.limit())).append("</code></td><td class=\"n\">")
                    .append(Double.isNaN(c.from()) ? "" : Text.num(c.from())).append("</td><td class=\"n\">")
                    .append(Text.num(c.to())).append("</td><td><code>").append(esc(c.measured()))
                    .append("</code></td><td class=\"n\">").append(Double.isNaN(c.reactionS()) ? ""
                            : Text.num(Math.round(c.reactionS() * 1000) / 1000.0) + " s")
                    .append("</td><td>").append(LimitChange.WITHIN.equals(c.outcome()) ? esc(c.outcome())
                            : "<b>" + esc(c.outcome()) + "</b>").append("</td><td class=\"n\">")
                    .append(c.row() < 0 ? "" : Long.toString(c.row())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static String sev(Severity severity) {
        return "<span class=\"sev " + severity.canonicalName() + "\">" + severity.canonicalName() + "</span>";
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String fileName(String path) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** Text for HTML: {@code < > & "} as entities, null as nothing (the commissioning report's page uses it too). */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '<' -> out.append("&lt;");
            case '>' -> out.append("&gt;");
            case '&' -> out.append("&amp;");
            case '"' -> out.append("&quot;");
            default -> out.append(c);
            }
        }
        return out.toString();
    }
}
