package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin jar put into the installation's {@code dropins/} folder is installed when the window starts (p2's
 * dropins reconciler), so the next command knows its profiles; the window is started under Xvfb in a copy of the
 * built product.
 */
class DropinsProductTest {

    @TempDir
    Path work;

    @Test
    void aPluginInDropinsIsInstalledWhenTheWindowStarts() throws Exception {
        assertNotNull(System.getenv("DISPLAY"), "the dropins test starts the window: run it through ./bmsw test (Xvfb)");
        Path jar;
        try (Stream<Path> plugins = Files.list(PluginsCommandProductTest.EXAMPLE_SITE.resolve("plugins"))) {
            jar = plugins.filter(p -> p.getFileName().toString().startsWith("com.example.bmsw.profiles_")).findFirst()
                    .orElseThrow(() -> new AssertionError("no example plugin in " + PluginsCommandProductTest.EXAMPLE_SITE));
        }
        Path product = work.resolve("bmsw");
        Process cp = new ProcessBuilder("cp", "-a", ProductProcess.PRODUCT_DIR.toString(), product.toString()).inheritIO().start();
        assertTrue(cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0, "copying the product failed");
        Files.copy(jar, product.resolve("dropins").resolve(jar.getFileName()));
        Path bundles = product.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info");

        Path windowDir = Files.createDirectories(work.resolve("window"));
        long start = System.nanoTime();
        try (ProductProcess window = ProductProcess.start(product, windowDir, Map.of("BMSW_WORKSPACE",
                work.resolve("workspace").toString(), "BMSW_CDS", "off"), "-consoleLog")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!Files.readString(bundles).contains("com.example.bmsw.profiles")) {
                if (!window.isAlive()) {
                    fail("the window ended before installing the dropins plugin\n--- stdout\n" + window.stdout()
                            + "\n--- stderr\n" + window.stderr());
                }
                if (System.nanoTime() > deadline) {
                    fail("the dropins plugin was not installed within 180 s\n--- stdout\n" + window.stdout());
                }
                Thread.sleep(500);
            }
            System.out.printf("[product] dropins plugin installed %d ms after the window was started%n",
                    (System.nanoTime() - start) / 1_000_000);
        }

        Path runDir = Files.createDirectories(work.resolve("show"));
        try (ProductProcess show = ProductProcess.start(product, runDir, Map.of("BMSW_CDS", "off"), "profile", "show",
                "example.x48-100")) {
            assertEquals(0, show.waitFor(120), show.stderr());
            List<String> lines = show.stdout().lines().toList();
            assertTrue(lines.get(0).startsWith("example.x48-100: Example Energy X48-100 (battery, from "
                    + "com.example.bmsw.profiles/"), show.stdout());
        }
    }
}
