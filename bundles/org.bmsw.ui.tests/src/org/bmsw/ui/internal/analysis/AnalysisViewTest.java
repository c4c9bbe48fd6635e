package org.bmsw.ui.internal.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.bmsw.testdata.TestData;
import org.eclipse.core.commands.Command;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File > Analyze Trace... and the Analysis view in the running workbench, on a real capture. */
class AnalysisViewTest {

    @TempDir
    Path dir;

    @Test
    void theCommandIsThereWithItsHandler() {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        Command command = commands.getCommand("org.bmsw.ui.commands.analyzeTrace");
        assertTrue(command.isDefined());
        assertTrue(command.isHandled());
    }

    @Test
    void theDiscoverCaptureShowsItsFindingsInTheView() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        AnalysisView view = (AnalysisView) page.showView(AnalysisView.ID);
        Path trace = TestData.copyTo("traces/discover_lynx2_serialcan_candump_issue107.txt", dir);
        view.analyze(trace).join(30_000, null);
        Display display = Display.getCurrent();
        long until = System.currentTimeMillis() + 10_000;
        while (view.report() == null && System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
        assertNotNull(view.report(), "the job's report reached the view");
        Table table = view.findingsViewer().getTable();
        // no error: the 4-byte 0x372 and 0x373 (the capture's 9th and 10th frames) do not fit the Victron layouts
        // and are reported as such, first of the findings of the same severity and time
        assertEquals("info", table.getItem(0).getText(0));
        assertEquals("layout.mismatch", table.getItem(0).getText(1));
        assertEquals("9 0x372", table.getItem(0).getText(5));
        assertEquals("10 0x373", table.getItem(1).getText(5));
        assertEquals(view.report().findings().size(), table.getItemCount());
    }
}
