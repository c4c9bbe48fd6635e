package org.bmsw.ui.internal;

import org.bmsw.ui.internal.trace.SignalsView;
import org.bmsw.ui.internal.trace.TraceView;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The integrator's screen: the devices and their pins on the left, what the battery says on the right. */
public final class IntegrationPerspective implements IPerspectiveFactory {

    public static final String ID = "org.bmsw.ui.perspectives.integration";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        IFolderLayout devices = layout.createFolder("org.bmsw.ui.folders.devices", IPageLayout.LEFT, 0.6f,
                layout.getEditorArea());
        devices.addView(CableView.ID);
        devices.addView(ProfilesView.ID);
        // the ratio is the share the reference folder keeps: the cable editor needs the room
        IFolderLayout state = layout.createFolder("org.bmsw.ui.folders.state", IPageLayout.RIGHT, 0.62f,
                "org.bmsw.ui.folders.devices");
        state.addView(BatteryStateView.ID);
        // the trace under the devices, its signals beside the battery state
        IFolderLayout trace = layout.createFolder("org.bmsw.ui.folders.trace", IPageLayout.BOTTOM, 0.45f,
                "org.bmsw.ui.folders.devices");
        trace.addView(TraceView.ID);
        state.addView(SignalsView.ID);
    }
}
