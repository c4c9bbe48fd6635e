package org.bmsw.ui.internal;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;

import org.eclipse.core.runtime.Platform;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.osgi.service.datalocation.Location;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.PlatformUI;

/** The Equinox application {@code org.bmsw.ui.application}: the workbench window. */
public final class WorkbenchApplication implements IApplication {

    /**
     * The platform's switch for starting without the saved layout; it reads it from the command line, the product,
     * then the system properties.
     */
    static final String CLEAR_PERSISTED_STATE = "clearPersistedState";

    @Override
    public Object start(IApplicationContext context) {
        LayoutMemory.Start start = prepareLayout();
        if (start == LayoutMemory.Start.RESET) {
            // the saved layout is of another version of the perspective: start once from the perspective as designed
            System.setProperty(CLEAR_PERSISTED_STATE, "true");
        }
        Dropins.reconcile();
        Display display = PlatformUI.createDisplay();
        try {
            int code = PlatformUI.createAndRunWorkbench(display, new BmswWorkbenchAdvisor(start));
            return code == PlatformUI.RETURN_RESTART ? IApplication.EXIT_RESTART : IApplication.EXIT_OK;
        } finally {
            display.dispose();
        }
    }

    /** How the layout starts, from the workspace (-data); without one nothing is saved, as at a first start. */
    private static LayoutMemory.Start prepareLayout() {
        Path instance = instanceFolder();
        return instance == null ? LayoutMemory.Start.FIRST : LayoutMemory.prepare(instance);
    }

    private static Path instanceFolder() {
        Location location = Platform.getInstanceLocation();
        if (location == null || location.isReadOnly()) {
            return null;
        }
        URL url = location.getURL();
        return url == null || !"file".equals(url.getProtocol()) ? null : new File(url.getFile()).toPath();
    }

    @Override
    public void stop() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbench workbench = PlatformUI.getWorkbench();
        Display display = workbench.getDisplay();
        display.syncExec(() -> {
            if (!display.isDisposed()) {
                workbench.close();
            }
        });
    }
}
