package org.bmsw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.bmsw.report.ConformanceResult.EvidenceFrame;
import org.bmsw.report.ConformanceResult.Step;
import org.bmsw.report.ConformanceResult.Verdict;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;

/** The conformance result record: read, written back, and its mistakes named with file and line. */
class ConformanceResultTest {

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> ConformanceResult.read("result.json", text))
                .getMessage();
    }

    @Test
    void readsEveryStepWithItsEvidence() {
        ConformanceResult result = ConformanceResult.read("result.json", TestData.text(
                "report/conformance-result.json"));
        assertEquals("seed.hybrid-inverter", result.inverter());
        assertEquals(3, result.steps().size());
        Step ccl = result.steps().get(0);
        assertEquals("ccl-zero-while-charging", ccl.name());
        assertEquals(Verdict.PASS, ccl.verdict());
        assertEquals(2.1, ccl.reactionTimeS());
        assertEquals(0.4, ccl.settledValue());
        assertEquals("A", ccl.settledUnit());
        assertEquals(new EvidenceFrame(866, 42.3, "0x306", "04 00 00 00 00 00 00 00", "inverter 0.4 A"),
                ccl.evidence().get(1));
        Step cvl = result.steps().get(1);
        assertEquals(Verdict.FAIL, cvl.verdict());
        assertNull(cvl.reactionTimeS());
        Step force = result.steps().get(2);
        assertEquals(Verdict.NOT_JUDGED, force.verdict());
        assertNull(force.settledValue());
        assertEquals(List.of(), force.evidence());
        assertEquals(Verdict.FAIL, result.overall());
        assertEquals(1, result.count(Verdict.NOT_JUDGED));
    }

    @Test
    void writesWhatItReadsBack() {
        ConformanceResult result = new ConformanceResult("b", "i", "sim:battery", "2026-12-03T10:00:00Z", List.of(
                new Step("silence", Verdict.PASS, "stopped within the timeout", 58.0, 0.0, "A", List.of(
                        new EvidenceFrame(3, 1.5, "0x305", "00 00", ""))),
                new Step("dcl-zero", Verdict.NOT_JUDGED, "no measurement", null, null, "", List.of())));
        assertEquals(result, ConformanceResult.read("result.json", result.toJson()));
        assertEquals(Verdict.NOT_JUDGED, result.overall()); // not judged is never a pass
    }

    @Test
    void mistakesAreNamedWithTheirLine() {
        String text = TestData.text("report/conformance-result.json");
        assertEquals("result.json:23: step cvl-below-pack-voltage: verdict must be pass, fail or not-judged, not "
                + "'failed'", error(text.replace("\"verdict\": \"fail\",\n      \"reason\": \"still",
                        "\"verdict\": \"failed\",\n      \"reason\": \"still")));
        assertEquals("result.json:13: reaction_time_s must be a number or null, not \"2.1 s\"",
                error(text.replace("\"reaction_time_s\": 2.1", "\"reaction_time_s\": \"2.1 s\"")));
        assertEquals("result.json:34: step force-charge-request is not judged: give the reason",
                error(text.replace("\"the inverter sends an all-zero 0x305 and no Modbus map was given: its "
                        + "current cannot be seen\"", "\"\"")));
        assertEquals("result.json:2: schema must be \"bmsw-conformance-result/1\", not \"other/1\"",
                error(text.replace("bmsw-conformance-result/1", "other/1")));
        assertEquals("result.json:1: steps must be a list [ ... ] of steps", error("{\"schema\": \""
                + ConformanceResult.SCHEMA + "\"}"));
    }
}
