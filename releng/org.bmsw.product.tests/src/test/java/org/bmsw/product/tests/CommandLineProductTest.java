package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of the installed product, through its own launcher script. */
class CommandLineProductTest {

    @TempDir
    Path workDir;

    private ProductProcess bmsw(String... args) throws Exception {
        return ProductProcess.start(workDir, Map.of(), args);
    }

    @Test
    void versionPrintsTheProductVersionAndExitsZero() throws Exception {
        long start = System.nanoTime();
        try (ProductProcess process = bmsw("version")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            System.out.printf("[product] bmsw version took %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertTrue(process.stdout().matches("BMS Workbench 0\\.1\\.0\\.\\d{12}\\n"), process.stdout());
        }
    }

    @Test
    void dashDashVersionAndHelpGoToTheCommandLineNotTheWindow() throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("WAYLAND_DISPLAY", null);
        try (ProductProcess process = ProductProcess.start(workDir, noDisplay, "--version")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().matches("BMS Workbench 0\\.1\\.0\\.\\d{12}\\n"), process.stdout());
        }
        try (ProductProcess process = ProductProcess.start(workDir, noDisplay, "--help")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().contains("\nUsage: bmsw [-hV] [COMMAND]\n"), process.stdout());
        }
    }

    @Test
    void helpListsTheCommands() throws Exception {
        try (ProductProcess process = bmsw("help")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().contains("\n  version      print the product version\n"), process.stdout());
            assertTrue(process.stdout().contains("\n  help         list the commands"), process.stdout());
        }
    }

    @Test
    void unknownCommandExitsTwoAndNamesIt() throws Exception {
        try (ProductProcess process = bmsw("frobnicate")) {
            assertEquals(2, process.waitFor(60));
            assertEquals("bmsw: unknown command 'frobnicate'. Run 'bmsw help' for the list.\n", process.stderr());
        }
    }

    /**
     * Every scheme is a provider service found through the DS registry, the simulator's too, in a fresh product
     * where nothing else has touched the simulator bundle; an unknown scheme is refused naming them all.
     */
    @Test
    void captureKnowsTheSimulatorsSchemesAsServicesAndRecordsTheSimulatedBattery() throws Exception {
        try (ProductProcess process = bmsw("capture", "--port", "acme:can0", "--out", "x.bmst", "--duration", "1")) {
            assertTrue(process.waitFor(60) != 0, process.stdout());
            assertTrue(process.stderr().contains("acme:can0: no transport for scheme acme (known: modbus-rtu, "
                    + "modbus-tcp, replay, serial, sim, slcan, slcan-adapter, socketcan)"), process.stderr());
        }
        Path store = workDir.resolve("demo.bmst");
        try (ProductProcess process = bmsw("capture", "--port", "sim:battery?protocol=pylon-can", "--out",
                store.toString(), "--duration", "2")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            // the battery's first cycle alone is six 32-byte record slots beyond the store's 32-byte header
            assertTrue(Files.size(store) >= 32 + 6 * 32, store + ": " + Files.size(store) + " bytes; " + process.stdout());
        }
    }

    @Test
    void jvmOptionsFromBmswJavaOptsComeAfterTheDefaults() throws Exception {
        try (ProductProcess process = ProductProcess.start(workDir,
                Map.of("BMSW_JAVA_OPTS", "-Xmx128m -XX:+PrintFlagsFinal"), "version")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().matches("(?s).*\\bMaxHeapSize += 134217728 .*"), process.stdout());
            assertTrue(process.stdout().contains("BMS Workbench 0.1.0."), process.stdout());
        }
    }

    @Test
    void classDataArchiveIsWrittenOnceIntoTheUsersFolderAndUsedAfter() throws Exception {
        Path cds = workDir.resolve("cds");
        Map<String, String> env = Map.of("BMSW_CDS_DIR", cds.toString());
        String first;
        try (ProductProcess process = ProductProcess.start(workDir, env, "version")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            first = process.stdout();
        }
        try (var files = java.nio.file.Files.list(cds)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            // one per command, renamed when complete
            assertTrue(names.get(0).matches("cli-\\d+-version-cli\\.jsa"), names.toString());
        }
        Map<String, String> showCds = new HashMap<>(env);
        showCds.put("BMSW_JAVA_OPTS", "-Xlog:cds=info:stderr");
        try (ProductProcess process = ProductProcess.start(workDir, showCds, "version")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertEquals(first, process.stdout());
            String archive = cds + "/cli-";  // "Opened archive" (17), "Opened shared archive file" (19+)
            assertTrue(process.stderr().lines().anyMatch(line -> line.contains("Opened") && line.contains(archive)),
                    process.stderr());
        }
    }

    @Test
    void commandLineRunsOnTheInstallationsBundlesWithoutTheWindows() throws Exception {
        Path configs = workDir.resolve("cli-config");
        Map<String, String> env = Map.of("BMSW_CLI_CONFIG_DIR", configs.toString());
        try (ProductProcess process = ProductProcess.start(workDir, env, "profiles")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().contains("seed.lv-battery"), process.stdout());
        }
        List<Path> made;
        try (var files = Files.list(configs)) {
            made = files.toList();
        }
        assertEquals(1, made.size(), made.toString()); // one per installation state, no half-written one left
        List<String> bundles = Files.readAllLines(made.get(0).resolve(
                "org.eclipse.equinox.simpleconfigurator/bundles.info")).stream().map(line -> line.split(",")[0])
                .toList();
        List<String> installed = Files.readAllLines(ProductProcess.PRODUCT_DIR.resolve(
                "configuration/org.eclipse.equinox.simpleconfigurator/bundles.info")).stream()
                .map(line -> line.split(",")[0]).toList();
        for (String needed : List.of("org.bmsw.cli", "org.bmsw.engine", "org.bmsw.profiles.builtin",
                "org.apache.felix.scr", "org.eclipse.equinox.registry", "picocli")) {
            assertTrue(bundles.contains(needed), needed + " missing from " + bundles);
        }
        for (String window : List.of("org.bmsw.ui", "org.eclipse.swt", "org.eclipse.e4.ui.workbench",
                "org.eclipse.emf.ecore", "org.eclipse.jface")) {
            assertTrue(installed.contains(window), window + " is not installed: the check means nothing");
            assertFalse(bundles.contains(window), window + " in the command line's bundles " + bundles);
        }
        assertTrue(Files.readString(made.get(0).resolve("config.ini")).contains(
                "eclipse.application=org.bmsw.cli.application"));
        // nor p2 (bmsw plugins runs on the installation's configuration): no bundle is left unresolved, so a
        // start writes no error log into the configuration
        for (String p2 : List.of("org.eclipse.equinox.p2.core", "org.eclipse.equinox.p2.ui", "org.eclipse.ecf")) {
            assertTrue(installed.contains(p2), p2 + " is not installed: the check means nothing");
            assertFalse(bundles.contains(p2), p2 + " in the command line's bundles " + bundles);
        }
        try (var files = Files.list(made.get(0))) {
            List<String> logs = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".log")).toList();
            assertEquals(List.of(), logs, "the framework logged errors at start");
        }
        // the framework runs from a copy without signature files (the JVM archives no class of a signed jar)
        String framework = Files.readAllLines(made.get(0).resolve("config.ini")).stream()
                .filter(line -> line.startsWith("osgi.framework=")).findFirst().orElseThrow();
        String jarName = framework.substring(framework.lastIndexOf('/') + 1);
        assertEquals("osgi.framework=file\\:" + made.get(0) + "/" + jarName, framework);
        assertTrue(signatureFiles(ProductProcess.PRODUCT_DIR.resolve("plugins").resolve(jarName)) > 0,
                jarName + " of the installation is not signed: the check means nothing");
        assertEquals(0, signatureFiles(made.get(0).resolve(jarName)));
        try (var files = Files.list(made.get(0))) {
            Path launcher = files.filter(f -> f.getFileName().toString().startsWith("org.eclipse.equinox.launcher_"))
                    .findFirst().orElseThrow(() -> new AssertionError("no launcher copy in " + made.get(0)));
            assertEquals(0, signatureFiles(launcher));
        }

        // BMSW_CLI_BUNDLES=all: the installation's own configuration, nothing written
        Path none = workDir.resolve("cli-config-all");
        Map<String, String> all = Map.of("BMSW_CLI_CONFIG_DIR", none.toString(), "BMSW_CLI_BUNDLES", "all");
        try (ProductProcess process = ProductProcess.start(workDir, all, "profiles")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertTrue(process.stdout().contains("seed.lv-battery"), process.stdout());
        }
        assertFalse(Files.exists(none));
    }

    private static long signatureFiles(Path jar) throws java.io.IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)")).count();
        }
    }

    @Test
    void workbenchWithoutDisplaySaysSoAndPointsToTheCommandLine() throws Exception {
        Map<String, String> noDisplay = new HashMap<>();
        noDisplay.put("DISPLAY", null);
        noDisplay.put("WAYLAND_DISPLAY", null);
        try (ProductProcess process = ProductProcess.start(workDir, noDisplay)) {
            assertEquals(1, process.waitFor(30));
            assertTrue(process.stderr().contains("no display"), process.stderr());
            assertTrue(process.stderr().contains("bmsw help"), process.stderr());
        }
    }
}
