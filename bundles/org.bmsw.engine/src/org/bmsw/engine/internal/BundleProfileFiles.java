package org.bmsw.engine.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

import org.bmsw.engine.ProfileFiles;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

/** Profile files read from the installed plugins; the only OSGi-specific part of decoding with a profile. */
public final class BundleProfileFiles implements ProfileFiles {

    /** The plugins' files inside OSGi, {@link ProfileFiles#none()} in a plain JVM. */
    public static ProfileFiles orNone() {
        try {
            Bundle self = FrameworkUtil.getBundle(BundleProfileFiles.class);
            return self == null ? ProfileFiles.none() : new BundleProfileFiles();
        } catch (LinkageError e) {
            return ProfileFiles.none(); // no OSGi classes at all
        }
    }

    @Override
    public InputStream open(String contributor, String path) throws IOException {
        Bundle self = FrameworkUtil.getBundle(BundleProfileFiles.class);
        BundleContext context = self == null ? null : self.getBundleContext();
        if (context == null) {
            throw new IOException("no OSGi framework running, so plugin files cannot be read");
        }
        for (Bundle bundle : context.getBundles()) {
            if (contributor.equals(bundle.getSymbolicName())) {
                // getEntry reads the plugin's own jar or folder, without resolving or starting it
                URL entry = bundle.getEntry(path);
                if (entry == null) {
                    throw new FileNotFoundException("no such file in plugin " + contributor);
                }
                return entry.openStream();
            }
        }
        throw new FileNotFoundException("plugin " + contributor + " is not installed");
    }
}
