package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.testdata.FleetTraces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw analyze DIR --summary}: a fleet in one process, each report as the single-trace command writes it. */
class FleetAnalyzeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Services services = Services.of("0.1.0.test").withProfiles(ProfileRegistry::new,
            FleetAnalyzeTest::noBundles).withTerminal(false);

    private static java.io.InputStream noBundles(String bundle, String path) throws IOException {
        throw new FileNotFoundException("no plugins in this test");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> words = new ArrayList<>(List.of("analyze"));
        words.addAll(List.of(args));
        return new Bmsw(services).execute(words.toArray(new String[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFolderGivesEachTracesReportAsAnalyzeJsonWritesItAndTheSummary() throws IOException {
        List<Path> traces = FleetTraces.fleet(dir.resolve("fleet"), 6, 60);
        Path reports = dir.resolve("reports");
        Path summary = dir.resolve("fleet.json");
        // one unreadable trace: exit 1 at the end, after every other trace was analysed
        assertEquals(Bmsw.EXIT_FAILED, run(dir.resolve("fleet").toString(), "--summary", summary.toString(),
                "--json-dir", reports.toString(), "--jobs", "2"), err());
        assertTrue(err().contains("bmsw analyze: site-06.log: "), err());
        assertTrue(err().contains("6 traces (1 unreadable)"), err());
        assertFalse(err().contains("\r"), "no progress bar when not at a terminal");
        assertTrue(out().contains("error      site-02.log"), out());
        assertTrue(out().contains("unreadable site-06.log"), out());

        for (Path trace : traces.subList(0, 5)) {
            Path single = dir.resolve("single.json");
            assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--json", single.toString()), err());
            assertArrayEquals(Files.readAllBytes(single), Files.readAllBytes(reports.resolve(trace.getFileName()
                    + ".json")), trace.toString());
        }
        assertFalse(Files.exists(reports.resolve("site-06.log.json")));

        JsonObject fleet = JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        assertEquals(6, fleet.get("traces").getAsInt());
        assertEquals(1, fleet.getAsJsonObject("verdicts").get("error").getAsInt());
        assertEquals(1, fleet.getAsJsonObject("verdicts").get("unreadable").getAsInt());
    }

    @Test
    void failOnExitsThreeWhenAnyTraceReachesTheLevelAndGlobsAndFilesWorkAlike() throws IOException {
        FleetTraces.fleet(dir.resolve("fleet"), 4, 60);
        Files.delete(dir.resolve("fleet/site-04.log")); // the noise: every trace readable now
        Path byGlob = dir.resolve("glob.json");
        Path byFiles = dir.resolve("files.json");
        assertEquals(Bmsw.EXIT_FINDINGS, run(dir + "/fleet/*.log", "--summary", byGlob.toString(), "--fail-on",
                "error"), err());
        assertTrue(err().contains("findings at or above error (--fail-on)"), err());
        assertEquals(Bmsw.EXIT_OK, run(dir + "/fleet/site-01.log", dir + "/fleet/site-03.log", "--summary",
                byFiles.toString(), "--fail-on", "error", "--jobs", "1"), err());
        JsonObject glob = JsonParser.parseString(Files.readString(byGlob)).getAsJsonObject();
        assertEquals(List.of("site-01.log", "site-02.log", "site-03.log"), names(glob));
        JsonObject files = JsonParser.parseString(Files.readString(byFiles)).getAsJsonObject();
        assertEquals(List.of(dir + "/fleet/site-01.log", dir + "/fleet/site-03.log"), names(files));
    }

    private static List<String> names(JsonObject summary) {
        List<String> names = new ArrayList<>();
        summary.getAsJsonArray("entries").forEach(e -> names.add(e.getAsJsonObject().get("trace").getAsString()));
        return names;
    }

    @Test
    void singleTraceOptionsAndBadJobsAreUsageErrors() throws IOException {
        FleetTraces.fleet(dir.resolve("fleet"), 2, 10);
        String folder = dir.resolve("fleet").toString();
        assertEquals(Bmsw.EXIT_USAGE, run(folder, "--json", dir.resolve("x.json").toString()));
        assertTrue(err().contains("--json FILE is one trace's report; for several traces give --json-dir DIR"),
                err());
        assertEquals(Bmsw.EXIT_USAGE, run(folder, "--summary", "s.json", "--report", "r.html"));
        assertTrue(err().contains("--report applies to one trace"), err());
        assertEquals(Bmsw.EXIT_USAGE, run(folder, "--jobs", "0"));
        assertTrue(err().contains("--jobs takes a number of worker threads of at least 1, not 0"), err());
        assertEquals(Bmsw.EXIT_USAGE, run(folder, "--protocol", "no-such-protocol"));
        assertEquals(Bmsw.EXIT_FAILED, run(dir + "/nothing/*.log", "--summary", dir.resolve("s.json").toString()));
        assertTrue(err().contains("nothing/*.log: no file matches"), err());
        assertTrue(err().contains("no traces to analyse"), err());
    }

    @Test
    void atATerminalAProgressBarCountsTracesAndIsClearedAtTheEnd() {
        FleetTraces.fleet(dir.resolve("fleet"), 3, 10);
        services = services.withTerminal(true);
        run(dir.resolve("fleet").toString(), "--jobs", "1");
        assertTrue(err().contains("\ranalyze [" + "#".repeat(30) + "] 100%  3 / 3 traces"), err());
        assertTrue(err().contains("\r" + " ".repeat(100) + "\r"), err());
    }
}
