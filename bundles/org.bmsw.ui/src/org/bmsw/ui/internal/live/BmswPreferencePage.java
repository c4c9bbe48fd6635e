package org.bmsw.ui.internal.live;

import java.util.List;

import org.bmsw.protocol.DecoderRegistry;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

/** Window > Preferences > BMS Workbench: the default source, protocol, capture folder and plot window. */
public final class BmswPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public static final String ID = "org.bmsw.ui.preferences.main";

    public BmswPreferencePage() {
        super(GRID);
        setDescription("Live capture and plots. The default source starts when the workbench starts, so the views "
                + "show decoded traffic at once; the simulated battery needs no hardware.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(BmswPreferences.store());
    }

    @Override
    protected void createFieldEditors() {
        addField(new BooleanFieldEditor(BmswPreferences.START_DEFAULT_SOURCE, "&Start the default source at startup",
                getFieldEditorParent()));
        addField(new StringFieldEditor(BmswPreferences.DEFAULT_SOURCE, "Default &source (URI):",
                getFieldEditorParent()));
        List<String> ids = DecoderRegistry.getDefault().ids();
        String[][] protocols = new String[ids.size()][];
        for (int i = 0; i < ids.size(); i++) {
            protocols[i] = new String[] { ids.get(i), ids.get(i) };
        }
        addField(new ComboFieldEditor(BmswPreferences.DEFAULT_PROTOCOL, "Default &protocol:", protocols,
                getFieldEditorParent()));
        DirectoryFieldEditor folder = new DirectoryFieldEditor(BmswPreferences.CAPTURE_FOLDER,
                "&Capture folder (empty: the workspace's):", getFieldEditorParent());
        folder.setEmptyStringAllowed(true);
        addField(folder);
        IntegerFieldEditor window = new IntegerFieldEditor(BmswPreferences.PLOT_WINDOW_S,
                "Plot &window while live (s):", getFieldEditorParent());
        window.setValidRange(10, 86_400);
        addField(window);
    }
}
