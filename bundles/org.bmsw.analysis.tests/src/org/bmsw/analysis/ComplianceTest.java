package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.formats.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each check on a synthetic Pylon CAN 1.2 trace written with the formats bundle's candump writer: one that trips it
 * (with the span, worst value and frame rows worked out from how the trace was written) and one that passes.
 * Rows: cycle k (from second 0) holds rows 6k+1 .. 6k+6 in the order 0x351 0x355 0x356 0x359 0x35C 0x35E.
 */
class ComplianceTest {

    private static final long T0 = SyntheticPylon.T0;
    private static final long S = SyntheticPylon.S;

    @TempDir
    Path dir;

    private AnalysisReport analyze(SyntheticPylon trace) throws IOException {
        Path file = trace.write(dir.resolve("synthetic.log"));
        // no reaction time: each check alone, as it judges every measurement
        return TraceAnalyzer.analyze(file, AnalysisOptions.of("auto").withReactionS(0), ReadOptions.STRICT);
    }

    /** 20 s of a healthy battery, with {@code change} applied to seconds 5..9. */
    private AnalysisReport withSeconds5To9(Consumer<SyntheticPylon.Cycle> change) throws IOException {
        return analyze(new SyntheticPylon().cycles(0, 5, c -> {
        }).cycles(5, 5, change).cycles(10, 10, c -> {
        }));
    }

    private static Finding only(AnalysisReport report, String check) {
        List<Finding> findings = report.findings(check);
        assertEquals(1, findings.size(), check + " in " + report.findings());
        return findings.get(0);
    }

    private static long row(int cycle, int frameInCycle) {
        return (long) cycle * SyntheticPylon.CYCLE + frameInCycle;
    }

    @Test
    void aHealthyTraceHasNoWarningOrError() throws IOException {
        AnalysisReport report = withSeconds5To9(c -> {
        });
        assertEquals(Severity.INFO, report.worstSeverity().orElseThrow(), report.findings().toString());
        assertEquals(20 * SyntheticPylon.CYCLE, report.frames());
        assertTrue(report.timestamps());
        assertEquals("pylon-can", report.channels().get(0).protocolId());
        assertEquals("1.2", report.channels().get(0).layout());
        assertEquals(1, report.count(Checks.PROTOCOL_DETECTED));
    }

    @Test
    void chargingAboveCclIsOneEpisodeWithItsWorstValueAndFrames() throws IOException {
        // CCL 50 A; seconds 5..9 charge at 55, 56, 57, 58, 59 A (worst 59 A at second 9)
        AnalysisReport report = withSeconds5To9(c -> c.current = 50 + c.second);
        Finding finding = only(report, Checks.COMPLIANCE_CHARGE_CURRENT);
        assertEquals(Severity.ERROR, finding.severity());
        assertEquals(T0 + 5 * S + 2_000_000, finding.startNs()); // 0x356 of second 5
        assertEquals(T0 + 10 * S + 2_000_000, finding.endNs()); // the first 0x356 back within the limit
        assertEquals(59.0, finding.worstValue(), 1e-9);
        assertEquals(50.0, finding.limit(), 1e-9);
        assertEquals(List.of(row(5, 3), row(9, 3), row(10, 3)), finding.frames().stream().map(FrameRef::row).toList());
        assertEquals("0x356", finding.frames().get(0).id());
        assertEquals(0, report.count(Checks.COMPLIANCE_DISCHARGE_CURRENT));
        assertTrue(report.hasFindingAtLeast(Severity.ERROR));
    }

    @Test
    void withinTheToleranceOfTheChargeLimitPasses() throws IOException {
        // 50.9 A against CCL 50 A: inside max(1 A, 2 %)
        AnalysisReport report = withSeconds5To9(c -> c.current = 50.9);
        assertEquals(0, report.count(Checks.COMPLIANCE_CHARGE_CURRENT));
    }

    @Test
    void dischargingAboveDcl() throws IOException {
        AnalysisReport report = withSeconds5To9(c -> c.current = -112.5);
        Finding finding = only(report, Checks.COMPLIANCE_DISCHARGE_CURRENT);
        assertEquals(-112.5, finding.worstValue(), 1e-9);
        assertEquals(-100.0, finding.limit(), 1e-9);
        assertEquals(T0 + 5 * S + 2_000_000, finding.startNs());
        assertEquals(5 * S, finding.durationNs()); // to the first 0x356 back within the limit
        AnalysisReport passing = withSeconds5To9(c -> c.current = -99);
        assertEquals(0, passing.count(Checks.COMPLIANCE_DISCHARGE_CURRENT));
    }

    @Test
    void voltageAboveCvlAndBelowDvl() throws IOException {
        AnalysisReport high = withSeconds5To9(c -> c.voltage = 53.6);
        Finding above = only(high, Checks.COMPLIANCE_CHARGE_VOLTAGE);
        assertEquals(53.6, above.worstValue(), 1e-9);
        assertEquals(53.2, above.limit(), 1e-9);
        AnalysisReport low = withSeconds5To9(c -> c.voltage = 44.5);
        Finding below = only(low, Checks.COMPLIANCE_DISCHARGE_VOLTAGE);
        assertEquals(44.5, below.worstValue(), 1e-9);
        assertEquals(45.0, below.limit(), 1e-9);
        // 53.3 V is within 0.2 V of the 53.2 V limit
        assertEquals(0, withSeconds5To9(c -> c.voltage = 53.3).count(Checks.COMPLIANCE_CHARGE_VOLTAGE));
    }

    @Test
    void chargingOrDischargingWhileNotEnabled() throws IOException {
        // idle around it: 0x35C comes after 0x356 in a cycle, so second 10's 0x356 still sees charge_enable false
        AnalysisReport charging = analyze(new SyntheticPylon().cycles(0, 20, c -> {
            c.current = 0;
            if (c.second >= 5 && c.second <= 9) {
                c.chargeEnable = false;
                c.current = 8;
            }
        }));
        Finding finding = only(charging, Checks.COMPLIANCE_CHARGE_ENABLE);
        assertEquals(8.0, finding.worstValue(), 1e-9);
        // the first violating evaluation is second 6's 0x356 (second 5's 0x35C came after its 0x356)
        assertEquals(T0 + 6 * S + 2_000_000, finding.startNs());
        assertEquals(T0 + 10 * S + 2_000_000, finding.endNs());
        AnalysisReport discharging = withSeconds5To9(c -> {
            c.dischargeEnable = false;
            c.current = -8;
        });
        assertEquals(1, discharging.count(Checks.COMPLIANCE_DISCHARGE_ENABLE));
        assertEquals(0, discharging.count(Checks.COMPLIANCE_CHARGE_ENABLE));
        // not enabled but idle: nothing wrong
        AnalysisReport idle = analyze(new SyntheticPylon().cycles(0, 20, c -> {
            c.chargeEnable = c.second < 5 || c.second > 9;
            c.current = 0;
        }));
        assertEquals(0, idle.count(Checks.COMPLIANCE_CHARGE_ENABLE));
    }

    @Test
    void aProtectionEpisodeHasItsStartEndAndDuration() throws IOException {
        // 0x359 byte 0 bit 1 = high_voltage protection (battery-state.md), in seconds 5..9
        AnalysisReport report = withSeconds5To9(c -> c.protection0 = 0x02);
        Finding finding = only(report, Checks.ALARMS_PROTECTION);
        assertEquals(T0 + 5 * S + 3_000_000, finding.startNs());
        assertEquals(T0 + 10 * S + 3_000_000, finding.endNs());
        assertEquals(5.0, finding.worstValue(), 1e-9);
        assertEquals(List.of(row(5, 4), row(10, 4)), finding.frames().stream().map(FrameRef::row).toList());
        assertTrue(finding.message().contains("high_voltage"), finding.message());
        AlarmEpisode episode = report.channels().get(0).episodes().get(0);
        assertEquals("high_voltage", episode.name().canonicalName());
        assertFalse(episode.isOpen());
    }

    @Test
    void aWarningStillActiveAtTheEndIsAnOpenEpisode() throws IOException {
        // 0x359 byte 2 bit 3 = high_temperature warning, from second 15 to the end (second 19)
        AnalysisReport report = analyze(new SyntheticPylon().cycles(0, 15, c -> {
        }).cycles(15, 5, c -> c.warning2 = 0x08));
        Finding finding = only(report, Checks.ALARMS_WARNING);
        assertEquals(Severity.WARNING, finding.severity());
        assertTrue(finding.message().contains("still active"), finding.message());
        assertTrue(report.channels().get(0).episodes().get(0).isOpen());
    }

    @Test
    void aGapLongerThanTwoPeriodsIsOneFindingForTheWholeSilence() throws IOException {
        // seconds 5..9 not sent: every identifier silent from second 4 to second 10
        AnalysisReport report = withSeconds5To9(c -> c.send = false);
        Finding gap = only(report, Checks.TIMING_GAP);
        assertEquals(6.0, gap.worstValue(), 1e-9); // each identifier: from second 4 to second 10
        assertEquals(T0 + 4 * S, gap.startNs());
        assertTrue(gap.message().startsWith("0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E silent for 6 s"),
                gap.message());
        assertEquals(List.of(row(4, 1), row(5, 1)), gap.frames().stream().map(FrameRef::row).toList());
        assertEquals(0, withSeconds5To9(c -> {
        }).count(Checks.TIMING_GAP));
    }

    @Test
    void socJumpAndModuleCountChange() throws IOException {
        AnalysisReport report = withSeconds5To9(c -> {
            c.soc = 80;
            c.modules = 1;
        });
        // 60 -> 80 at second 5, 80 -> 60 at second 10
        assertEquals(2, report.count(Checks.SOC_JUMP));
        Finding jump = report.findings(Checks.SOC_JUMP).get(0);
        assertEquals(20.0, jump.worstValue(), 1e-9);
        assertEquals(List.of(row(4, 2), row(5, 2)), jump.frames().stream().map(FrameRef::row).toList());
        List<Finding> modules = report.findings(Checks.PACKS_MODULE_COUNT);
        assertEquals(2, modules.size());
        assertEquals(Severity.ERROR, modules.get(0).severity()); // 2 -> 1: a pack left
        assertTrue(modules.get(0).message().contains("fell from 2 to 1"), modules.get(0).message());
        assertEquals(Severity.WARNING, modules.get(1).severity()); // 1 -> 2: it came back
        assertEquals(0, withSeconds5To9(c -> c.soc = 63).count(Checks.SOC_JUMP));
    }

    @Test
    void aFrozenVoltageOverTenMinutes() throws IOException {
        // 11 minutes of a bit-identical voltage; then 11 minutes of a voltage moving by 0.01 V
        AnalysisReport frozen = analyze(new SyntheticPylon().cycles(0, 660, c -> c.voltage = 51.23));
        Finding finding = only(frozen, Checks.VALUES_FROZEN);
        assertEquals(51.23, finding.worstValue(), 1e-9);
        assertEquals(659 * S, finding.durationNs());
        AnalysisReport moving = analyze(new SyntheticPylon().cycles(0, 660, c -> c.voltage = 51.2
                + (c.second % 2) * 0.01));
        assertEquals(0, moving.count(Checks.VALUES_FROZEN));
    }

    @Test
    void aPackDroppingOutOfTheStackAndPacksDisagreeing() throws IOException {
        // can0 and can1 in parallel; can1 stops after second 9; can1's SOC 30 points below can0's
        SyntheticPylon trace = new SyntheticPylon().cycles(0, 30, c -> {
        }).cycles(0, 10, c -> {
            c.channel = "can1";
            c.soc = 30;
        });
        AnalysisReport report = analyze(trace);
        assertEquals(2, report.channels().size());
        Finding dropout = only(report, Checks.PACKS_DROPOUT);
        assertEquals("can1", dropout.channel());
        assertEquals(T0 + 9 * S + 2_000_000, dropout.startNs()); // can1's last 0x356
        assertEquals(Severity.ERROR, dropout.severity());
        Finding spread = only(report, Checks.PACKS_SOC_SPREAD);
        assertEquals(30.0, spread.worstValue(), 1e-9);
        // the same two packs in agreement
        AnalysisReport together = analyze(new SyntheticPylon().cycles(0, 30, c -> {
        }).cycles(0, 30, c -> c.channel = "can1"));
        assertEquals(0, together.count(Checks.PACKS_DROPOUT));
        assertEquals(0, together.count(Checks.PACKS_SOC_SPREAD));
        assertEquals(0, together.count(Checks.PACKS_VOLTAGE_SPREAD));
    }

    @Test
    void ratingsOfAProfile() throws IOException {
        // the US5000's ratings as profiles.builtin/pylontech-us5000.xml gives them: 44.5-53.5 V, 100 A, 15 cells
        var ratings = new org.bmsw.profiles.NominalLimits(44.5, 53.5, 15, 100, 100, 100);
        Path file = new SyntheticPylon().cycles(0, 10, c -> {
            c.cvl = 56.0; // above the rated 53.5 V
            c.ccl = 150; // within 2 modules x 100 A
        }).write(dir.resolve("rated.log"));
        AnalysisReport report = TraceAnalyzer.analyze(file, AnalysisOptions.of("auto").withProfile("pylontech.us5000",
                ratings), ReadOptions.STRICT);
        Finding finding = only(report, Checks.PROFILE_RANGE);
        assertEquals("charge_voltage_limit_V", finding.quantity());
        assertEquals(56.0, finding.worstValue(), 1e-9);
        assertEquals(53.5, finding.limit(), 1e-9);
    }
}
