package org.bmsw.cli.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/**
 * Opens a file inside an installed plugin (a profile's DBC or register map), by the plugin's symbolic name as
 * {@code ProfileOrigin.contributor()} gives it. The only OSGi-specific part of {@code decode --profile}.
 */
final class BundleEntries {

    private BundleEntries() {
    }

    static InputStream open(String symbolicName, String path) throws IOException {
        Bundle self = FrameworkUtil.getBundle(BundleEntries.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        if (context == null) {
            throw new IOException("no OSGi framework running, so plugin files cannot be read");
        }
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                // getEntry reads the plugin's own jar or folder, without resolving or starting it
                URL entry = bundle.getEntry(path);
                if (entry == null) {
                    throw new FileNotFoundException("no such file in plugin " + symbolicName);
                }
                return entry.openStream();
            }
        }
        throw new FileNotFoundException("plugin " + symbolicName + " is not installed");
    }
}
