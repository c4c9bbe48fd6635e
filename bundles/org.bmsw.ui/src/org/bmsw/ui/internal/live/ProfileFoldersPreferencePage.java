package org.bmsw.ui.internal.live;

import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.PathEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/**
 * Preferences > BMS Workbench > Profile folders: folders whose profiles the workbench loads as they are, without
 * packaging them as a plugin (a vendor's project while it is written), and loads again when their files change.
 */
public final class ProfileFoldersPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.bmsw.ui.preferences.profileFolders";

    public ProfileFoldersPreferencePage() {
        super(GRID);
        setDescription("Profiles read from these folders as they are: every descriptor (.xml in the profile "
                + "namespace) under a folder, with the DBC files and register maps it names. A saved change is "
                + "loaded within a second; a descriptor that does not load is listed with its file and line in the "
                + "Profiles view (Skipped contributions) and the folder's other profiles stay. The same folders "
                + "work on the command line: bmsw --profile-dir DIR, bmsw profile check DIR.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(BmswPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new PathEditor(BmswPreferences.PROFILE_FOLDERS, "&Profile folders:", "Choose a profile folder",
                getFieldEditorParent()));
    }
}
