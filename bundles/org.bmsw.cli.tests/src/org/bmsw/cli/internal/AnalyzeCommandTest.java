package org.bmsw.cli.internal;

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
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw analyze} on real captures: text, HTML and JSON reports, exit codes of --fail-on and --expect. */
class AnalyzeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Services services = Services.of("0.1.0.test").withProfiles(ProfileRegistry::new,
            AnalyzeCommandTest::noBundles);

    private static java.io.InputStream noBundles(String bundle, String path) throws IOException {
        throw new FileNotFoundException("no plugins in this test");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        List<String> words = new java.util.ArrayList<>(List.of("analyze"));
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
    void theDiscoverCapturePassesAndAnOverCurrentFailsOnErrorWithBothReports() throws IOException {
        Path trace = TestData.copyTo("traces/discover_lynx2_serialcan_candump_issue107.txt", dir);
        // its 4-byte 0x372/0x373 do not fit the Victron layouts: reported, not judged as cell values
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--fail-on", "error"), err());
        assertTrue(out().contains("layout.mismatch"), out());
        assertTrue(out().contains("0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00"), out());
        assertFalse(out().contains("values.inconsistent"), out());

        // the same battery, then charging at 300 A (0x356 current B8 0B) under its 282 A charge limit
        Files.writeString(trace, "  can0  356   [8]  0A 02 B8 0B BE 00 00 00\n", StandardOpenOption.APPEND);
        Path html = dir.resolve("report.html");
        Path json = dir.resolve("report.json");
        // one frame over the limit: an excess only without a reaction time (--reaction-s 0)
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--fail-on", "error"), err());
        // without --fail-on: exit 0 whatever is found
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--reaction-s", "0"), err());
        assertTrue(out().contains("verdict     ERRORS"), out());
        assertEquals(Bmsw.EXIT_FINDINGS, run(trace.toString(), "--reaction-s", "0", "--report", html.toString(),
                "--json", json.toString(), "--fail-on", "error"));
        assertTrue(err().contains("findings at or above error"), err());
        assertTrue(out().contains("verdict     ERRORS"), out());
        // the over-current 0x356 is the capture's 11th frame
        assertTrue(out().contains("frames row 11 0x356"), out());

        JsonObject report = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        assertEquals("bmsw-analysis-report/1", report.get("schema").getAsString());
        assertEquals(11, report.get("frames").getAsInt());
        assertEquals("error", report.get("worst_severity").getAsString());
        JsonObject can0 = report.getAsJsonArray("channels").get(0).getAsJsonObject();
        assertEquals("sma-can", can0.get("protocol").getAsString());
        assertEquals(62, can0.getAsJsonObject("final_state").get("soc_pct").getAsInt());
        JsonObject first = report.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("compliance.charge_current", first.get("check").getAsString());
        assertEquals(11, first.getAsJsonArray("frames").get(0).getAsJsonObject().get("row").getAsInt());

        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("<svg "), "plots");
        assertTrue(page.contains("compliance.charge_current"));
        assertTrue(page.contains("layout.mismatch"));
        // self-contained: no script, nothing fetched from elsewhere
        assertFalse(page.contains("<script"));
        assertFalse(page.contains("http://") || page.contains("https://"), "an address in the page");
    }

    @Test
    void failOnWarningPassesAHealthyCaptureAndExpectationsAreChecked() throws IOException {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--fail-on", "warning"), err());
        Path ok = dir.resolve("ok.json");
        Files.writeString(ok, "{\"protocol\": \"pylon-can\", \"max_severity\": \"info\", "
                + "\"ranges\": {\"soc_pct\": {\"min\": 30, \"max\": 30}}}");
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--expect", ok.toString()), err());
        assertTrue(out().contains("expectations " + ok + ": all met"), out());
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"findings\": {\"present\": [\"alarms.protection\"]}, "
                + "\"ranges\": {\"voltage_V\": {\"max\": 50}}}");
        assertEquals(Bmsw.EXIT_FINDINGS, run(trace.toString(), "--expect", wrong.toString()));
        // 0x356 79 14 = 5241 x 0.01 V
        assertTrue(err().contains("does not meet " + wrong + " (2 mismatches):\n"
                + "  findings.present[0]: expected a alarms.protection finding, found 0\n"
                + "  ranges.voltage_V: went up to 52.41, expected at most 50"), err());
    }

    @Test
    void usageAndFileErrors() throws IOException {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        assertEquals(Bmsw.EXIT_USAGE, run(trace.toString(), "--fail-on", "info"));
        assertTrue(err().contains("--fail-on takes warning or error, not 'info'"), err());
        assertEquals(Bmsw.EXIT_USAGE, run(trace.toString(), "--json"));
        assertEquals(Bmsw.EXIT_FAILED, run(dir.resolve("missing.log").toString()));
        assertTrue(err().contains("missing.log: no such file"), err());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"ranges\": {\"soc\": {}}}");
        assertEquals(Bmsw.EXIT_FAILED, run(trace.toString(), "--expect", broken.toString()));
        assertTrue(err().contains(broken + ": ranges.soc: 'soc' is not a canonical quantity name"), err());
        Path cable = dir.resolve("cable.csv");
        Files.writeString(cable, "a_pin,b_pin\n4,x\n");
        assertEquals(Bmsw.EXIT_FAILED, run(trace.toString(), "--cable", cable.toString()));
        assertTrue(err().contains(cable + ":2:"), err());
    }

    @Test
    void theCableGoesIntoTheReport() throws IOException {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        // the Eco-Worthy's stated wiring: battery RJ45 pin 4 CAN_H, 5 CAN_L, 6 GND
        Path cable = dir.resolve("cable.csv");
        Files.writeString(cable, "a_pin,a_name,a_signal,b_pin,b_name,b_signal,colour\n"
                + "4,CAN_H,CAN_H,7,CAN_H,CAN_H,blue\n5,CAN_L,CAN_L,8,CAN_L,CAN_L,white-blue\n");
        Path html = dir.resolve("r.html");
        assertEquals(Bmsw.EXIT_OK, run(trace.toString(), "--cable", cable.toString(), "--report",
                html.toString()), err());
        String page = Files.readString(html);
        assertTrue(page.contains("<h2>Cable</h2>"));
        assertTrue(page.contains("<td>white-blue</td>"), page);
    }

    @Test
    void theProposedCableBetweenTwoProfilesPortsGoesIntoTheReport() throws IOException {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        Path html = dir.resolve("proposed.html");
        // the brief's battery PCS port to its inverter's COM port, through the built-in profiles
        int exit = new Bmsw("0.1.0.test").execute(new String[] { "analyze", trace.toString(), "--battery",
                "seed.lv-battery:PCS", "--inverter", "seed.hybrid-inverter:COM", "--report", html.toString() },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Bmsw.EXIT_OK, exit, err());
        String page = Files.readString(html);
        assertTrue(page.contains("proposed cable (bmsw pinout): end A battery seed.lv-battery:PCS"), page);
        // as bmsw pinout proposes it: battery pin 4 (CAN1_H) to inverter pin 7 (CAN0_H), blue
        assertTrue(page.contains("<tr><td>4</td><td>CAN1_H</td>"), page);
        assertTrue(page.contains("wiring checks passed"), page);
        assertEquals(Bmsw.EXIT_USAGE, run(trace.toString(), "--battery", "seed.lv-battery:PCS"));
    }
}
