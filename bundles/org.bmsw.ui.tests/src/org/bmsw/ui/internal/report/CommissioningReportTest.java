package org.bmsw.ui.internal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.bmsw.report.CommissioningReports;
import org.bmsw.report.SiteInfo;
import org.bmsw.testdata.TestData;
import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File > Commissioning Report... in the running workbench: the command, the typed site, the page written. */
class CommissioningReportTest {

    @TempDir
    Path dir;

    @Test
    void theCommandIsThereWithItsHandler() {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        Command command = commands.getCommand("org.bmsw.ui.commands.commissioningReport");
        assertTrue(command.isDefined());
        assertTrue(command.isHandled());
    }

    @Test
    void theTypedSiteIsCheckedAsASiteJsonIs() {
        SiteInfo site = CommissioningReportDialog.typedSite("Jana Novak", "", "Miller farmhouse", "", "2026-12-03",
                "Hybrid 8 kW", "Cubix 100", "Tom Miller", "");
        assertEquals(LocalDate.of(2026, 12, 3), site.date());
        assertEquals("Tom Miller", site.customer());
        assertEquals("Give the battery (or a site file)", assertThrows(IllegalArgumentException.class,
                () -> CommissioningReportDialog.typedSite("Jana", "", "Farm", "", "2026-12-03", "Hybrid", " ", "", ""))
                .getMessage());
        assertEquals("The date '03.12.2026' is not a date YYYY-MM-DD", assertThrows(IllegalArgumentException.class,
                () -> CommissioningReportDialog.typedSite("Jana", "", "Farm", "", "03.12.2026", "Hybrid", "Cubix", "",
                        "")).getMessage());
    }

    @Test
    void theReportIsWrittenThroughTheCommandLinesBuildWithTheCableDrawn() throws Exception {
        SiteInfo site = CommissioningReportDialog.typedSite("Jana Novak", "Sunbridge Solar Ltd", "Miller farmhouse",
                "", "2026-12-03", "Hybrid 8 kW", "Cubix 100", "", "");
        Path output = dir.resolve("commissioning-report.html");
        Job job = CommissioningReportHandler.write(new CommissioningReports.Request(site, null, TestData.copyTo(
                "traces/ecoworthy_cubix100_pylon_can_candump.txt", dir), TestData.copyTo("report/site-cable.csv",
                        dir), null, null), output, Display.getCurrent(), false);
        job.join(60_000, null);
        assertTrue(job.getResult().isOK(), job.getResult().getMessage());
        String page = Files.readString(output);
        for (String section : List.of("site", "identity", "cable", "analysis", "conformance", "signoff")) {
            assertTrue(page.contains("<section id=\"" + section + "\">"), section);
        }
        assertTrue(page.contains("<tr><th>Installer</th><td>Jana Novak</td></tr>"), page);
        assertTrue(page.contains("Wiring checks passed"), page);
        assertTrue(page.contains("<title>white-blue</title>"), "the cable drawn with its wires");
        assertTrue(page.contains("Name: ______________________________"), "a blank line for the customer's name");
    }
}
