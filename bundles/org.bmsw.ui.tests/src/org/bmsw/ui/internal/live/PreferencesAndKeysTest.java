package org.bmsw.ui.internal.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsw.ui.internal.plot.PlotView;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.Test;

/** Window > Preferences > BMS Workbench and the live views' keys, in the running workbench. */
class PreferencesAndKeysTest {

    @Test
    void preferencePageShowsTheLiveSettingsWithTheirDefaults() {
        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), BmswPreferencePage.ID, null, null);
        assertNotNull(dialog, "the page is registered under Window > Preferences");
        try {
            dialog.create();
            assertTrue(dialog.getSelectedPage() instanceof BmswPreferencePage, String.valueOf(dialog.getSelectedPage()));
        } finally {
            dialog.close();
        }
        assertEquals(BmswPreferences.SIMULATED_BATTERY,
                BmswPreferences.store().getDefaultString(BmswPreferences.DEFAULT_SOURCE));
        assertTrue(BmswPreferences.store().getDefaultBoolean(BmswPreferences.START_DEFAULT_SOURCE));
        assertEquals(300, BmswPreferences.store().getDefaultInt(BmswPreferences.PLOT_WINDOW_S));
    }

    @Test
    void plotAndNextAlarmCommandsHaveKeys() throws Exception {
        PlotView plot = (PlotView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage()
                .showView(PlotView.ID);
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().activate(plot);
        Screenshots.settle(100);
        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        assertEquals("F8", bindings.getBestActiveBindingFormattedFor("org.bmsw.ui.commands.nextAlarm"));
        for (String command : new String[] { "org.bmsw.ui.commands.plotPanLeft", "org.bmsw.ui.commands.plotPanRight",
                "org.bmsw.ui.commands.plotZoomIn", "org.bmsw.ui.commands.plotZoomOut" }) {
            assertTrue(bindings.getActiveBindingsFor(command).length > 0, "no key for " + command
                    + " while the Plot view is active");
        }
    }
}
