package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.ui.internal.battery.BatteryPanelView;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/** Runs in the UI thread of the real BMS Workbench under Xvfb (tycho-surefire useUIHarness + useUIThread). */
class IntegrationPerspectiveTest {

    private static IWorkbenchPage page() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "no workbench window");
        return window.getActivePage();
    }

    @Test
    void workbenchOpensTheIntegrationPerspectiveWithItsTitle() {
        assertNotNull(Display.getCurrent(), "tests must run in the UI thread");
        assertEquals(IntegrationPerspective.ID, page().getPerspective().getId());
        assertEquals("Integration", page().getPerspective().getLabel());
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        assertTrue(shell.getText().startsWith(BmswWorkbenchAdvisor.WINDOW_TITLE), shell.getText());
        assertNotNull(page().findViewReference(BatteryPanelView.ID), "the perspective opens the Battery panel");
        // merged into the Battery panel: neither registered nor placed
        assertNull(PlatformUI.getWorkbench().getViewRegistry().find("org.bmsw.ui.views.batteryState"));
        assertNull(page().findViewReference("org.bmsw.ui.views.batteryState"));
    }

    /** tycho-surefire starts the workbench in a fresh workspace (it deletes its data folder first): a first start. */
    @Test
    void firstStartOpensTheWindowMaximizedAndTheLayoutIsSavedForTheNextStart() throws Exception {
        assertEquals(LayoutMemory.Start.FIRST, BmswWorkbenchAdvisor.start());
        assertEquals(Boolean.FALSE, BmswWorkbenchAdvisor.windowRestored(), "nothing to restore in a fresh workspace");
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        assertTrue(shell.getMaximized(), "the first start opens the window maximized");
        assertTrue(BmswWorkbenchAdvisor.savesAndRestoresLayout(), "the platform saves the layout on exit");
        // the workspace's layout is stamped with this version, so the next start restores it
        Path instance = Path.of(Platform.getInstanceLocation().getURL().getFile());
        assertEquals(LayoutMemory.LAYOUT_VERSION,
                Files.readString(LayoutMemory.versionStamp(instance), StandardCharsets.UTF_8).strip());
        assertEquals(LayoutMemory.Start.RESTORE, LayoutMemory.decide(true, LayoutMemory.LAYOUT_VERSION),
                "a saved layout of this version is the user's, kept at the next start");
    }
}
