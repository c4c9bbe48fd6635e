package org.bmsw.ui.internal.live;

import java.time.Duration;

import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileFolderWatcher;
import org.eclipse.jface.util.IPropertyChangeListener;

/**
 * The profile folders of the preferences, loaded into the workbench's registry and watched: set in the preferences,
 * a folder's profiles join the others at once; changed on disk, they are loaded again; removed, they leave.
 */
public final class ProfileFolders {

    /** An editor's save is a few events within milliseconds; a copied project, many within a second. */
    private static final Duration SETTLE = Duration.ofMillis(400);

    private static ProfileFolders current;

    private final ProfileFolderWatcher watcher;

    private ProfileFolders(ProfileRegistry registry) {
        watcher = new ProfileFolderWatcher(registry, SETTLE, (folder, problems) -> {
            // the Profiles view lists them under Skipped contributions, with file and line
        });
        IPropertyChangeListener listener = event -> {
            if (BmswPreferences.PROFILE_FOLDERS.equals(event.getProperty())) {
                watcher.watch(BmswPreferences.profileFolders());
            }
        };
        BmswPreferences.store().addPropertyChangeListener(listener);
        watcher.watch(BmswPreferences.profileFolders());
    }

    /** Starts loading and watching the preference's folders into the workbench's registry (once). */
    public static synchronized ProfileFolders start() {
        if (current == null) {
            current = new ProfileFolders(ProfileRegistry.getDefault());
        }
        return current;
    }

    /** Stops watching (the workbench closes). */
    public static synchronized void stop() {
        if (current != null) {
            current.watcher.close();
            current = null;
        }
    }
}
