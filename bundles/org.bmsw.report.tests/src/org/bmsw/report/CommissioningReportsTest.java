package org.bmsw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.engine.PassOptions;
import org.bmsw.engine.TraceEngine;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report gathered from a real capture through the engine and written as a page. The cable drawing between
 * installed profiles is asserted by the command line's test in a browser; here a wire list whose ports are not
 * known is shown as a table with the reason.
 */
class CommissioningReportsTest {

    @TempDir
    Path dir;

    private CommissioningReport build(Path cable, Path conformance) throws ReportException {
        return CommissioningReports.build(TraceEngine.getDefault(), new CommissioningReports.Request(null,
                TestData.copyTo("report/site.json", dir), TestData.copyTo(
                        "traces/ecoworthy_cubix100_pylon_can_candump.txt", dir), cable, conformance, null),
                PassOptions.DEFAULT);
    }

    @Test
    void aRealCaptureGivesItsVerdictIdentityAndEverySection() throws Exception {
        CommissioningReport report = build(null, TestData.copyTo("report/conformance-result.json", dir));
        assertEquals("pylon-can", report.analysis().channels().get(0).protocolId());
        String page = CommissioningHtml.toHtml(report);
        for (String section : List.of("site", "identity", "cable", "analysis", "conformance", "signoff")) {
            assertTrue(page.contains("<section id=\"" + section + "\">"), section);
        }
        assertTrue(page.contains("<tr><th>Manufacturer</th><td>PYLON</td></tr>"), page); // 0x35E "PYLON   "
        assertTrue(page.contains("<tr><th>Serial numbers</th><td class=\"absent\">not reported by the battery"
                + "</td></tr>"), page);
        assertTrue(page.contains("No warning, no error"), page);
        assertTrue(page.contains("Voltage against the voltage limits (V)"), page);
        assertTrue(page.contains("<span class=\"sev fail\">fail</span>"), page);
        assertTrue(page.contains("<span class=\"sev not-judged\">not judged</span>"), page);
        assertTrue(page.contains("Name: Tom Miller"), page);
        assertTrue(page.contains("No wire list was given."), page);
        assertFalse(page.matches("(?s).*(https?:|file:|src=|href=|<script).*"), "the page names no address");
    }

    @Test
    void aWireListWithoutItsPortsIsATableWithTheReason() throws Exception {
        Path cable = Files.writeString(dir.resolve("cable.csv"), "a_pin,b_pin,colour\n4,7,blue\n5,8,white-blue\n");
        CommissioningReport.CableSection section = build(cable, null).cable();
        assertNull(section.cable());
        assertEquals(List.of(List.of("a_pin", "b_pin", "colour"), List.of("4", "7", "blue"), List.of("5", "8",
                "white-blue")), section.wireList());
        assertTrue(section.note().startsWith("The wire list does not name its ports"), section.note());
    }

    @Test
    void aBrokenInputIsNamedBeforeTheCaptureIsRead() throws Exception {
        Path cable = Files.writeString(dir.resolve("cable.csv"), "a_pin,b_pin\n4,seven\n");
        ReportException e = assertThrows(ReportException.class, () -> build(cable, null));
        assertEquals(cable + ":2: b_pin 'seven' is not a pin number", e.getMessage());
        assertFalse(e.usage());
        Path site = Files.writeString(dir.resolve("bad-site.json"), "{\n  \"installer\": \"J\"\n}\n");
        e = assertThrows(ReportException.class, () -> CommissioningReports.build(TraceEngine.getDefault(),
                new CommissioningReports.Request(null, site, dir.resolve("missing.log"), null, null, null),
                PassOptions.DEFAULT));
        assertEquals(site + ":1: no site (the site's name (required))", e.getMessage());
    }

    @Test
    void theSvgDrawingsScaleToThePrintedPage() {
        assertEquals("<svg width=\"10\" height=\"20\" viewBox=\"0 0 10 20\" font-size=\"13\">",
                CommissioningHtml.inlineSvg("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"20\" "
                        + "font-size=\"13\">"));
    }
}
