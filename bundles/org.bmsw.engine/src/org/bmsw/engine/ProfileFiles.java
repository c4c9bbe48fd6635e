package org.bmsw.engine;

import java.io.IOException;
import java.io.InputStream;

/** Opens a file that a profile names (its DBC, its register map) inside the plugin that contributed it. */
@FunctionalInterface
public interface ProfileFiles {

    /**
     * @param contributor the plugin's symbolic name, as {@code ProfileOrigin.contributor()} gives it
     * @param path the file's path inside the plugin
     * @throws IOException naming what is missing
     */
    InputStream open(String contributor, String path) throws IOException;

    /** For a plain JVM: no plugin files. */
    static ProfileFiles none() {
        return (contributor, path) -> {
            throw new IOException("no OSGi framework running, so plugin files cannot be read");
        };
    }
}
