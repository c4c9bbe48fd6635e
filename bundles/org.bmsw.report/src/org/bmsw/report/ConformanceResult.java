package org.bmsw.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.bmsw.report.internal.JsonLines;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The result of an inverter conformance test (the workbench plays the battery and watches the inverter react), as
 * the conformance command writes it and the commissioning report shows it. JSON schema {@value #SCHEMA}, described
 * in the bundle README.
 *
 * @param battery the battery profile played, e.g. {@code pylontech.us5000}, or {@code ""}
 * @param inverter the inverter profile tested, or {@code ""}
 * @param source the source the test transmitted on, e.g. {@code slcan:/dev/ttyACM0}, or {@code ""}
 * @param started when the test started (ISO 8601 text as written), or {@code ""}
 * @param steps the plan's steps in the order run
 */
public record ConformanceResult(String battery, String inverter, String source, String started,
        List<ConformanceResult.Step> steps) {

    public static final String SCHEMA = "bmsw-conformance-result/1";

    public ConformanceResult {
        battery = battery == null ? "" : battery;
        inverter = inverter == null ? "" : inverter;
        source = source == null ? "" : source;
        started = started == null ? "" : started;
        steps = List.copyOf(steps);
    }

    /** What a step concluded. */
    public enum Verdict {
        /** The inverter reacted as asked, in time, and settled where it should. */
        PASS("pass"),
        /** It did not react, reacted too late or settled elsewhere. */
        FAIL("fail"),
        /** Its reaction could not be observed (the reason says why); never counted as a pass. */
        NOT_JUDGED("not-judged");

        private final String key;

        Verdict(String key) {
            this.key = key;
        }

        /** The name in the JSON: {@code pass}, {@code fail}, {@code not-judged}. */
        public String key() {
            return key;
        }

        /** How a person reads it: {@code pass}, {@code fail}, {@code not judged}. */
        public String label() {
            return key.replace('-', ' ');
        }

        static Verdict byKey(String key) {
            for (Verdict verdict : values()) {
                if (verdict.key.equals(key)) {
                    return verdict;
                }
            }
            return null;
        }
    }

    /**
     * A frame that shows the step's reaction (or its absence).
     *
     * @param row the frame's row in the test's capture (1-based), or -1 when not known
     * @param timeS seconds since the test started
     * @param id the identifier as the trace view shows it ({@code 0x351}) or a register ({@code HR 40100})
     * @param data the bytes in hex or the register value, or {@code ""}
     * @param note what the frame shows, e.g. "inverter charge current 0.4 A", or {@code ""}
     */
    public record EvidenceFrame(long row, double timeS, String id, String data, String note) {
        public EvidenceFrame {
            id = id == null ? "" : id;
            data = data == null ? "" : data;
            note = note == null ? "" : note;
        }
    }

    /**
     * One step of the plan.
     *
     * @param name the step's name, e.g. {@code ccl-zero-while-charging}
     * @param verdict pass, fail or not judged
     * @param reason why: for a pass what was seen, for a fail what went wrong, for not judged what could not be seen
     * @param reactionTimeS seconds from the request to the inverter's reaction, null when none was observed
     * @param settledValue the value the inverter settled at, null when none was observed
     * @param settledUnit the unit of {@code settledValue} ({@code A}, {@code V}), or {@code ""}
     * @param evidence the frames that prove it
     */
    public record Step(String name, Verdict verdict, String reason, Double reactionTimeS, Double settledValue,
            String settledUnit, List<EvidenceFrame> evidence) {
        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(verdict, "verdict");
            reason = reason == null ? "" : reason;
            settledUnit = settledUnit == null ? "" : settledUnit;
            evidence = List.copyOf(evidence);
        }
    }

    /** How many steps reached {@code verdict}. */
    public long count(Verdict verdict) {
        return steps.stream().filter(s -> s.verdict() == verdict).count();
    }

    /** The overall verdict: fail when a step failed, not judged when none failed but one was not judged, else pass. */
    public Verdict overall() {
        return count(Verdict.FAIL) > 0 ? Verdict.FAIL
                : count(Verdict.NOT_JUDGED) > 0 || steps.isEmpty() ? Verdict.NOT_JUDGED : Verdict.PASS;
    }

    /** The result as JSON (schema {@value #SCHEMA}); {@link #read} reads it back. */
    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schema", SCHEMA);
        map.put("battery", battery);
        map.put("inverter", inverter);
        map.put("source", source);
        map.put("started", started);
        map.put("verdict", overall().key());
        List<Object> stepList = new ArrayList<>();
        for (Step step : steps) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", step.name());
            s.put("verdict", step.verdict().key());
            s.put("reason", step.reason());
            s.put("reaction_time_s", step.reactionTimeS());
            s.put("settled_value", step.settledValue());
            s.put("settled_unit", step.settledUnit());
            List<Object> frames = new ArrayList<>();
            for (EvidenceFrame frame : step.evidence()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("row", frame.row());
                f.put("time_s", frame.timeS());
                f.put("id", frame.id());
                f.put("data", frame.data());
                f.put("note", frame.note());
                frames.add(f);
            }
            s.put("evidence_frames", frames);
            stepList.add(s);
        }
        map.put("steps", stepList);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(map)
                + "\n";
    }

    /**
     * Reads a conformance result.
     *
     * @param fileName for messages: {@code result.json:12: ...}
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    public static ConformanceResult read(String fileName, String text) {
        JsonLines json = JsonLines.parseObject(fileName, text);
        JsonObject root = json.root();
        String schema = optionalText(json, root, "$", "schema");
        if (!SCHEMA.equals(schema)) {
            throw json.errorAt(root.has("schema") ? "$.schema" : "$", "schema must be \"" + SCHEMA + "\"" + (schema
                    .isEmpty() ? "" : ", not \"" + schema + "\""));
        }
        JsonElement stepsElement = root.get("steps");
        if (stepsElement == null || !stepsElement.isJsonArray()) {
            throw json.errorAt(stepsElement == null ? "$" : "$.steps", "steps must be a list [ ... ] of steps");
        }
        List<Step> steps = new ArrayList<>();
        JsonArray array = stepsElement.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String path = "$.steps[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw json.errorAt(path, "a step must be an object { \"name\": ..., \"verdict\": ... }");
            }
            steps.add(step(json, array.get(i).getAsJsonObject(), path));
        }
        return new ConformanceResult(optionalText(json, root, "$", "battery"), optionalText(json, root, "$",
                "inverter"), optionalText(json, root, "$", "source"), optionalText(json, root, "$", "started"), steps);
    }

    private static Step step(JsonLines json, JsonObject step, String path) {
        String name = optionalText(json, step, path, "name");
        if (name.isBlank()) {
            throw json.errorAt(step.has("name") ? path + ".name" : path, "a step needs a name");
        }
        String verdictText = optionalText(json, step, path, "verdict");
        Verdict verdict = Verdict.byKey(verdictText.toLowerCase(Locale.ROOT));
        if (verdict == null) {
            throw json.errorAt(step.has("verdict") ? path + ".verdict" : path, "step " + name + ": verdict must be "
                    + "pass, fail or not-judged" + (verdictText.isEmpty() ? "" : ", not '" + verdictText + "'"));
        }
        String reason = optionalText(json, step, path, "reason");
        if (verdict == Verdict.NOT_JUDGED && reason.isBlank()) {
            throw json.errorAt(path + ".verdict", "step " + name + " is not judged: give the reason");
        }
        List<EvidenceFrame> evidence = new ArrayList<>();
        JsonElement frames = step.get("evidence_frames");
        if (frames != null && !frames.isJsonNull()) {
            if (!frames.isJsonArray()) {
                throw json.errorAt(path + ".evidence_frames", "evidence_frames must be a list [ ... ]");
            }
            JsonArray array = frames.getAsJsonArray();
            for (int i = 0; i < array.size(); i++) {
                String framePath = path + ".evidence_frames[" + i + "]";
                if (!array.get(i).isJsonObject()) {
                    throw json.errorAt(framePath, "an evidence frame must be an object { \"row\": ..., \"id\": ... }");
                }
                JsonObject frame = array.get(i).getAsJsonObject();
                Double row = optionalNumber(json, frame, framePath, "row");
                Double time = optionalNumber(json, frame, framePath, "time_s");
                evidence.add(new EvidenceFrame(row == null ? -1 : row.longValue(), time == null ? Double.NaN : time,
                        optionalText(json, frame, framePath, "id"), optionalText(json, frame, framePath, "data"),
                        optionalText(json, frame, framePath, "note")));
            }
        }
        return new Step(name, verdict, reason, optionalNumber(json, step, path, "reaction_time_s"),
                optionalNumber(json, step, path, "settled_value"), optionalText(json, step, path, "settled_unit"),
                evidence);
    }

    private static String optionalText(JsonLines json, JsonObject object, String path, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return "";
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw json.errorAt(path + "." + name, name + " must be a text in quotes, not " + value);
        }
        return value.getAsString();
    }

    private static Double optionalNumber(JsonLines json, JsonObject object, String path, String name) {
        JsonElement value = object.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw json.errorAt(path + "." + name, name + " must be a number or null, not " + value);
        }
        return value.getAsDouble();
    }
}
