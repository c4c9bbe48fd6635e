package org.bmsw.ui.internal.live;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/** The workbench's preferences (Window > Preferences > BMS Workbench), with their defaults. */
public final class BmswPreferences {

    public static final String QUALIFIER = "org.bmsw.ui";
    /** Start the default source when the workbench starts. */
    public static final String START_DEFAULT_SOURCE = "startDefaultSource";
    /** The source started at workbench start and offered first in the Connections view. */
    public static final String DEFAULT_SOURCE = "defaultSource";
    /** Decoder spec captures start with ({@code auto} detects). */
    public static final String DEFAULT_PROTOCOL = "defaultProtocol";
    /** Where captures are written; empty for the workspace's own folder. */
    public static final String CAPTURE_FOLDER = "captureFolder";
    /** Seconds of trace time the Plot view shows while following a live capture. */
    public static final String PLOT_WINDOW_S = "plotWindowSeconds";
    /** Folders whose profiles are loaded without packaging, separated as JFace's PathEditor writes them. */
    public static final String PROFILE_FOLDERS = "profileFolders";

    /** The simulated battery: live decoded traffic with no hardware at all. */
    public static final String SIMULATED_BATTERY = org.bmsw.sim.SimTransports.DEFAULT_SOURCE;

    private static ScopedPreferenceStore store;

    private BmswPreferences() {
    }

    /** The preference store, defaults set; the system property {@code bmsw.startDefaultSource} overrides start. */
    public static synchronized IPreferenceStore store() {
        if (store == null) {
            store = new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
            store.setDefault(START_DEFAULT_SOURCE, true);
            store.setDefault(DEFAULT_SOURCE, SIMULATED_BATTERY);
            store.setDefault(DEFAULT_PROTOCOL, "pylon-can");
            store.setDefault(CAPTURE_FOLDER, "");
            store.setDefault(PLOT_WINDOW_S, 300);
            store.setDefault(PROFILE_FOLDERS, "");
        }
        return store;
    }

    public static boolean startDefaultSource() {
        String override = System.getProperty("bmsw.startDefaultSource");
        return override != null ? Boolean.parseBoolean(override) : store().getBoolean(START_DEFAULT_SOURCE);
    }

    /** The capture folder: the preference, or {@code captures} in the UI bundle's state folder. */
    public static Path captureFolder() {
        String folder = store().getString(CAPTURE_FOLDER).trim();
        if (!folder.isEmpty()) {
            return Path.of(folder);
        }
        try {
            return Platform.getStateLocation(Platform.getBundle(QUALIFIER)).toFile().toPath().resolve("captures");
        } catch (RuntimeException e) {
            return Path.of(System.getProperty("java.io.tmpdir"), "bmsw-captures-" + System.getProperty("user.name"));
        }
    }

    /** The profile folders of Preferences > BMS Workbench > Profile folders, in their order. */
    public static List<Path> profileFolders() {
        return profileFolders(store().getString(PROFILE_FOLDERS));
    }

    /** The folders of a {@link #PROFILE_FOLDERS} value. */
    public static List<Path> profileFolders(String value) {
        return Arrays.stream(value.split(Pattern.quote(File.pathSeparator))).map(String::trim)
                .filter(folder -> !folder.isEmpty()).map(Path::of).toList();
    }

    public static int plotWindowSeconds() {
        return Math.max(10, store().getInt(PLOT_WINDOW_S));
    }
}
