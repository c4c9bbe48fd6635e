package org.bmsw.ui.internal;

import org.bmsw.ui.internal.alarms.AlarmTimelineView;
import org.bmsw.ui.internal.battery.BatteryPanelView;
import org.bmsw.ui.internal.live.ConnectionsView;
import org.bmsw.ui.internal.plot.PlotView;
import org.bmsw.ui.internal.trace.SignalsView;
import org.bmsw.ui.internal.trace.TraceView;
import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

/**
 * The integrator's screen: where the traffic comes from on the left, the trace in the centre (with the cable and
 * the profiles as tabs), what the battery says on the right, its values over time and its alarms at the bottom.
 */
public final class IntegrationPerspective implements IPerspectiveFactory {

    public static final String ID = "org.bmsw.ui.perspectives.integration";

    static final String TRACE_VIEW = TraceView.ID;
    static final String SIGNALS_VIEW = SignalsView.ID;

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editor = layout.getEditorArea();
        IFolderLayout centre = layout.createFolder("org.bmsw.ui.folders.centre", IPageLayout.LEFT, 0.75f, editor);
        centre.addView(TRACE_VIEW);
        centre.addView(CableView.ID);
        centre.addView(ProfilesView.ID);
        centre.addView(org.bmsw.ui.internal.live.TransmitView.ID);

        IFolderLayout left = layout.createFolder("org.bmsw.ui.folders.connections", IPageLayout.LEFT, 0.22f,
                "org.bmsw.ui.folders.centre");
        left.addView(ConnectionsView.ID);

        IFolderLayout bottom = layout.createFolder("org.bmsw.ui.folders.timeline", IPageLayout.BOTTOM, 0.6f,
                "org.bmsw.ui.folders.centre");
        bottom.addView(PlotView.ID);
        bottom.addView(AlarmTimelineView.ID);
        bottom.addView(PROBLEMS_VIEW);

        IFolderLayout right = layout.createFolder("org.bmsw.ui.folders.battery", IPageLayout.RIGHT, 0.66f,
                "org.bmsw.ui.folders.centre");
        right.addView(BatteryPanelView.ID);
        right.addView(SIGNALS_VIEW);

        // Window > Show View lists these
        for (String id : new String[] { ConnectionsView.ID, TRACE_VIEW, SIGNALS_VIEW, BatteryPanelView.ID,
                PlotView.ID, AlarmTimelineView.ID, CableView.ID, ProfilesView.ID, PROBLEMS_VIEW, PROGRESS_VIEW,
                org.bmsw.ui.internal.live.TransmitView.ID }) {
            layout.addShowViewShortcut(id);
        }
    }

    /** The workbench's own Problems view (cable checks). */
    static final String PROBLEMS_VIEW = "org.bmsw.ui.views.problems";

    /** The platform's Progress view: imports and decoding passes with their cancel buttons. */
    static final String PROGRESS_VIEW = "org.eclipse.ui.views.ProgressView";
}
