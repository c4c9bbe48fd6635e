package org.bmsw.cli.internal;

import java.nio.file.Path;
import java.util.Map;

import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceSummary;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The JSON of {@code info} and {@code convert}; separate so Gson loads only when asked for. */
final class InfoJson {

    private InfoJson() {
    }

    static String of(Path file, ReadReport report, TraceSummary summary,
            java.util.function.Function<TraceSummary.IdentifierStats, String> message) {
        JsonObject json = new JsonObject();
        json.addProperty("file", file.toString());
        json.addProperty("format", report.format().id());
        json.addProperty("frames", summary.frames());
        json.addProperty("startTimeNs", summary.firstTimestampNs());
        json.addProperty("endTimeNs", summary.lastTimestampNs());
        json.addProperty("duration_s", summary.durationNs() / 1e9);
        JsonArray channels = new JsonArray();
        for (TraceSummary.ChannelStats channel : summary.channels()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", channel.name());
            entry.addProperty("bus", channel.bus().name());
            entry.addProperty("frames", channel.frames());
            channels.add(entry);
        }
        json.add("channels", channels);
        JsonArray identifiers = new JsonArray();
        for (TraceSummary.IdentifierStats id : summary.identifiers()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("channel", id.channel());
            entry.addProperty("id", String.format(id.extended() || id.error() ? "0x%08X" : "0x%03X", id.identifier()));
            entry.addProperty("extended", id.extended());
            entry.addProperty("error", id.error());
            entry.addProperty("frames", id.count());
            String name = message.apply(id);
            if (name != null) {
                entry.addProperty("message", name);
            }
            if (!Double.isNaN(id.meanPeriodMs())) {
                entry.addProperty("meanPeriod_ms", id.meanPeriodMs());
            }
            identifiers.add(entry);
        }
        json.add("identifiers", identifiers);
        json.addProperty("untracked_frames", summary.untrackedFrames());
        json.addProperty("errorFrames", summary.errorFrames());
        addRead(json, report);
        return toJson(json);
    }

    /** The reading part: lines, skipped lines by reason, the first problems, the note. */
    static void addRead(JsonObject json, ReadReport report) {
        json.addProperty("lines", report.lines());
        json.addProperty("skippedLines", report.skippedLines());
        JsonObject reasons = new JsonObject();
        for (Map.Entry<String, Long> reason : report.skippedByReason().entrySet()) {
            reasons.addProperty(reason.getKey(), reason.getValue());
        }
        json.add("skippedByReason", reasons);
        JsonArray problems = new JsonArray();
        report.problems().forEach(problems::add);
        json.add("problems", problems);
        if (!report.note().isEmpty()) {
            json.addProperty("note", report.note());
        }
    }

    static String toJson(JsonObject json) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json);
    }
}
