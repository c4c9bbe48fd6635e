package org.bmsw.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bmsw.analysis.internal.Text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * Saved expectations for a trace ("golden trace"): findings that must be present or absent, value ranges, the
 * protocol, the worst severity allowed. The format ({@code schema/expectations.schema.json}, README):
 *
 * <pre>
 * {
 *   "protocol": "pylon-can",
 *   "max_severity": "warning",
 *   "findings": {
 *     "present": ["protocol.detected", {"check": "alarms.warning", "channel": "can0", "min_count": 1}],
 *     "absent": ["compliance.charge_current", {"check": "timing.gap", "severity": "error"}]
 *   },
 *   "ranges": {"soc_pct": {"min": 20, "max": 100}, "voltage_V": {"min": 48, "max": 54}}
 * }
 * </pre>
 */
public final class Expectations {

    private record FindingRule(String check, Severity severity, String channel, long minCount, String where) {
    }

    private record Range(String quantity, Double min, Double max) {
    }

    private final String source;
    private final String protocol;
    private final Severity maxSeverity;
    private final List<FindingRule> present = new ArrayList<>();
    private final List<FindingRule> absent = new ArrayList<>();
    private final List<Range> ranges = new ArrayList<>();

    private Expectations(String source, JsonObject json) {
        this.source = source;
        protocol = string(json, "protocol");
        String severity = string(json, "max_severity");
        maxSeverity = severity == null ? null : severity(severity, "max_severity");
        for (String key : json.keySet()) {
            if (!List.of("protocol", "max_severity", "findings", "ranges", "description").contains(key)) {
                throw error("unknown key '" + key + "' (known: description, protocol, max_severity, findings, ranges)");
            }
        }
        if (json.has("findings")) {
            JsonObject findings = object(json.get("findings"), "findings");
            for (String key : findings.keySet()) {
                if (!key.equals("present") && !key.equals("absent")) {
                    throw error("findings: unknown key '" + key + "' (known: present, absent)");
                }
                JsonArray rules = array(findings.get(key), "findings." + key);
                for (int i = 0; i < rules.size(); i++) {
                    FindingRule rule = rule(rules.get(i), "findings." + key + "[" + i + "]");
                    (key.equals("present") ? present : absent).add(rule);
                }
            }
        }
        if (json.has("ranges")) {
            JsonObject object = object(json.get("ranges"), "ranges");
            for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
                String where = "ranges." + entry.getKey();
                if (org.bmsw.core.state.Quantity.byName(entry.getKey()).isEmpty()) {
                    throw error(where + ": '" + entry.getKey() + "' is not a canonical quantity name (e.g. soc_pct, "
                            + "voltage_V)");
                }
                JsonObject bounds = object(entry.getValue(), where);
                ranges.add(new Range(entry.getKey(), bound(bounds, "min", where), bound(bounds, "max", where)));
            }
        }
    }

    /**
     * Reads an expectations file.
     *
     * @throws IllegalArgumentException naming the file and the place that is wrong
     */
    public static Expectations read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static Expectations parse(String source, String text) {
        JsonElement json;
        try {
            json = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!json.isJsonObject()) {
            throw new IllegalArgumentException(source + ": expectations must be a JSON object");
        }
        return new Expectations(source, json.getAsJsonObject());
    }

    /** What does not match, one readable line each; empty when the report meets every expectation. */
    public List<String> check(AnalysisReport report) {
        List<String> mismatches = new ArrayList<>();
        if (protocol != null) {
            List<String> seen = report.channels().stream().map(ChannelReport::protocolId).distinct().toList();
            if (!seen.contains(protocol)) {
                mismatches.add("protocol: expected " + protocol + ", decoded as " + (seen.isEmpty() ? "nothing"
                        : String.join(", ", seen)));
            }
        }
        if (maxSeverity != null) {
            Optional<Severity> worst = report.worstSeverity();
            if (worst.isPresent() && worst.get().compareTo(maxSeverity) > 0) {
                mismatches.add("max_severity: expected at most " + maxSeverity.canonicalName() + ", found "
                        + worst.get().canonicalName() + " (" + String.join(", ", report.checks().stream()
                                .filter(c -> c.severity().compareTo(maxSeverity) > 0)
                                .map(c -> c.check() + " x" + c.count()).toList()) + ")");
            }
        }
        for (FindingRule rule : present) {
            long n = count(report, rule);
            if (n < rule.minCount()) {
                mismatches.add(rule.where() + ": expected " + (rule.minCount() == 1 ? "a" : "at least "
                        + rule.minCount()) + " " + describe(rule) + " finding, found " + n);
            }
        }
        for (FindingRule rule : absent) {
            long n = count(report, rule);
            if (n > 0) {
                String first = report.findings().stream().filter(f -> matches(f, rule)).map(f -> ": "
                        + f.message() + " at " + Text.time(f.startNs())).findFirst().orElse("");
                mismatches.add(rule.where() + ": expected no " + describe(rule) + " finding, found " + n + first);
            }
        }
        for (Range range : ranges) {
            Optional<QuantityRange> seen = report.range(range.quantity());
            String where = "ranges." + range.quantity();
            if (seen.isEmpty()) {
                mismatches.add(where + ": never sent in the trace");
                continue;
            }
            QuantityRange r = seen.get();
            if (range.min() != null && r.min() < range.min()) {
                mismatches.add(where + ": went down to " + Text.num(r.min()) + ", expected at least "
                        + Text.num(range.min()));
            }
            if (range.max() != null && r.max() > range.max()) {
                mismatches.add(where + ": went up to " + Text.num(r.max()) + ", expected at most "
                        + Text.num(range.max()));
            }
        }
        return mismatches;
    }

    /** Counts every finding of the check (kept or not) unless a channel or severity narrows it to the kept ones. */
    private static long count(AnalysisReport report, FindingRule rule) {
        if (rule.channel() == null && rule.severity() == null) {
            return report.count(rule.check());
        }
        return report.findings().stream().filter(f -> matches(f, rule)).count();
    }

    private static boolean matches(Finding finding, FindingRule rule) {
        return finding.check().equals(rule.check()) && (rule.channel() == null
                || rule.channel().equals(finding.channel())) && (rule.severity() == null
                        || finding.severity().atLeast(rule.severity()));
    }

    private static String describe(FindingRule rule) {
        return rule.check() + (rule.severity() == null ? "" : " " + rule.severity().canonicalName() + "+")
                + (rule.channel() == null ? "" : " on " + rule.channel());
    }

    private FindingRule rule(JsonElement element, String where) {
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            return new FindingRule(check(element.getAsString(), where), null, null, 1, where);
        }
        JsonObject object = object(element, where);
        for (String key : object.keySet()) {
            if (!List.of("check", "severity", "channel", "min_count").contains(key)) {
                throw error(where + ": unknown key '" + key + "' (known: check, severity, channel, min_count)");
            }
        }
        String check = string(object, "check");
        if (check == null) {
            throw error(where + ": needs \"check\"");
        }
        String severity = string(object, "severity");
        long minCount = 1;
        if (object.has("min_count")) {
            try {
                minCount = object.get("min_count").getAsLong();
            } catch (RuntimeException e) {
                throw error(where + ".min_count: needs a whole number");
            }
        }
        return new FindingRule(check(check, where), severity == null ? null : severity(severity, where + ".severity"),
                string(object, "channel"), minCount, where);
    }

    private String check(String id, String where) {
        if (!Checks.isKnown(id)) {
            throw error(where + ": unknown check '" + id + "'; known: " + String.join(", ",
                    Checks.descriptions().keySet()));
        }
        return id;
    }

    private Severity severity(String name, String where) {
        return Severity.byName(name).orElseThrow(() -> error(where + ": '" + name
                + "' is not a severity (info, warning, error)"));
    }

    private Double bound(JsonObject object, String key, String where) {
        if (!object.has(key)) {
            return null;
        }
        try {
            return object.get(key).getAsDouble();
        } catch (RuntimeException e) {
            throw error(where + "." + key + ": needs a number");
        }
    }

    private String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw error(key + ": needs a string");
        }
        return value.getAsString();
    }

    private JsonObject object(JsonElement element, String where) {
        if (element == null || !element.isJsonObject()) {
            throw error(where + ": needs an object");
        }
        return element.getAsJsonObject();
    }

    private JsonArray array(JsonElement element, String where) {
        if (element == null || !element.isJsonArray()) {
            throw error(where + ": needs a list");
        }
        return element.getAsJsonArray();
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException(source + ": " + message);
    }
}
