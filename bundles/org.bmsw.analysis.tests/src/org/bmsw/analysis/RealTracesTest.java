package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.formats.ReadOptions;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture in org.bmsw.testdata/traces analysed, with the findings a person reading the capture and its
 * SOURCES.md entry expects (worked out from the bytes with battery-state.md and protocols.md, not from this code).
 * Captures the source printed in a trace format are read as they are; excerpts printed another way are turned
 * into candump text first where that is a plain transcription, and otherwise must fail with a clear
 * {@code file:line: reason}.
 */
class RealTracesTest {

    @TempDir
    Path dir;

    private AnalysisReport analyze(Path file) throws IOException {
        return TraceAnalyzer.analyze(file, AnalysisOptions.of("auto"), ReadOptions.LENIENT);
    }

    private AnalysisReport analyzeTrace(String name) throws IOException {
        return analyze(TestData.copyTo("traces/" + name, dir));
    }

    /** The traces SOURCES.md lists, from its table's first column. */
    private static List<String> listedTraces() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| ([\\w.-]+\\.(?:txt|md)) \\|").matcher(TestData.text("traces/SOURCES.md"));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyListedTraceIsAnalysedOrRefusedWithFileAndLine() throws IOException {
        List<String> names = listedTraces();
        assertEquals(14, names.size(), names.toString());
        Set<String> readable = Set.of("ecoworthy_cubix100_pylon_can_candump.txt",
                "pylontech_stack_candump_python_docstring.txt", "rec_q_bms_sma_profile_candump_250k.txt",
                "victron_gx_canbms_candump_syssi_issue3.txt", "discover_lynx2_serialcan_candump_issue107.txt");
        for (String name : names) {
            Path file = TestData.copyTo("traces/" + name, dir);
            if (readable.contains(name)) {
                AnalysisReport report = analyze(file);
                assertEquals(1, report.channels().size(), name);
                assertTrue(report.count(Checks.PROTOCOL_DETECTED) == 1, name);
                // all are single cycles printed without time: timing cannot be judged, and the report says so
                assertFalse(report.timestamps(), name);
                assertEquals(1, report.count(Checks.TIMING_NO_TIMESTAMPS), name);
            } else {
                // notes with '#' comments, tables, log lines: not a trace format; said with the file and line 1
                IOException e = assertThrows(IOException.class, () -> analyze(file), name);
                assertTrue(e.getMessage().startsWith(file + ":1: not a known trace format"), e.getMessage());
            }
        }
    }

    @Test
    void ecoWorthyCubixIsAHealthyPylonBattery() throws IOException {
        // 0x351 48 02 D0 07 D0 07 C0 01: CVL 58.4 V, CCL 200 A, DCL 200 A, DVL 44.8 V; 0x356 0 A; 0x359 no bits,
        // 2 modules; 0x35C C0: charge and discharge enabled: nothing to complain about
        AnalysisReport report = analyzeTrace("ecoworthy_cubix100_pylon_can_candump.txt");
        ChannelReport can0 = report.channels().get(0);
        assertEquals("pylon-can", can0.protocolId());
        assertEquals("1.2", can0.layout());
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
        assertEquals(30.0, report.range("soc_pct").orElseThrow().max());
        assertEquals(2.0, report.range("module_count").orElseThrow().min());
        assertTrue(can0.episodes().isEmpty());
    }

    @Test
    void ecoWorthyJudgedByTheUs5000RatingsAsksForTooHighAVoltage() throws IOException {
        // pylontech-us5000.xml: 44.5-53.5 V, 100 A per module; the Cubix asks for CVL 58.4 V (above 53.5 V), its
        // CCL/DCL 200 A are within 2 modules x 100 A, its DVL 44.8 V is above 44.5 V
        var ratings = new org.bmsw.profiles.NominalLimits(44.5, 53.5, 15, 100, 100, 100);
        AnalysisReport report = TraceAnalyzer.analyze(TestData.copyTo(
                "traces/ecoworthy_cubix100_pylon_can_candump.txt", dir), AnalysisOptions.of("auto").withProfile(
                        "pylontech.us5000", ratings), ReadOptions.LENIENT);
        List<Finding> findings = report.findings(Checks.PROFILE_RANGE);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("charge_voltage_limit_V", findings.get(0).quantity());
        assertEquals(58.4, findings.get(0).worstValue(), 1e-9);
        assertEquals(1, findings.get(0).frames().get(0).row()); // 0x351 is the capture's first frame
    }

    @Test
    void pylontechStackDischargesWithinItsLimits() throws IOException {
        // 0x356 84 13 F1 FF 37 00: 49.96 V, -1.5 A (discharging), 5.5 °C; 0x351 DCL 0x0640 = 160 A; 0x35C C0
        AnalysisReport report = analyzeTrace("pylontech_stack_candump_python_docstring.txt");
        assertEquals("pylon-can", report.channels().get(0).protocolId());
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
        assertEquals(-1.5, report.range("current_A").orElseThrow().min(), 1e-9);
        assertEquals(4.0, report.range("module_count").orElseThrow().max());
    }

    @Test
    void recQAndVictronSmaBatteriesRaiseNoAlarm() throws IOException {
        // REC Q 0x35A A8 A0 82 00 00 00 80 0A and SHEnergy AA AA AA 02 AA AA AA 02: every pair 10 (cleared), 00
        // or 11 (no change), none 01 (raised); voltages between their DVL and CVL, currents within CCL/DCL
        for (String name : List.of("rec_q_bms_sma_profile_candump_250k.txt",
                "victron_gx_canbms_candump_syssi_issue3.txt")) {
            AnalysisReport report = analyzeTrace(name);
            assertEquals("sma-can", report.channels().get(0).protocolId(), name);
            assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), name + ": " + report.findings());
            assertEquals(0, report.count(Checks.ALARMS_PROTECTION) + report.count(Checks.ALARMS_WARNING), name);
        }
        // SHEnergy discharges at 30.1 A (0x356 D3 FE = -301) under a DCL of 195 A (0x351 9E 07 = 1950)
        AnalysisReport victron = analyzeTrace("victron_gx_canbms_candump_syssi_issue3.txt");
        assertEquals(-30.1, victron.range("current_A").orElseThrow().min(), 1e-9);
        assertEquals("can8", victron.channels().get(0).channel());
    }

    @Test
    void discoverLynxIsNotJudgedOnTheVictronLayoutItDoesNotSend() throws IOException {
        // 0x372 [4] 00 00 00 02 and 0x373 [4] 01 00 00 00: read with the 8-byte Victron layouts they would say
        // modules_blocking_charge 512 of 0 online, min_cell_mV 1 above max_cell_mV 0. Too short for those layouts:
        // reported as not understood, and nothing else is judged on them
        AnalysisReport report = analyzeTrace("discover_lynx2_serialcan_candump_issue107.txt");
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
        assertEquals(0, report.count(Checks.VALUES_INCONSISTENT) + report.count(Checks.VALUES_RANGE)
                + report.count(Checks.PROTOCOL_PROBLEMS));
        List<Finding> mismatches = report.findings(Checks.LAYOUT_MISMATCH);
        assertEquals(2, mismatches.size(), mismatches.toString());
        Finding bank = mismatches.get(0);
        assertEquals(Severity.INFO, bank.severity());
        assertEquals("0x372: 4 data bytes, layout needs 8 (sma-can BankInfo): 00 00 00 02; the only frame of 0x372 "
                + "like this: not understood, its values left out of the state and the checks", bank.message());
        assertEquals(List.of(new FrameRef(9, 0, "can0", "0x372")), bank.frames());
        Finding cells = mismatches.get(1);
        assertTrue(cells.message().startsWith("0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00;"),
                cells.message());
        assertEquals(10, cells.frames().get(0).row());
        // the cell values never reached the state
        Map<String, Object> state = report.channels().get(0).finalState();
        assertFalse(state.containsKey("min_cell_mV") || state.containsKey("max_cell_mV"), state.toString());
        assertTrue(report.range("min_cell_mV").isEmpty());
        // the rest is sane: 52.2 V (0.1 V variant) between DVL 43.2 V and CVL 55.8 V, -23.9 A under DCL 282 A
        assertEquals(0, report.checks().stream().filter(c -> c.check().startsWith("compliance.")).count());
        assertEquals(62.0, report.range("soc_pct").orElseThrow().max());
    }

    @Test
    void theTwoSetfirelabsUs5000sOnTwoBusesAreTwoPacksInAgreement() throws IOException {
        // "ID: 351 Buffer: 14 2 C0 12 ..." transcribed as candump console lines, the old battery on can0 and the
        // new one on can1: layout 1.2 and 1.3; SOC 88 % and 84 % (4 points), 49.86 V and 49.87 V
        String text = TestData.text("traces/setfirelabs_pylontech_US5000_v1.2_vs_v1.3.txt");
        int split = text.indexOf("New Pylontechs");
        StringBuilder log = new StringBuilder();
        transcribe(text.substring(0, split), "can0", log);
        transcribe(text.substring(split), "can1", log);
        Path file = dir.resolve("us5000-pair.txt");
        Files.writeString(file, log);
        AnalysisReport report = analyze(file);
        assertEquals(2, report.channels().size());
        assertEquals("1.2", report.channels().get(0).layout());
        assertEquals("1.3", report.channels().get(1).layout());
        assertEquals(84.0, report.range("soc_pct").orElseThrow().min());
        assertEquals(88.0, report.range("soc_pct").orElseThrow().max());
        assertEquals(0, report.count(Checks.PACKS_SOC_SPREAD) + report.count(Checks.PACKS_VOLTAGE_SPREAD));
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
    }

    private static void transcribe(String part, String channel, StringBuilder log) {
        Matcher m = Pattern.compile("(?m)^ID: ([0-9A-F]+) Buffer: ((?:[0-9A-F]{1,2} ?)+)").matcher(part);
        while (m.find()) {
            String[] bytes = m.group(2).trim().split(" ");
            StringBuilder data = new StringBuilder();
            for (String b : bytes) {
                data.append(String.format(" %02X", Integer.parseInt(b, 16)));
            }
            log.append(String.format("  %s  %03X   [%d] %s%n", channel, Integer.parseInt(m.group(1), 16), bytes.length,
                    data));
        }
    }

    @Test
    void thePylontechRs485ResponsesEachAsItsOwnSerialCapture() throws IOException {
        // the five responses are fixtures of five different systems (python-pylontech's tests), so each is
        // written alone as a serial dump (formats bundle's writer) and analysed: US2000 x3, US3000 x4, mixed x2
        // (INFO after INFOFLAG 0x11: 03, 04, 02 modules), UP2500, and the 0x92 management answer
        Matcher m = Pattern.compile("b\"(~[0-9A-F]+)\\\\r\"").matcher(
                TestData.text("traces/pylontech_rs485_responses_python-pylontech_tests.txt"));
        List<AnalysisReport> reports = new ArrayList<>();
        while (m.find()) {
            byte[] bytes = (m.group(1) + "\r").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Path file = dir.resolve("rs485-" + reports.size() + ".txt");
            org.bmsw.formats.Traces.write(file, org.bmsw.formats.TraceFormat.SERIAL_DUMP, List.of(
                    org.bmsw.core.record.TraceRecord.serial(1_700_000_000L * 1_000_000_000L, "ttyUSB0", false,
                            bytes)));
            reports.add(analyze(file));
        }
        assertEquals(5, reports.size());
        for (AnalysisReport report : reports) {
            assertEquals("pylon-rs485", report.channels().get(0).protocolId());
            // a response's lowest cell is below its highest: no inconsistency, no limit broken
            assertEquals(0, report.count(Checks.VALUES_INCONSISTENT), report.findings().toString());
            assertEquals(0, report.checks().stream().filter(c -> c.check().startsWith("compliance.")).count());
        }
        assertEquals(List.of(3.0, 4.0, 2.0), reports.subList(0, 3).stream()
                .map(r -> r.range("module_count").orElseThrow().max()).toList());
        // the 0x92 answer's discharge current limit is sent negative: the decoder flags it, the report keeps it
        Finding problem = reports.get(4).findings(Checks.PROTOCOL_PROBLEMS).get(0);
        assertTrue(problem.message().contains("is negative"), problem.message());
    }

    @Test
    void theBydRevovDumpChargesAtItsLimitNotAbove() throws IOException {
        // the comment block's "//  can0  351   [8]  3A 02 64 00 64 00 A4 01" lines without "//": CCL 10.0 A and
        // 0x356 B4 14 64 00 F0 00 = 52.68 V, +10.0 A: at the limit, within the tolerance; 0x35A pairs none raised
        StringBuilder log = new StringBuilder();
        for (String line : TestData.text("traces/byd_revov_victron_dump_powerforum_comment.txt").split("\n")) {
            if (line.startsWith("//  can0")) {
                log.append(line.substring(2).replace(" -- inverter response", "").stripTrailing()).append('\n');
            }
        }
        Path file = dir.resolve("byd.txt");
        Files.writeString(file, log);
        AnalysisReport report = analyze(file);
        assertEquals(7, report.frames());
        assertEquals(10.0, report.range("current_A").orElseThrow().max(), 1e-9);
        assertEquals(10.0, report.range("charge_current_limit_A").orElseThrow().max(), 1e-9);
        assertEquals(0, report.count(Checks.COMPLIANCE_CHARGE_CURRENT));
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
    }
}
