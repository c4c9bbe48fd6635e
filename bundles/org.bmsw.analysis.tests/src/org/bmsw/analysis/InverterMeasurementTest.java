package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inverter judged by its own measurements: an SMA Sunny Island's 0x305 (battery voltage 0.1 V, current 0.1 A
 * negative while charging, SMA-TI 6) beside the battery's 0x351 and 0x356 on one CAN channel. The battery lowers
 * CCL from 50 A to 25 A at second 10 and reports 20 A; the inverter's own 0x305 says it still charges at 40 A.
 */
class InverterMeasurementTest {

    private static final long T0 = 1_700_000_000L * 1_000_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private Path trace(double inverterVoltage, double inverterCurrent) throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            long t = T0 + s * S;
            int ccl = s < 10 ? 500 : 250;
            records.add(TraceRecord.can(t, "can0", 0x351, le(552, ccl, 1000, 440)));
            records.add(TraceRecord.can(t + 1_000_000, "can0", 0x355, le(60, 98)));
            records.add(TraceRecord.can(t + 2_000_000, "can0", 0x356, le(5120, 200, 250))); // 51.2 V, 20 A
            records.add(TraceRecord.can(t + 3_000_000, "can0", 0x305, le((int) Math.round(inverterVoltage * 10),
                    (int) Math.round(-inverterCurrent * 10), 250, 600)));
        }
        Path file = dir.resolve("sunny-island-" + inverterVoltage + ".log");
        Traces.write(file, TraceFormat.CANDUMP_LOG, records);
        return file;
    }

    private static byte[] le(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return buffer.array();
    }

    @Test
    void theInvertersOwnCurrentIsJudgedWhereTheBatterysWordPasses() throws IOException {
        AnalysisReport report = TraceAnalyzer.analyze(trace(51.1, 40), AnalysisOptions.of("sma-can"),
                ReadOptions.STRICT);
        List<Finding> findings = report.findings(Checks.COMPLIANCE_CHARGE_CURRENT);
        assertEquals(1, findings.size(), report.findings().toString());
        Finding finding = findings.get(0);
        assertEquals("inverter_current_A", finding.quantity());
        assertEquals(40, finding.worstValue(), 1e-9);
        assertEquals(25, finding.limit(), 1e-9);
        assertEquals(T0 + 18 * S + 3_000_000, finding.startNs()); // the first 0x305 8 s after the 0x351 of second 10
        assertEquals(50, finding.reaction().from(), 1e-9);
        assertTrue(finding.message().startsWith("the inverter measured charging at up to 40 A"), finding.message());
        List<LimitChange> changes = report.limitChanges().stream()
                .filter(c -> c.limit().equals("charge_current_limit_A")).toList();
        assertEquals(List.of("current_A", "inverter_current_A"), changes.stream().map(LimitChange::measured).toList());
        assertEquals(LimitChange.WITHIN, changes.get(0).outcome());
        assertEquals(0, changes.get(0).reactionS(), 1e-9, "the battery's 20 A was within 25 A already");
        assertEquals(LimitChange.NOT_SETTLED, changes.get(1).outcome());
    }

    @Test
    void aKeepAliveOfZerosIsNoMeasurement() throws IOException {
        // a Victron GX sends 0x305 with zeros: nothing the inverter measured
        AnalysisReport report = TraceAnalyzer.analyze(trace(0, 0), AnalysisOptions.of("sma-can"), ReadOptions.STRICT);
        assertEquals(0, report.count(Checks.COMPLIANCE_CHARGE_CURRENT), report.findings().toString());
        assertTrue(report.limitChanges().stream().noneMatch(c -> c.measured().startsWith("inverter_")),
                report.limitChanges().toString());
    }
}
