package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.ui.internal.LayoutMemory.Start;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the window keeps the user's layout, when it starts from the perspective, and when it opens maximized. */
class LayoutMemoryTest {

    @TempDir
    Path workspace;

    @Test
    void decidesFromTheSavedLayoutAndItsVersion() {
        assertEquals(Start.FIRST, LayoutMemory.decide(false, null));
        assertEquals(Start.FIRST, LayoutMemory.decide(false, "1"), "a stamp without a layout: nothing to restore");
        assertEquals(Start.RESTORE, LayoutMemory.decide(true, LayoutMemory.LAYOUT_VERSION));
        assertEquals(Start.RESET, LayoutMemory.decide(true, null), "a layout saved before the stamp existed");
        assertEquals(Start.RESET, LayoutMemory.decide(true, "1"), "a layout of the perspective with Battery State");
    }

    @Test
    void onlyAWindowNotRestoredFromASavedLayoutOpensMaximized() {
        assertTrue(LayoutMemory.maximizeOnOpen(false));
        assertFalse(LayoutMemory.maximizeOnOpen(true));
    }

    /** First start, the user's layout kept, a new version resetting it once, then kept again. */
    @Test
    void aWorkspaceGoesThroughFirstStartRestoreAndOneResetPerVersion() throws Exception {
        assertEquals(Start.FIRST, LayoutMemory.prepare(workspace));
        Path stamp = LayoutMemory.versionStamp(workspace);
        assertEquals(LayoutMemory.LAYOUT_VERSION, Files.readString(stamp, StandardCharsets.UTF_8).strip());

        // the platform saved the layout on exit
        Path layout = LayoutMemory.savedLayout(workspace);
        assertTrue(layout.endsWith(Path.of(".metadata", ".plugins", "org.eclipse.e4.workbench", "workbench.xmi")));
        Files.createDirectories(layout.getParent());
        Files.writeString(layout, "<application/>");
        assertEquals(Start.RESTORE, LayoutMemory.prepare(workspace));
        assertEquals(Start.RESTORE, LayoutMemory.prepare(workspace));

        // a layout saved by an older version of the perspective: reset once, kept from then on
        Files.writeString(stamp, "1\n");
        assertEquals(Start.RESET, LayoutMemory.prepare(workspace));
        assertEquals(Start.RESTORE, LayoutMemory.prepare(workspace));
    }
}
