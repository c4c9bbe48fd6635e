package org.bmsw.report;

import static org.bmsw.analysis.ReportHtml.esc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.ChannelReport;
import org.bmsw.analysis.ReportHtml;
import org.bmsw.pinout.Finding;
import org.bmsw.profiles.DeviceProfile;

/**
 * The commissioning report as one self-contained HTML page: inline CSS and SVG, no script, no address of any kind
 * (a content security policy forbids every request), printable to PDF by the browser (A4, a page per section,
 * colours kept). Sections, each a {@code <section>} with an id: {@code site}, {@code identity}, {@code cable},
 * {@code analysis}, {@code conformance}, {@code signoff}.
 */
public final class CommissioningHtml {

    /** The text shown for an identity item the battery did not send. */
    public static final String NOT_REPORTED = "not reported by the battery";

    private static final String CSS = "body{font-family:sans-serif;margin:24px auto;color:#222;max-width:900px}"
            + "h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccc}"
            + ReportHtml.STYLE
            + "svg{max-width:100%;height:auto}table.facts th{width:34%}.pass{background:#c8e6c9}"
            + ".fail{color:#fff;background:#c62828}.not-judged{background:#e0e0e0}.absent{color:#777;font-style:italic}"
            + ".sign{display:flex;gap:40px;margin-top:24px}.sign div{flex:1}"
            + ".line{border-bottom:1px solid #222;height:48px;margin-bottom:4px}"
            + "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
            + "@page{size:A4;margin:16mm 14mm}"
            + "@media print{body{margin:0;max-width:none}section{break-before:page}section#site{break-before:auto}"
            + "tr,svg,.sign{break-inside:avoid}h2{break-after:avoid}}";

    private CommissioningHtml() {
    }

    public static String toHtml(CommissioningReport report) {
        SiteInfo site = report.site();
        StringBuilder h = new StringBuilder(96 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">\n<title>")
                .append(esc("Commissioning report: " + site.siteName() + ", " + site.date())).append("</title>\n")
                .append("<style>\n").append(CSS).append("\n</style>\n</head>\n<body>\n");
        h.append("<h1>Commissioning report</h1>\n<p class=\"small\">").append(esc(site.siteName())).append(", ")
                .append(esc(site.date().toString())).append(". Battery to inverter communication, checked with BMS "
                        + "Workbench.</p>\n");
        siteSection(h, site);
        identitySection(h, report);
        cableSection(h, report.cable());
        analysisSection(h, report.analysis());
        conformanceSection(h, report);
        signOff(h, report);
        h.append("<p class=\"small\">Written by BMS Workbench on ")
                .append(esc(report.written())).append(".</p>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void siteSection(StringBuilder h, SiteInfo site) {
        h.append("<section id=\"site\">\n<h2>Site</h2>\n<table class=\"facts\">\n");
        row(h, "Site", site.siteName());
        row(h, "Address", site.address());
        row(h, "Commissioning date", site.date().toString());
        row(h, "Installer", site.installer());
        row(h, "Company", site.company());
        row(h, "Inverter (as installed)", site.inverter());
        row(h, "Battery (as installed)", site.battery());
        if (!site.notes().isEmpty()) {
            row(h, "Notes", site.notes());
        }
        h.append("</table>\n</section>\n");
    }

    /** Identity items and which canonical state names give them (whatever the protocols report under them). */
    private static final Map<String, Predicate<String>> IDENTITY = identityItems();

    private static Map<String, Predicate<String>> identityItems() {
        Map<String, Predicate<String>> items = new LinkedHashMap<>();
        items.put("Manufacturer", n -> n.contains("manufacturer") || n.contains("vendor"));
        items.put("Model", n -> n.contains("model"));
        items.put("Serial numbers", n -> n.contains("serial"));
        items.put("Hardware version", n -> n.contains("hardware") || n.startsWith("hw_"));
        items.put("Firmware version", n -> n.contains("firmware") || n.contains("software") || n.startsWith("fw_"));
        return items;
    }

    private static void identitySection(StringBuilder h, CommissioningReport report) {
        h.append("<section id=\"identity\">\n<h2>Battery and inverter</h2>\n<h3>Battery</h3>\n<table class=\"facts\">\n");
        row(h, "As installed", report.site().battery());
        row(h, "Profile", report.batteryProfile().map(CommissioningHtml::profile).orElse("none given"));
        List<ChannelReport> channels = report.analysis().channels();
        if (channels.isEmpty()) {
            h.append("<tr><th>Reported by the battery</th><td class=\"absent\">nothing: the capture has no battery "
                    + "message</td></tr>\n");
        }
        for (ChannelReport channel : channels) {
            String prefix = channels.size() > 1 ? channel.channel() + ": " : "";
            row(h, prefix + "Protocol", channel.protocolId() + (channel.layout().isEmpty() ? "" : " layout "
                    + channel.layout()));
            for (Map.Entry<String, Predicate<String>> item : IDENTITY.entrySet()) {
                List<String> values = new ArrayList<>();
                for (Map.Entry<String, Object> state : channel.finalState().entrySet()) {
                    if (item.getValue().test(state.getKey().toLowerCase(Locale.ROOT)) && state.getValue() != null) {
                        String text = state.getValue() instanceof List<?> list ? String.join(", ", list.stream()
                                .map(String::valueOf).toList()) : String.valueOf(state.getValue());
                        if (!text.isBlank()) {
                            values.add(text.strip());
                        }
                    }
                }
                h.append("<tr><th>").append(esc(prefix + item.getKey())).append("</th>");
                if (values.isEmpty()) {
                    h.append("<td class=\"absent\">").append(NOT_REPORTED).append("</td></tr>\n");
                } else {
                    h.append("<td>").append(esc(String.join("; ", values))).append("</td></tr>\n");
                }
            }
        }
        h.append("</table>\n<h3>Inverter</h3>\n<table class=\"facts\">\n");
        row(h, "As installed", report.site().inverter());
        row(h, "Profile", report.inverterProfile().map(CommissioningHtml::profile).orElse(
                "none (the cable's inverter end names it)"));
        if (report.conformance() != null && !report.conformance().inverter().isEmpty()) {
            row(h, "Tested as", report.conformance().inverter());
        }
        h.append("</table>\n</section>\n");
    }

    private static String profile(DeviceProfile profile) {
        return profile.vendor() + " " + profile.model() + " (" + profile.id() + ")";
    }

    private static void cableSection(StringBuilder h, CommissioningReport.CableSection cable) {
        h.append("<section id=\"cable\">\n<h2>Cable</h2>\n");
        if (cable == null) {
            h.append("<p>No wire list was given.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"small\">Wire list ").append(esc(cable.file())).append("</p>\n");
        if (!cable.svg().isEmpty()) {
            h.append("<div class=\"drawing\">\n").append(inlineSvg(cable.svg())).append("</div>\n");
        }
        h.append("<h3>Wire list</h3>\n<table class=\"wires\">\n");
        List<List<String>> rows = cable.wireList();
        for (int r = 0; r < rows.size(); r++) {
            h.append("<tr>");
            for (String cell : rows.get(r)) {
                h.append(r == 0 ? "<th>" : "<td>").append(esc(cell)).append(r == 0 ? "</th>" : "</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<h3>Wiring checks</h3>\n");
        if (cable.cable() == null) {
            h.append("<p class=\"absent\">").append(esc(cable.note())).append("</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"wiring-verdict\"><span class=\"verdict ").append(cable.checksPassed() ? "pass\">Wiring "
                + "checks passed" : "fail\">Wiring checks FAILED").append("</span></p>\n");
        if (cable.checks().isEmpty()) {
            h.append("<p>Nothing to report.</p>\n");
        } else {
            h.append("<table class=\"checks\">\n<tr><th>severity</th><th>check</th><th>what</th><th>pins</th></tr>\n");
            for (Finding finding : cable.checks()) {
                String severity = finding.severity().name().toLowerCase(Locale.ROOT);
                h.append("<tr><td><span class=\"sev ").append(severity).append("\">").append(severity)
                        .append("</span></td><td><code>").append(esc(finding.check())).append("</code></td><td>")
                        .append(esc(finding.message())).append("</td><td>").append(esc(String.join(", ",
                                finding.pins()))).append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        h.append("</section>\n");
    }

    private static final Pattern SVG_SIZE = Pattern.compile("<svg ([^>]*?)width=\"(\\d+)\" height=\"(\\d+)\"");

    /**
     * An SVG drawing to put inside the page: the namespace declaration goes (HTML knows SVG; the page names no
     * address at all) and a view box lets it shrink to the printed page's width.
     */
    static String inlineSvg(String svg) {
        String inline = svg.replace(" xmlns=\"http://www.w3.org/2000/svg\"", "");
        Matcher size = SVG_SIZE.matcher(inline);
        StringBuilder out = new StringBuilder();
        while (size.find()) {
            size.appendReplacement(out, Matcher.quoteReplacement("<svg " + size.group(1) + "width=\"" + size.group(2)
                    + "\" height=\"" + size.group(3) + "\" viewBox=\"0 0 " + size.group(2) + " " + size.group(3)
                    + "\""));
        }
        size.appendTail(out);
        return out.toString();
    }

    private static void analysisSection(StringBuilder h, AnalysisReport analysis) {
        h.append("<section id=\"analysis\">\n<h2>Capture analysis</h2>\n");
        h.append(ReportHtml.verdictHtml(analysis));
        h.append("<table class=\"facts\">\n");
        row(h, "Capture", analysis.trace());
        row(h, "Format", analysis.format());
        row(h, "Frames", Long.toString(analysis.frames()));
        row(h, "Duration", analysis.timestamps() ? String.format(Locale.ROOT, "%.1f s", (analysis.endNs()
                - analysis.startNs()) / 1e9) : "no timestamps in the capture");
        row(h, "Decoder", analysis.decoder());
        row(h, "Judged against", analysis.profile().isEmpty() ? "the protocol's limits (no battery profile ratings)"
                : "profile " + analysis.profile());
        h.append("</table>\n");
        for (ChannelReport channel : analysis.channels()) {
            if (analysis.channels().size() > 1) {
                h.append("<h3>Pack on ").append(esc(channel.channel())).append("</h3>\n");
            }
            h.append(inlineSvg(ReportHtml.limitPlotsHtml(analysis, channel)));
        }
        h.append("<h3>Findings</h3>\n<div class=\"findings\">\n").append(ReportHtml.findingsTableHtml(analysis))
                .append("</div>\n</section>\n");
    }

    private static void conformanceSection(StringBuilder h, CommissioningReport report) {
        h.append("<section id=\"conformance\">\n<h2>Inverter conformance test</h2>\n");
        ConformanceResult result = report.conformance();
        if (result == null) {
            h.append("<p>No conformance test result was given: whether the inverter obeys the battery is judged "
                    + "above from the capture alone.</p>\n</section>\n");
            return;
        }
        ConformanceResult.Verdict overall = result.overall();
        h.append("<p><span class=\"verdict ").append(overall.key()).append("\">").append(switch (overall) {
        case PASS -> "Every step passed";
        case FAIL -> "Failed";
        case NOT_JUDGED -> "Not every step could be judged";
        }).append(": ").append(result.count(ConformanceResult.Verdict.PASS)).append(" passed, ")
                .append(result.count(ConformanceResult.Verdict.FAIL)).append(" failed, ")
                .append(result.count(ConformanceResult.Verdict.NOT_JUDGED)).append(" not judged</span></p>\n");
        h.append("<table class=\"facts\">\n");
        row(h, "Result file", report.conformanceFile());
        row(h, "Battery played", result.battery());
        row(h, "Inverter", result.inverter());
        row(h, "Source", result.source());
        row(h, "Started", result.started());
        h.append("</table>\n<table class=\"steps\">\n<tr><th>step</th><th>verdict</th><th>reason</th>"
                + "<th>reaction time</th><th>settled at</th><th>evidence frames (row, time, id, data)</th></tr>\n");
        for (ConformanceResult.Step step : result.steps()) {
            h.append("<tr><td><code>").append(esc(step.name())).append("</code></td><td><span class=\"sev ")
                    .append(step.verdict().key()).append("\">").append(step.verdict().label())
                    .append("</span></td><td>").append(esc(step.reason())).append("</td><td class=\"n\">")
                    .append(step.reactionTimeS() == null ? "" : esc(number(step.reactionTimeS()) + " s"))
                    .append("</td><td class=\"n\">").append(step.settledValue() == null ? "" : esc(number(
                            step.settledValue()) + (step.settledUnit().isEmpty() ? "" : " " + step.settledUnit())))
                    .append("</td><td class=\"small\">");
            for (ConformanceResult.EvidenceFrame frame : step.evidence()) {
                h.append(frame.row() < 0 ? "?" : Long.toString(frame.row())).append(", ")
                        .append(Double.isNaN(frame.timeS()) ? "" : esc(number(frame.timeS()) + " s, "))
                        .append(esc(frame.id())).append(frame.data().isEmpty() ? "" : " " + esc(frame.data()))
                        .append(frame.note().isEmpty() ? "" : ": " + esc(frame.note())).append("<br>");
            }
            h.append("</td></tr>\n");
        }
        h.append("</table>\n</section>\n");
    }

    private static void signOff(StringBuilder h, CommissioningReport report) {
        SiteInfo site = report.site();
        h.append("<section id=\"signoff\">\n<h2>Sign-off</h2>\n<p>The installer has connected the battery named "
                + "above to the inverter, checked the communication between them as this report shows, and "
                + "handed the system over to the customer.</p>\n<div class=\"sign\">\n");
        signature(h, "Installer", site.installer() + (site.company().isEmpty() ? "" : ", " + site.company()),
                site.date().toString());
        signature(h, "Customer", site.customer(), "");
        h.append("</div>\n</section>\n");
    }

    private static void signature(StringBuilder h, String role, String name, String date) {
        h.append("<div class=\"signature\">\n<p><b>").append(role).append("</b></p>\n<p>Name: ")
                .append(name.isEmpty() ? "______________________________" : esc(name)).append("</p>\n")
                .append("<div class=\"line\"></div><p class=\"small\">Signature</p>\n<p>Date: ")
                .append(date.isEmpty() ? "______________" : esc(date)).append("</p>\n</div>\n");
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th>").append(value == null || value.isEmpty()
                ? "<td class=\"absent\">not given</td>" : "<td>" + esc(value) + "</td>").append("</tr>\n");
    }
}
