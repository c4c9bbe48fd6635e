package org.bmsw.engine.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.Checks;
import org.bmsw.analysis.ReportJson;
import org.bmsw.analysis.Severity;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ProfileFiles;
import org.bmsw.engine.TraceEngine;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.FleetTraces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The fleet analysis on generated traces: the same summary on one or two workers, the unreadable one listed. */
class FleetAnalyzerTest {

    @TempDir
    Path dir;

    private final TraceEngine engine = new TraceEngine(DecoderRegistry.standalone(), ProfileRegistry::new,
            ProfileFiles.none());
    private final FleetAnalyzer analyzer = new FleetAnalyzer(engine, DecoderRequest.auto(), PassOptions.DEFAULT);

    private List<FleetTrace> fleet(int count) {
        FleetTraces.fleet(dir.resolve("fleet"), count, 120);
        return FleetInputs.list(List.of(dir.resolve("fleet").toString()), p -> false).traces();
    }

    @Test
    void twoWorkersWriteTheSameSummaryAsOneAndTheOverCurrentSitesAreTheWorst() {
        List<FleetTrace> traces = fleet(10);
        assertEquals(List.of("site-01.log", "site-02.log", "site-03.log", "site-04.log", "site-05.log",
                "site-06.log", "site-07.log", "site-08.log", "site-09.log", "site-10.log"),
                traces.stream().map(FleetTrace::name).toList());
        String one = FleetSummary.toJson(analyzer.run(traces, 1, (t, r, n) -> { }));
        String two = FleetSummary.toJson(analyzer.run(traces, 2, (t, r, n) -> { }));
        assertEquals(one, two);

        JsonObject summary = JsonParser.parseString(one).getAsJsonObject();
        assertEquals(FleetSummary.SCHEMA, summary.get("schema").getAsString());
        assertEquals(10, summary.get("traces").getAsInt());
        JsonObject verdicts = summary.getAsJsonObject("verdicts");
        assertEquals(2, verdicts.get("error").getAsInt(), one);
        assertEquals(1, verdicts.get("unreadable").getAsInt());
        assertEquals(7, verdicts.get("warning").getAsInt() + verdicts.get("info").getAsInt()
                + verdicts.get("clean").getAsInt());

        JsonObject charge = check(summary, Checks.COMPLIANCE_CHARGE_CURRENT);
        assertEquals(2, charge.get("traces").getAsInt());
        assertEquals(2, charge.getAsJsonObject("by_severity").getAsJsonObject("error").get("traces").getAsInt());
        JsonArray worst = charge.getAsJsonArray("worst_traces");
        assertEquals("site-02.log", worst.get(0).getAsJsonObject().get("trace").getAsString());
        assertEquals("site-07.log", worst.get(1).getAsJsonObject().get("trace").getAsString());

        JsonObject site2 = summary.getAsJsonArray("entries").get(1).getAsJsonObject();
        assertEquals("site-02.log", site2.get("trace").getAsString());
        assertEquals("error", site2.get("verdict").getAsString());
        assertEquals("pylon-can", site2.get("protocol").getAsString());
        assertEquals("PYLON", site2.getAsJsonObject("battery").get("manufacturer").getAsString());
        assertEquals(120 * 8, site2.get("frames").getAsLong());
        assertEquals(119.6, site2.get("duration_s").getAsDouble(), 1e-9);
        JsonObject first = site2.getAsJsonArray("worst_findings").get(0).getAsJsonObject();
        assertEquals(Checks.COMPLIANCE_CHARGE_CURRENT, first.get("check").getAsString());
        assertEquals(FleetTraces.OVER_CURRENT_A, first.get("worst_value").getAsDouble(), 1e-9);
        assertEquals(FleetTraces.CCL_A, first.get("limit").getAsDouble(), 1e-9);

        JsonObject noise = summary.getAsJsonArray("entries").get(9).getAsJsonObject();
        assertEquals("site-10.log", noise.get("trace").getAsString());
        assertEquals("unreadable", noise.get("verdict").getAsString());
        assertTrue(noise.get("reason").getAsString().startsWith("site-10.log: "), noise.toString());
        assertFalse(noise.get("reason").getAsString().contains(dir.toString()), "no local path in the summary");
        assertFalse(one.contains(dir.toString()), "the summary names traces, not where they were read");
    }

    private static JsonObject check(JsonObject summary, String id) {
        for (var element : summary.getAsJsonArray("checks")) {
            if (element.getAsJsonObject().get("check").getAsString().equals(id)) {
                return element.getAsJsonObject();
            }
        }
        throw new AssertionError("no check " + id + " in " + summary);
    }

    @Test
    void eachTraceIsAnalysedAsTheEngineAnalysesItAlone() throws Exception {
        Path file = FleetTraces.pylonCandump(dir.resolve("one.log"), 90, 7, 20);
        FleetAnalyzer.Analysed result = analyzer.analyze(file, "one.log");
        var input = engine.open(file);
        var alone = engine.analyze(input, engine.resolve(DecoderRequest.auto(), input),
                org.bmsw.analysis.AnalysisOptions.of(org.bmsw.protocol.DecoderSpec.AUTO), PassOptions.DEFAULT);
        assertEquals(ReportJson.toJson(alone), ReportJson.toJson(result.report()));
        assertEquals(Severity.ERROR, result.entry().worstSeverity());
        assertEquals(1, result.entry().checks().stream()
                .filter(c -> c.check().equals(Checks.COMPLIANCE_CHARGE_CURRENT)).count());
    }

    @Test
    void theBatteryIdentityIsWhatTheStateNamesAndNothingElse() {
        Map<String, Object> state = new java.util.LinkedHashMap<>();
        state.put("soc_percent", 80.0);
        state.put("manufacturer", " PYLON  ");
        state.put("charge_voltage_limit_v", 53.2);
        state.put("serial_number", "PPTAP02021234567");
        state.put("firmware_version", "V1.8");
        assertEquals(List.of("manufacturer", "serial_number", "firmware_version"),
                List.copyOf(FleetAnalyzer.batteryIdentity(state).keySet()));
        assertEquals("PYLON", FleetAnalyzer.batteryIdentity(state).get("manufacturer"));
        state.remove("serial_number");
        state.remove("firmware_version");
        state.put("manufacturer", "  ");
        assertEquals(Map.of(), FleetAnalyzer.batteryIdentity(state));
    }

    @Test
    void aSmallHeapGetsFewerWorkers() {
        assertEquals(2, FleetAnalyzer.jobsWithinHeap(2, 1L << 30));
        assertEquals(16, FleetAnalyzer.jobsWithinHeap(64, 1L << 30));
        assertEquals(4, FleetAnalyzer.jobsWithinHeap(8, 256L << 20));
        assertEquals(1, FleetAnalyzer.jobsWithinHeap(8, 32L << 20));
    }

    @Test
    void aMissingFileAndNoiseAreEntriesWithTheirReasonAndTheRunGoesOn() {
        List<FleetTrace> traces = List.of(new FleetTrace("gone.log", dir.resolve("gone.log"), 0),
                new FleetTrace("ok.log", FleetTraces.pylonCandump(dir.resolve("ok.log"), 30, 1, 0), 0));
        List<FleetEntry> entries = analyzer.run(traces, 2, (t, r, n) -> { });
        assertEquals("gone.log: no such file", entries.get(0).reason());
        assertNull(entries.get(0).worstSeverity());
        assertTrue(entries.get(1).readable());
        assertEquals(240, entries.get(1).frames());
    }

    @Test
    void aListenerThatFailsStopsTheRunWithItsError() {
        List<FleetTrace> traces = fleet(4);
        UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> analyzer.run(traces, 2,
                (t, r, n) -> {
                    throw new UncheckedIOException("disk full", new java.io.IOException("disk full"));
                }));
        assertEquals("disk full", thrown.getMessage());
    }

    @Test
    void foldersGlobsAndFilesAreListedByNameWithoutHiddenFiles() throws Exception {
        Path sites = Files.createDirectories(dir.resolve("sites/north"));
        Files.writeString(sites.resolve("a.log"), "x");
        Files.writeString(sites.resolve(".hidden.log"), "x");
        Files.writeString(dir.resolve("sites/b.txt"), "x");
        Files.writeString(dir.resolve("sites/summary.json"), "{}");
        Path summary = dir.resolve("sites/summary.json");

        FleetInputs.Listing folder = FleetInputs.list(List.of(dir.resolve("sites").toString()),
                summary::equals);
        assertEquals(List.of("b.txt", "north/a.log"), folder.traces().stream().map(FleetTrace::name).toList());
        assertEquals(sites.resolve("a.log"), folder.traces().get(1).path());

        FleetInputs.Listing glob = FleetInputs.list(List.of(dir + "/sites/**/*.log", dir + "/none/*.log"),
                p -> false);
        assertEquals(List.of("north/a.log"), glob.traces().stream().map(FleetTrace::name).toList());
        assertEquals(List.of(dir + "/none/*.log: no file matches"), glob.problems());

        FleetInputs.Listing files = FleetInputs.list(List.of(dir + "/sites/b.txt", dir + "/missing.log"),
                p -> false);
        assertEquals(Map.of(dir + "/sites/b.txt", 1L, dir + "/missing.log", 0L), Map.of(
                files.traces().get(0).name(), files.traces().get(0).sizeBytes(), files.traces().get(1).name(),
                files.traces().get(1).sizeBytes()));
    }
}
