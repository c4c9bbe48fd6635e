package org.bmsw.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.bmsw.engine.internal.BundleProfileFiles;
import org.junit.jupiter.api.Test;

/** A profile's files are read from the installed plugin that contributed it (inside OSGi). */
class BundleProfileFilesTest {

    @Test
    void readsAFileOfAnInstalledPluginAndNamesWhatIsMissing() throws IOException {
        ProfileFiles files = BundleProfileFiles.orNone();
        // the manifest is at the same path whether the plugin is a jar or a folder
        try (InputStream in = files.open("org.bmsw.protocol", "META-INF/MANIFEST.MF")) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .contains("Bundle-SymbolicName: org.bmsw.protocol"));
        }
        FileNotFoundException missing = assertThrows(FileNotFoundException.class,
                () -> files.open("org.bmsw.protocol", "no/such.dbc"));
        assertEquals("no such file in plugin org.bmsw.protocol", missing.getMessage());
        FileNotFoundException plugin = assertThrows(FileNotFoundException.class,
                () -> files.open("com.example.not.installed", "x.dbc"));
        assertEquals("plugin com.example.not.installed is not installed", plugin.getMessage());
    }
}
