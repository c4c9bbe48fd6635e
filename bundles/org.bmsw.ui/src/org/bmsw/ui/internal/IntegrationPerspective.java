package org.bmsw.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/** The integrator's screen: what the battery says, beside the traffic (the trace views join it later). */
public final class IntegrationPerspective implements IPerspectiveFactory {

    public static final String ID = "org.bmsw.ui.perspectives.integration";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        IFolderLayout main = layout.createFolder("org.bmsw.ui.folders.main", IPageLayout.LEFT, 1.0f,
                layout.getEditorArea());
        main.addView(BatteryStateView.ID);
    }
}
