package org.bmsw.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the window starts from the layout the user left (the platform saves it on exit into the workspace) or from
 * the Integration perspective as designed.
 * <p>
 * A saved layout names views by id. When a later version removes or renames a view, the platform still starts and
 * shows a placeholder ("could not create the view") where the view was; a new view would only appear through
 * Window &gt; Show View. So the layout carries a version stamp ({@link #LAYOUT_VERSION}, raised whenever the
 * perspective's views change): a saved layout of another version is dropped once, at the first start of the new
 * version, and the window opens with the new perspective, maximized as at a first start. From then on the user's
 * layout is kept again.
 */
public final class LayoutMemory {

    /**
     * The version of the perspective's set of views. Raise it when a view is added to, removed from or renamed in the
     * Integration perspective. 2: the Battery State view merged into the Battery panel.
     */
    public static final String LAYOUT_VERSION = "2";

    /** How the workbench starts. */
    public enum Start {
        /** No saved layout: the perspective as designed, the window maximized. */
        FIRST,
        /** The saved layout, as the user left it. */
        RESTORE,
        /** A saved layout of another version: dropped once, then as {@link #FIRST}. */
        RESET
    }

    private LayoutMemory() {
    }

    /** The decision itself: {@code savedVersion} is the stamp next to the saved layout, or null when there is none. */
    public static Start decide(boolean savedLayoutExists, String savedVersion) {
        if (!savedLayoutExists) {
            return Start.FIRST;
        }
        return LAYOUT_VERSION.equals(savedVersion) ? Start.RESTORE : Start.RESET;
    }

    /** Where the platform keeps the saved layout (its application model) in the workspace {@code instance}. */
    public static Path savedLayout(Path instance) {
        return instance.resolve(".metadata").resolve(".plugins").resolve("org.eclipse.e4.workbench")
                .resolve("workbench.xmi");
    }

    /** The version stamp of the saved layout in the workspace {@code instance}. */
    public static Path versionStamp(Path instance) {
        return instance.resolve(".metadata").resolve(".plugins").resolve("org.bmsw.ui").resolve("layout-version");
    }

    /**
     * Decides how the workbench in {@code instance} starts and stamps the layout it will save with this version.
     * A stamp that cannot be read counts as another version (the layout resets once); one that cannot be written
     * only means the next start decides again.
     */
    public static Start prepare(Path instance) {
        Path stamp = versionStamp(instance);
        String saved = null;
        try {
            saved = Files.isRegularFile(stamp) ? Files.readString(stamp, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            saved = null;
        }
        Start start = decide(Files.isRegularFile(savedLayout(instance)), saved);
        try {
            Files.createDirectories(stamp.getParent());
            Files.writeString(stamp, LAYOUT_VERSION + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("bmsw: cannot write the layout version to " + stamp + ": " + e.getMessage());
        }
        return start;
    }

    /** The window opens maximized unless the platform restored it from the saved layout. */
    public static boolean maximizeOnOpen(boolean restoredFromSavedLayout) {
        return !restoredFromSavedLayout;
    }
}
