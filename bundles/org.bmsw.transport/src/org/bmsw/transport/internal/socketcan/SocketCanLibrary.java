package org.bmsw.transport.internal.socketcan;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import tel.schich.javacan.JavaCAN;

/**
 * Loads JavaCAN's native part. JavaCAN looks for {@code native/libjavacan-core.so} on its own class path, which in
 * OSGi does not reach the separate jar (Maven classifier {@code x86_64}) that carries it; so the library is found
 * in whichever jar or bundle holds it, copied to a temporary file and handed to JavaCAN through its documented
 * {@code javacan.native.javacan-core.path} property.
 */
final class SocketCanLibrary {

    static final String LIBRARY_ENTRY = "native/libjavacan-core.so";
    private static final String PATH_PROPERTY = "javacan.native.javacan-core.path";
    private static boolean loaded;

    private SocketCanLibrary() {
    }

    static synchronized void load() throws IOException {
        if (loaded) {
            return;
        }
        if (!"x86_64".equals(arch())) {
            throw new IOException("this build carries JavaCAN's library for x86_64 Linux only, not " + arch());
        }
        if (System.getProperty(PATH_PROPERTY) == null) {
            URL library = find();
            if (library == null) {
                throw new IOException(LIBRARY_ENTRY + " is in no installed plugin (the javacan-core x86_64 jar)");
            }
            Path copy = Files.createTempFile("libjavacan-core", ".so");
            copy.toFile().deleteOnExit();
            try (InputStream in = library.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            System.setProperty(PATH_PROPERTY, copy.toString());
        }
        JavaCAN.initialize();
        loaded = true;
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static URL find() {
        URL onClassPath = SocketCanLibrary.class.getClassLoader().getResource(LIBRARY_ENTRY);
        if (onClassPath != null) {
            return onClassPath;
        }
        Bundle self = FrameworkUtil.getBundle(SocketCanLibrary.class);
        if (self == null || self.getBundleContext() == null) {
            return null;
        }
        for (Bundle bundle : self.getBundleContext().getBundles()) {
            URL entry = bundle.getEntry(LIBRARY_ENTRY);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }
}
