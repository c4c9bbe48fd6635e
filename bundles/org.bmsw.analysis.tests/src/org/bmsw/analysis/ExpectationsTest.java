package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.formats.ReadOptions;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden traces: a real capture against its saved expectations, and what a mismatch or a bad file says. */
class ExpectationsTest {

    @TempDir
    Path dir;

    private static String fixture(String name) throws IOException {
        try (InputStream in = ExpectationsTest.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private AnalysisReport analyze(String trace) throws IOException {
        return TraceAnalyzer.analyze(TestData.copyTo("traces/" + trace, dir), AnalysisOptions.of("auto"),
                ReadOptions.LENIENT);
    }

    @Test
    void theEcoWorthyCaptureMeetsItsSavedExpectations() throws IOException {
        Expectations expectations = Expectations.parse("ecoworthy_cubix100.expect.json",
                fixture("ecoworthy_cubix100.expect.json"));
        assertEquals(List.of(), expectations.check(analyze("ecoworthy_cubix100_pylon_can_candump.txt")));
    }

    @Test
    void anotherCaptureAgainstTheSameExpectationsListsEveryMismatch() throws IOException {
        Expectations expectations = Expectations.parse("ecoworthy_cubix100.expect.json",
                fixture("ecoworthy_cubix100.expect.json"));
        // Discover: SMA CAN, 62 % SOC, 52.2 V, CCL 282 A, no module_count; its 4-byte 0x372/0x373 not understood
        List<String> mismatches = expectations.check(analyze("discover_lynx2_serialcan_candump_issue107.txt"));
        assertEquals(List.of(
                "protocol: expected pylon-can, decoded as sma-can",
                "ranges.charge_current_limit_A: went up to 282, expected at most 200",
                "ranges.module_count: never sent in the trace"), mismatches);
    }

    @Test
    void presentRulesCountFindingsByCheckSeverityAndChannel() throws IOException {
        AnalysisReport report = analyze("discover_lynx2_serialcan_candump_issue107.txt");
        Expectations ok = Expectations.parse("inline", """
                {"findings": {"present": [{"check": "layout.mismatch", "severity": "info", "channel": "can0"},
                                          {"check": "layout.mismatch", "min_count": 2}]}}""");
        assertEquals(List.of(), ok.check(report));
        Expectations wrong = Expectations.parse("inline", """
                {"findings": {"present": [{"check": "layout.mismatch", "min_count": 3},
                                          {"check": "layout.mismatch", "severity": "warning"},
                                          {"check": "values.inconsistent", "channel": "can1"}]}}""");
        assertEquals(List.of("findings.present[0]: expected at least 3 layout.mismatch finding, found 2",
                "findings.present[1]: expected a layout.mismatch warning+ finding, found 0",
                "findings.present[2]: expected a values.inconsistent on can1 finding, found 0"), wrong.check(report));
    }

    @Test
    void aBadExpectationsFileSaysWhereAndWhat() {
        IllegalArgumentException json = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("site.expect.json", "{\"findings\": [}"));
        assertTrue(json.getMessage().startsWith("site.expect.json: not valid JSON"), json.getMessage());
        IllegalArgumentException check = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("site.expect.json", "{\"findings\": {\"absent\": [\"compliance.ccl\"]}}"));
        assertTrue(check.getMessage().startsWith("site.expect.json: findings.absent[0]: unknown check "
                + "'compliance.ccl'; known: protocol.detected, "), check.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("site.expect.json", "{\"ranges\": {\"soc\": {\"min\": 1}}}"));
        assertEquals("site.expect.json: ranges.soc: 'soc' is not a canonical quantity name (e.g. soc_pct, voltage_V)",
                range.getMessage());
        IllegalArgumentException severity = assertThrows(IllegalArgumentException.class,
                () -> Expectations.parse("x.json", "{\"max_severity\": \"fatal\"}"));
        assertEquals("x.json: max_severity: 'fatal' is not a severity (info, warning, error)", severity.getMessage());
    }
}
