package org.bmsw.cli.internal;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;

/** The Equinox application {@code org.bmsw.cli.application}: runs one command and returns its exit code. */
public final class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        context.applicationRunning();
        int exitCode = new Bmsw(productVersion()).execute(args == null ? new String[0] : args, System.out,
                System.err);
        System.out.flush();
        System.err.flush();
        return exitCode;
    }

    @Override
    public void stop() {
        // commands run to completion on the calling thread; nothing to interrupt
    }

    /** All bundles of the product are built and versioned together, so this bundle's version is the product's. */
    static String productVersion() {
        return FrameworkUtil.getBundle(CliApplication.class).getVersion().toString();
    }
}
