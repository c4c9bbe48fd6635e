package org.bmsw.ui.internal;

import org.eclipse.core.runtime.ILog;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;

/**
 * Picks up the installation's {@code dropins/} folder: starting p2's dropins reconciler installs into the p2 profile
 * what was put there and removes what was taken away. Started by the window only, not at every command-line start.
 */
final class Dropins {

    static final String RECONCILER = "org.eclipse.equinox.p2.reconciler.dropins";

    private Dropins() {
    }

    static void reconcile() {
        Bundle self = FrameworkUtil.getBundle(Dropins.class);
        if (self == null || self.getBundleContext() == null) {
            return;
        }
        for (Bundle bundle : self.getBundleContext().getBundles()) {
            if (RECONCILER.equals(bundle.getSymbolicName())) {
                try {
                    bundle.start(Bundle.START_TRANSIENT);
                } catch (BundleException | RuntimeException e) {
                    ILog.of(Dropins.class).warn("dropins/ not read: " + e.getMessage(), e);
                }
                return;
            }
        }
    }
}
