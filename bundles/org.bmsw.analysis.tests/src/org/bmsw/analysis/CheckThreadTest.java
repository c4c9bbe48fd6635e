package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long trace's checks run on a second thread while the first one decodes: the reports (JSON and HTML) must be
 * those of one thread, byte for byte, on real captures and on a synthetic stack with every kind of finding.
 */
class CheckThreadTest {

    private static final String FROM = "bmsw.analysis.checkThreadFrom";

    @TempDir
    Path dir;

    /** JSON and HTML report of {@code file}, the checks on a second thread from frame {@code from} on. */
    private static String reports(Path file, long from) throws IOException {
        String before = System.getProperty(FROM);
        System.setProperty(FROM, Long.toString(from));
        try {
            AnalysisReport report = TraceAnalyzer.analyze(file, AnalysisOptions.of("auto"), ReadOptions.LENIENT);
            return ReportJson.toJson(report) + "\n" + ReportHtml.toHtml(report, List.of(), "");
        } finally {
            if (before == null) {
                System.clearProperty(FROM);
            } else {
                System.setProperty(FROM, before);
            }
        }
    }

    private static void assertSameReports(Path file) throws IOException {
        String oneThread = reports(file, Long.MAX_VALUE);
        assertEquals(oneThread, reports(file, 0), file.getFileName() + ": checks on a second thread from the start");
        assertEquals(oneThread, reports(file, 100), file.getFileName() + ": from frame 100 on");
    }

    @Test
    void realCapturesGiveTheSameReports() throws IOException {
        for (String name : List.of("ecoworthy_cubix100_pylon_can_candump.txt",
                "pylontech_stack_candump_python_docstring.txt", "rec_q_bms_sma_profile_candump_250k.txt",
                "victron_gx_canbms_candump_syssi_issue3.txt", "discover_lynx2_serialcan_candump_issue107.txt")) {
            assertSameReports(TestData.copyTo("traces/" + name, dir));
        }
    }

    /**
     * Four packs over 40 minutes (many batches of messages): spreads across packs, compliance, alarms, a pack
     * falling silent, frames that do not fit, a gap.
     */
    @Test
    void aStackWithEveryKindOfFindingGivesTheSameReports() throws IOException {
        SyntheticPylon pylon = new SyntheticPylon();
        for (int pack = 0; pack < 4; pack++) {
            String channel = "can" + pack;
            int p = pack;
            pylon.cycles(0, 2400, c -> {
                c.channel = channel;
                c.soc = 80 - c.second / 60 - (p == 3 && c.second > 900 ? 20 : 0);
                c.current = c.second / 7 % 2 == 0 ? 10 + p : -12.5;
                if (c.second >= 100 + p && c.second < 120) {
                    c.current = 60; // above the charge current limit
                }
                c.protection0 = c.second >= 200 && c.second < 210 + p ? 0x02 : 0;
                c.warning2 = c.second % (50 + p) < 3 ? 0x08 : 0;
                c.chargeEnable = c.second < 330 || c.second > 340;
                c.voltage = 51.0 + (c.second * (p + 1)) % 23 * 0.07;
                c.send = !(p == 2 && c.second >= 1250 && c.second < 1280);
            });
        }
        List<TraceRecord> records = new ArrayList<>(pylon.records());
        for (int s = 0; s < 2400; s += 40) { // a 0x356 of 4 bytes now and then: a layout mismatch
            records.add(TraceRecord.can(SyntheticPylon.T0 + s * SyntheticPylon.S + 2_500_000, "can1", 0x356,
                    new byte[] { 0x60, 0x13, 0, 0 }));
        }
        records.sort(Comparator.comparingLong(TraceRecord::timestampNs));
        Path file = dir.resolve("stack.log");
        Traces.write(file, TraceFormat.CANDUMP_LOG, records);
        assertTrue(records.size() > 10 * 1024, "more messages than a few batches");
        String json = reports(file, Long.MAX_VALUE);
        for (String check : List.of(Checks.PACKS_VOLTAGE_SPREAD, Checks.COMPLIANCE_CHARGE_CURRENT,
                Checks.ALARMS_PROTECTION, Checks.PACKS_DROPOUT, Checks.LAYOUT_MISMATCH)) {
            assertTrue(json.contains("\"" + check + "\""), check + " in " + json.substring(0, 2000));
        }
        assertSameReports(file);
    }
}
