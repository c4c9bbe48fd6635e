package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            assertTrue(names.get(0).matches("cli-\\d+\\.jsa"), names.toString()); // renamed when complete
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
