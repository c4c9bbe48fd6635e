package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.formats.ReadOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance checks' reaction time on a synthetic Pylon CAN trace: the battery lowers CCL from 50 A to 25 A at
 * second 10 while charging at 40 A; the current follows after 3 s, after 12 s, or never. Times are worked out from
 * how the trace is written: 0x351 at second s + 0 ms, 0x356 at s + 2 ms.
 */
class ReactionTimeTest {

    private static final long T0 = SyntheticPylon.T0;
    private static final long S = SyntheticPylon.S;

    @TempDir
    Path dir;

    /** 30 s: CCL 50 A until second 10, 25 A from then; 40 A charging until {@code followsAt}, then 20 A. */
    private AnalysisReport cclDrop(int followsAt, double reactionS) throws IOException {
        Path file = new SyntheticPylon().cycles(0, 30, c -> {
            c.ccl = c.second < 10 ? 50 : 25;
            c.current = c.second < followsAt ? 40 : 20;
        }).write(dir.resolve("ccl-drop-" + followsAt + ".log"));
        return TraceAnalyzer.analyze(file, AnalysisOptions.of("auto").withReactionS(reactionS), ReadOptions.STRICT);
    }

    private static LimitChange cclChange(AnalysisReport report) {
        List<LimitChange> changes = report.limitChanges().stream()
                .filter(c -> c.limit().equals("charge_current_limit_A")).toList();
        assertEquals(1, changes.size(), report.limitChanges().toString());
        return changes.get(0);
    }

    @Test
    void anInverterThatFollowsWithinTheReactionTimePasses() throws IOException {
        AnalysisReport report = cclDrop(13, 8);
        assertEquals(0, report.count(Checks.COMPLIANCE_CHARGE_CURRENT), report.findings().toString());
        LimitChange change = cclChange(report);
        assertEquals(50, change.from(), 1e-9);
        assertEquals(25, change.to(), 1e-9);
        assertEquals(T0 + 10 * S, change.atNs());
        assertEquals(10L * SyntheticPylon.CYCLE + 1, change.row()); // the 0x351 of second 10
        assertEquals(3.002, change.reactionS(), 1e-9); // second 13's 0x356
        assertEquals(LimitChange.WITHIN, change.outcome());
        assertEquals("current_A", change.measured());
        assertEquals(8, report.reactionS(), 1e-9);
    }

    @Test
    void aLimitThatWigglesWithinItsToleranceKeepsTheChangeOpen() throws IOException {
        // after the drop the BMS sends 25.5 A and 25 A by turns: the reaction is still measured from second 10
        Path file = new SyntheticPylon().cycles(0, 30, c -> {
            c.ccl = c.second < 10 ? 50 : c.second % 2 == 0 ? 25 : 25.5;
            c.current = c.second < 14 ? 40 : 20;
        }).write(dir.resolve("wiggle.log"));
        AnalysisReport report = TraceAnalyzer.analyze(file, AnalysisOptions.of("auto"), ReadOptions.STRICT);
        LimitChange change = cclChange(report);
        assertEquals(4.002, change.reactionS(), 1e-9);
        assertEquals(LimitChange.WITHIN, change.outcome());
    }

    @Test
    void withoutAReactionTimeTheSameSiteFails() throws IOException {
        Finding finding = cclDrop(13, 0).findings(Checks.COMPLIANCE_CHARGE_CURRENT).get(0);
        assertEquals(T0 + 10 * S + 2_000_000, finding.startNs()); // the first 0x356 after the change
        assertEquals(0.0, finding.reaction().allowanceS(), 1e-9);
    }

    @Test
    void aLateReactionIsAFindingWithTheReactionObserved() throws IOException {
        AnalysisReport report = cclDrop(22, 8);
        Finding finding = report.findings(Checks.COMPLIANCE_CHARGE_CURRENT).get(0);
        assertEquals(1, report.count(Checks.COMPLIANCE_CHARGE_CURRENT));
        // the excess counts from the first 0x356 past the 8 s allowed: second 18
        assertEquals(T0 + 18 * S + 2_000_000, finding.startNs());
        assertEquals(T0 + 22 * S + 2_000_000, finding.endNs());
        ReactionDetail reaction = finding.reaction();
        assertNotNull(reaction);
        assertEquals("charge_current_limit_A", reaction.limit());
        assertEquals(50, reaction.from(), 1e-9);
        assertEquals(25, reaction.to(), 1e-9);
        assertEquals(T0 + 10 * S, reaction.changeNs());
        assertEquals(12.002, reaction.reactionS(), 1e-9);
        assertEquals(8, reaction.allowanceS(), 1e-9);
        assertEquals(14, reaction.excess(), 1e-9); // 40 A against 25 A and its 1 A tolerance
        assertTrue(finding.message().contains("fell from 50 to 25 A"), finding.message());
        assertTrue(finding.message().contains("within it again after 12.002 s (8 s reaction time allowed)"),
                finding.message());
        LimitChange change = cclChange(report);
        assertEquals(12.002, change.reactionS(), 1e-9);
        assertEquals(LimitChange.LATE, change.outcome());
    }

    @Test
    void anInverterThatIgnoresTheLimitFailsWithTheExcessToTheEnd() throws IOException {
        AnalysisReport report = cclDrop(99, 8);
        Finding finding = report.findings(Checks.COMPLIANCE_CHARGE_CURRENT).get(0);
        assertEquals(T0 + 29 * S + 2_000_000, finding.endNs()); // still so at the end of the trace
        assertTrue(Double.isNaN(finding.reaction().reactionS()));
        assertTrue(finding.message().contains("not within it again by the end of the trace"), finding.message());
        assertEquals(LimitChange.NOT_SETTLED, cclChange(report).outcome());
        assertTrue(Double.isNaN(cclChange(report).reactionS()));
    }

    @Test
    void aShortExcessUnderASteadyLimitIsAllowedALongOneIsNot() throws IOException {
        Path file = new SyntheticPylon().cycles(0, 40, c -> {
            // a 3 s overshoot at seconds 5-7, a 12 s one at seconds 20-31, CCL 50 A throughout
            c.current = c.second >= 5 && c.second <= 7 || c.second >= 20 && c.second <= 31 ? 55 : 30;
        }).write(dir.resolve("steady.log"));
        AnalysisReport report = TraceAnalyzer.analyze(file, AnalysisOptions.of("auto"), ReadOptions.STRICT);
        assertEquals(1, report.count(Checks.COMPLIANCE_CHARGE_CURRENT), report.findings().toString());
        Finding finding = report.findings(Checks.COMPLIANCE_CHARGE_CURRENT).get(0);
        assertEquals(T0 + 28 * S + 2_000_000, finding.startNs()); // 8 s after the excess began at second 20
        assertEquals(12.0, finding.reaction().reactionS(), 1e-9); // from second 20 to second 32
        assertTrue(Double.isNaN(finding.reaction().from()));
        assertEquals(4, finding.reaction().excess(), 1e-9); // 55 A against 50 A and its 1 A tolerance
        assertTrue(report.limitChanges().isEmpty(), report.limitChanges().toString());
    }

    @Test
    void theJsonAndHtmlReportsCarryTheLimitChanges() throws IOException {
        AnalysisReport report = cclDrop(22, 8);
        String json = ReportJson.toJson(report);
        assertTrue(json.contains("\"reaction_s\": 8.0"), json);
        assertTrue(json.contains("\"limit_changes\": ["), json);
        assertTrue(json.contains("\"outcome\": \"late\""), json);
        assertTrue(json.contains("\"reaction\": {"), json);
        assertTrue(json.contains("\"excess\": 14"), json);
        String html = ReportHtml.toHtml(report, null, null);
        assertTrue(html.contains("<h2>Limit changes</h2>"), html);
        assertTrue(html.contains("<code>charge_current_limit_A</code></td><td class=\"n\">50</td><td class=\"n\">25"
                + "</td><td><code>current_A</code></td><td class=\"n\">12.002 s</td><td><b>late</b>"), html);
    }
}
