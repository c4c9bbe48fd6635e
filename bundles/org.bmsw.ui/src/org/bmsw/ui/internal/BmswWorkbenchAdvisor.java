package org.bmsw.ui.internal;

import org.bmsw.ui.internal.live.BmswPreferences;
import org.bmsw.ui.internal.live.CaptureController;
import org.bmsw.ui.internal.live.ProfileFolders;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.swt.graphics.Point;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.actions.ActionFactory;
import org.eclipse.ui.actions.ContributionItemFactory;
import org.eclipse.ui.application.ActionBarAdvisor;
import org.eclipse.ui.application.IActionBarConfigurer;
import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;

/**
 * Window title, size and the standard File / Window / Help menus. The platform saves the layout on exit and restores
 * it at the next start; the window opens maximized only when there is no layout to restore ({@link LayoutMemory}).
 */
final class BmswWorkbenchAdvisor extends WorkbenchAdvisor {

    /** The window title; the product smoke test looks for it. */
    static final String WINDOW_TITLE = "BMS Workbench";

    /** How this start began: first, from the saved layout, or from a saved layout dropped for a new perspective. */
    private static volatile LayoutMemory.Start start = LayoutMemory.Start.FIRST;
    /** Whether the platform restored the window from the saved layout; null until the window exists. */
    private static volatile Boolean windowRestored;
    private static volatile IWorkbenchConfigurer workbench;

    BmswWorkbenchAdvisor(LayoutMemory.Start start) {
        BmswWorkbenchAdvisor.start = start;
    }

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        super.initialize(configurer);
        configurer.setSaveAndRestore(true); // the views' own state too, beside the layout the platform keeps
        workbench = configurer;
    }

    /** Whether the workbench saves the layout on exit and restores it at the next start. */
    static boolean savesAndRestoresLayout() {
        return workbench != null && workbench.getSaveAndRestore();
    }

    /** How this start began, for tests and the log. */
    static LayoutMemory.Start start() {
        return start;
    }

    /** Whether the window came from the saved layout (null before the window was created). */
    static Boolean windowRestored() {
        return windowRestored;
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return IntegrationPerspective.ID;
    }

    /**
     * Starts the analysis that feeds the plot, battery panel and alarm timeline, then the default source (the
     * simulated battery unless the preferences say otherwise), so decoded traffic shows within seconds.
     */
    @Override
    public void postStartup() {
        System.clearProperty(WorkbenchApplication.CLEAR_PERSISTED_STATE); // used once, while the layout loaded
        SessionAnalysis.current();
        if (BmswPreferences.startDefaultSource()) {
            CaptureController.current().startDefault();
        }
    }

    /** The profile folders of the preferences load before the window, so every view sees their profiles. */
    @Override
    public void preStartup() {
        ProfileFolders.start();
    }

    @Override
    public boolean preShutdown() {
        CaptureController.current().stop();
        ProfileFolders.stop();
        return true;
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new WorkbenchWindowAdvisor(configurer) {
            private boolean restored;

            @Override
            public void preWindowOpen() {
                // the size when the window is restored from maximized on a first start
                configurer.setInitialSize(new Point(1280, 800));
                configurer.setShowCoolBar(false);
                configurer.setShowStatusLine(true);
                configurer.setShowProgressIndicator(true); // long work (imports, decoding) with its cancel button
                configurer.setShowPerspectiveBar(false);
                configurer.setTitle(WINDOW_TITLE);
            }

            /** Called by the platform before {@link #postWindowCreate} when the window came from the saved layout. */
            @Override
            public void postWindowRestore() {
                restored = true;
            }

            @Override
            public void postWindowCreate() {
                windowRestored = restored;
                if (LayoutMemory.maximizeOnOpen(restored)) {
                    getWindowConfigurer().getWindow().getShell().setMaximized(true);
                }
            }

            @Override
            public ActionBarAdvisor createActionBarAdvisor(IActionBarConfigurer actionBarConfigurer) {
                return new MenuAdvisor(actionBarConfigurer);
            }
        };
    }

    private static final class MenuAdvisor extends ActionBarAdvisor {

        MenuAdvisor(IActionBarConfigurer configurer) {
            super(configurer);
        }

        @Override
        protected void fillMenuBar(IMenuManager menuBar) {
            IWorkbenchWindow window = getActionBarConfigurer().getWindowConfigurer().getWindow();

            MenuManager file = new MenuManager("&File", IWorkbenchActionConstants.M_FILE);
            file.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
            file.add(register(ActionFactory.QUIT.create(window)));

            MenuManager windowMenu = new MenuManager("&Window", IWorkbenchActionConstants.M_WINDOW);
            MenuManager showView = new MenuManager("Show &View");
            showView.add(ContributionItemFactory.VIEWS_SHORTLIST.create(window));
            windowMenu.add(showView);
            windowMenu.add(register(ActionFactory.RESET_PERSPECTIVE.create(window)));
            windowMenu.add(register(ActionFactory.PREFERENCES.create(window)));

            MenuManager help = new MenuManager("&Help", IWorkbenchActionConstants.M_HELP);
            help.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
            help.add(register(ActionFactory.ABOUT.create(window)));

            menuBar.add(file);
            menuBar.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
            menuBar.add(windowMenu);
            menuBar.add(help);
        }

        private <T extends ActionFactory.IWorkbenchAction> T register(T action) {
            super.register(action);
            return action;
        }
    }
}
