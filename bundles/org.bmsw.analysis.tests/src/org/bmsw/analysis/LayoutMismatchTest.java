package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.formats.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames that do not fit their layout are one {@code layout.mismatch} finding per identifier, with the bytes and the
 * frames, and their values are judged by no other check; the frames around them are.
 */
class LayoutMismatchTest {

    @TempDir
    Path dir;

    private AnalysisReport analyze(SyntheticPylon trace) throws IOException {
        Path file = trace.write(dir.resolve("synthetic.log"));
        // no reaction time: each check alone, as it judges every measurement
        return TraceAnalyzer.analyze(file, AnalysisOptions.of("auto").withReactionS(0), ReadOptions.STRICT);
    }

    /** 1-based row of a frame: cycles of 6 frames, 0x351 0x355 0x356 0x359 0x35C 0x35E. */
    private static long row(int cycle, int frameInCycle) {
        return (long) cycle * SyntheticPylon.CYCLE + frameInCycle;
    }

    @Test
    void impossibleTemperatureAndSocAreMismatchesNotViolations() throws IOException {
        // seconds 5-7: 0x356 with the temperature word at -2730 (-273 degC) and 80 A against a 50 A charge limit;
        // second 12: 0x355 with SOC 250 %. Everything else is a healthy battery at 60 %, 10 A, 25 degC
        AnalysisReport report = analyze(new SyntheticPylon().cycles(0, 20, c -> {
            if (c.second >= 5 && c.second <= 7) {
                c.temperature = -273;
                c.current = 80;
            }
            if (c.second == 12) {
                c.soc = 250;
            }
        }));
        List<Finding> mismatches = report.findings(Checks.LAYOUT_MISMATCH);
        assertEquals(2, mismatches.size(), mismatches.toString());
        Finding measurements = mismatches.get(0);
        assertEquals(Severity.WARNING, measurements.severity(), "17 frames of 0x356 fit, 3 do not");
        assertEquals("0x356: temperature_C = -273 °C, a battery sends -60..150 °C (pylon-can Measurements): "
                + "EC 13 20 03 56 F5; 3 of 20 frames of 0x356 do not fit (the first shown), 17 do: those that do "
                + "not are left out of the state and the checks", measurements.message());
        assertEquals(List.of(row(5, 3), row(6, 3), row(7, 3)),
                measurements.frames().stream().map(FrameRef::row).toList());
        assertEquals(3, measurements.worstValue());
        Finding soc = mismatches.get(1);
        assertTrue(soc.message().startsWith("0x355: soc_pct = 250 %, a battery sends 0..100 % (pylon-can SocSoh): "
                + "FA 00 62 00;"), soc.message());
        assertEquals(row(12, 2), soc.frames().get(0).row());

        // 80 A over the 50 A limit was in frames that do not fit: not judged
        assertEquals(0, report.count(Checks.COMPLIANCE_CHARGE_CURRENT));
        assertEquals(0, report.count(Checks.VALUES_RANGE) + report.count(Checks.SOC_JUMP)
                + report.count(Checks.PROTOCOL_PROBLEMS));
        assertEquals(25.0, report.range("temperature_C").orElseThrow().min());
        assertEquals(10.0, report.range("current_A").orElseThrow().max());
        assertEquals(60.0, report.range("soc_pct").orElseThrow().max());
        assertEquals(Severity.WARNING, report.worstSeverity().orElseThrow());
    }

    @Test
    void aPlausibleOverCurrentIsStillAViolation() throws IOException {
        // the same 80 A with a sane temperature: the frame fits, and the inverter broke the limit
        AnalysisReport report = analyze(new SyntheticPylon().cycles(0, 20, c -> {
            if (c.second >= 5 && c.second <= 7) {
                c.current = 80;
            }
        }));
        assertEquals(0, report.count(Checks.LAYOUT_MISMATCH));
        assertEquals(1, report.count(Checks.COMPLIANCE_CHARGE_CURRENT));
    }
}
