package org.bmsw.fleet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bmsw.analysis.ReportJson;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ProfileFiles;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.fleet.FleetAnalyzer;
import org.bmsw.engine.fleet.FleetEntry;
import org.bmsw.engine.fleet.FleetInputs;
import org.bmsw.engine.fleet.FleetSummary;
import org.bmsw.engine.fleet.FleetTrace;
import org.bmsw.profiles.ProfileFolder;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.FleetTraces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The Spark job in local mode ({@code local[2]}, one session for the class) against the one-machine fleet run on
 * the same 20 generated traces: the same fleet.json, the unreadable trace reported by both, and the Parquet
 * tables agreeing with it.
 */
class FleetSparkJobTest {

    private static final int TRACES = 20;
    /** The built-in profiles' plugin in the source tree (the job jar carries the same descriptors). */
    private static final Path BUILTIN_PROFILES = Path.of(System.getProperty("basedir", "."))
            .resolve("../../bundles/org.bmsw.profiles.builtin").normalize();

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static Path fleet;

    @BeforeAll
    static void start() {
        fleet = dir.resolve("fleet");
        FleetTraces.fleet(fleet, TRACES, 120);
        spark = SparkSession.builder().master("local[2]").appName("FleetSparkJobTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void theSparkJobWritesTheSameSummaryAsTheOneMachineRunAndBothReportTheUnreadableTrace() throws Exception {
        Map<String, String> reports = new HashMap<>();
        FleetAnalyzer oneMachine = new FleetAnalyzer(new TraceEngine(DecoderRegistry.standalone(),
                ProfileRegistry::new, ProfileFiles.none()), DecoderRequest.auto(), PassOptions.DEFAULT);
        List<FleetTrace> traces = FleetInputs.list(List.of(fleet.toString()), p -> false).traces();
        List<FleetEntry> entries = oneMachine.run(traces, 2, (trace, result, done) -> {
            if (result.report() != null) {
                synchronized (reports) {
                    reports.put(trace.name(), ReportJson.toJson(result.report()));
                }
            }
        });
        String expected = FleetSummary.toJson(entries);

        Path out = dir.resolve("out");
        FleetSparkJob.Outcome outcome = FleetSparkJob.run(spark, fleet.toUri().toString(), out.toUri().toString());
        String written = Files.readString(out.resolve("fleet.json"), StandardCharsets.UTF_8);
        assertEquals(expected, written);
        assertEquals(expected, outcome.summaryJson());
        assertEquals(TRACES, outcome.traces());
        assertEquals(1, outcome.unreadable());

        JsonObject summary = JsonParser.parseString(written).getAsJsonObject();
        JsonObject verdicts = summary.getAsJsonObject("verdicts");
        assertEquals(4, verdicts.get("error").getAsInt(), "sites 02, 07, 12, 17 charge above the CCL");
        assertEquals(1, verdicts.get("unreadable").getAsInt());
        JsonObject last = summary.getAsJsonArray("entries").get(TRACES - 1).getAsJsonObject();
        assertEquals("site-20.log", last.get("trace").getAsString());
        assertTrue(last.get("reason").getAsString().startsWith("site-20.log: binary content"), last.toString());

        Dataset<Row> rows = spark.read().parquet(out.resolve("traces.parquet").toString());
        assertEquals(TRACES, rows.count());
        Row unreadable = rows.filter("verdict = 'unreadable'").collectAsList().get(0);
        assertEquals("site-20.log", unreadable.getAs("trace"));
        assertEquals(last.get("reason").getAsString(), unreadable.getAs("reason"));
        Row site2 = rows.filter("trace = 'site-02.log'").collectAsList().get(0);
        assertEquals("error", site2.getAs("verdict"));
        assertEquals("pylon-can", site2.getAs("protocol"));
        assertEquals("PYLON", site2.<scala.collection.Map<String, String>>getAs("battery").apply("manufacturer"));
        assertEquals(1L, site2.<scala.collection.Map<String, Long>>getAs("check_counts")
                .apply("compliance.charge_current"));
        // the report is the one-machine run's but for its trace field, the input's URI
        JsonObject sparkReport = JsonParser.parseString(site2.getAs("report_json")).getAsJsonObject();
        JsonObject localReport = JsonParser.parseString(reports.get("site-02.log")).getAsJsonObject();
        assertEquals(fleet.resolve("site-02.log").toUri().toString().replace("file:///", "file:/"),
                sparkReport.remove("trace").getAsString());
        localReport.remove("trace");
        assertEquals(localReport, sparkReport);
        assertEquals(site2.<String>getAs("report_json"), Files.readString(out.resolve("reports/site-02.log.json")));

        Dataset<Row> checks = spark.read().parquet(out.resolve("summary.parquet").toString());
        Row charge = checks.filter("check = 'compliance.charge_current' and severity = 'error'").collectAsList()
                .get(0);
        assertEquals(4L, (long) charge.getAs("traces"));
        assertEquals(List.of("site-02.log", "site-07.log", "site-12.log", "site-17.log"),
                charge.getList(charge.fieldIndex("worst_traces")));
    }

    /** The one-machine run of {@code request} over the fleet with the built-in profiles, as bmsw analyze has them. */
    private static String oneMachineSummary(DecoderRequest request) throws Exception {
        DecoderRegistry decoders = DecoderRegistry.standalone();
        ProfileRegistry profiles = new ProfileRegistry(decoders);
        assertEquals(List.of(), ProfileFolder.loadInto(profiles, BUILTIN_PROFILES));
        FleetAnalyzer oneMachine = new FleetAnalyzer(new TraceEngine(decoders, () -> profiles, ProfileFiles.none()),
                request, PassOptions.DEFAULT);
        List<FleetTrace> traces = FleetInputs.list(List.of(fleet.toString()), p -> false).traces();
        return FleetSummary.toJson(oneMachine.run(traces, 2, (trace, result, done) -> {
        }));
    }

    @Test
    void aProfileRunAndADbcRunGiveTheSummariesOfTheOneMachineRun() throws Exception {
        // the built-in profile's limits judge the traces: the summary names the profile's decoding
        String expected = oneMachineSummary(DecoderRequest.profile("seed.lv-battery"));
        assertTrue(expected.contains("profile seed.lv-battery, binding "), expected);
        FleetSparkJob.Outcome outcome = FleetSparkJob.run(spark, fleet.toUri().toString(),
                dir.resolve("profile-out").toUri().toString(), FleetSparkJob.Options.DEFAULT.withProfile(
                        "seed.lv-battery"));
        assertEquals(expected, outcome.summaryJson());
        assertEquals(expected, Files.readString(dir.resolve("profile-out/fleet.json"), StandardCharsets.UTF_8));
        assertEquals(1, outcome.unreadable());

        // a user's DBC decodes its identifiers first; shipped to the executors by its name
        Path dbcs = Files.createDirectories(dir.resolve("dbc"));
        Path dbc = dbcs.resolve("site-soc.dbc");
        Files.writeString(dbc, """
                VERSION ""

                NS_ :

                BS_:

                BU_: BMS

                BO_ 853 SiteSoc: 8 BMS
                 SG_ soc_half_pct : 0|8@1+ (0.5,0) [0|100] "%" Vector__XXX

                """);
        String withDbc = oneMachineSummary(DecoderRequest.auto().withDbc(dbc));
        assertTrue(withDbc.contains("with site-soc.dbc first for its 1 message"), withDbc);
        FleetSparkJob.Outcome dbcOutcome = FleetSparkJob.run(spark, fleet.toUri().toString(),
                dir.resolve("dbc-out").toUri().toString(), FleetSparkJob.Options.DEFAULT.withDbc(dbc.toString()));
        assertEquals(withDbc, dbcOutcome.summaryJson());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> FleetSparkJob.run(
                spark, fleet.toUri().toString(), dir.resolve("unknown-out").toUri().toString(),
                FleetSparkJob.Options.DEFAULT.withProfile("no.such-battery")));
        assertTrue(unknown.getMessage().contains("unknown profile 'no.such-battery'"), unknown.getMessage());
    }

    @Test
    void theJobJarCarriesEveryBuiltInProfile() throws Exception {
        ProfileRegistry fromJar = JobProfiles.registry(DecoderRegistry.standalone(), List.of(), problem -> {
            throw new AssertionError(problem);
        });
        ProfileRegistry fromFolder = new ProfileRegistry();
        ProfileFolder.loadInto(fromFolder, BUILTIN_PROFILES);
        assertEquals(fromFolder.all().stream().map(p -> p.id()).sorted().toList(),
                fromJar.all().stream().map(p -> p.id()).sorted().toList());
        assertTrue(fromJar.find("seed.lv-battery").isPresent());
    }

    @Test
    void aGlobNamesTracesBelowItsFixedPartAndAnOutputWithContentIsRefused() throws Exception {
        Path out = dir.resolve("glob-out");
        FleetSparkJob.Outcome outcome = FleetSparkJob.run(spark, fleet.toUri() + "site-0[1-3].log",
                out.toUri().toString());
        JsonObject summary = JsonParser.parseString(outcome.summaryJson()).getAsJsonObject();
        assertEquals(3, summary.get("traces").getAsInt());
        assertEquals("site-01.log", summary.getAsJsonArray("entries").get(0).getAsJsonObject().get("trace")
                .getAsString());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> FleetSparkJob.run(spark, fleet.toString(), out.toString()));
        assertTrue(refused.getMessage().endsWith("exists; give a new folder for the results"),
                refused.getMessage());
    }
}
