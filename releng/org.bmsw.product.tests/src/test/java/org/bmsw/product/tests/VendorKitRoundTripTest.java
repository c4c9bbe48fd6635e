package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vendor from nothing to an installed battery with the product alone and Maven, outside this repository:
 * {@code bmsw profile new} writes the kit, an edit breaks and fixes the descriptor under {@code bmsw profile check},
 * the kit builds with its own Maven run (offline, against the workbench's p2 repository built before this module),
 * {@code bmsw plugins install} installs its update site and {@code bmsw profile show} shows the edit. Prints the
 * wall time of each step.
 */
class VendorKitRoundTripTest {

    static final Path WORKBENCH_REPOSITORY = Path.of(System.getProperty("bmsw.repository.dir", "")).toAbsolutePath().normalize();
    static final Path MAVEN_HOME = Path.of(System.getProperty("bmsw.maven.home", ""));

    @TempDir
    Path work;

    private record Run(int exit, String out, String err, long millis) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Run bmsw(Path product, String... args) throws Exception {
        Path dir = Files.createTempDirectory(work, "run");
        long start = System.nanoTime();
        try (ProductProcess process = ProductProcess.start(product, dir, Map.of("BMSW_CDS", "off"), args)) {
            int exit = process.waitFor(180);
            return new Run(exit, process.stdout(), process.stderr(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    @Test
    void newEditCheckBuildInstallShow() throws Exception {
        assertTrue(Files.isDirectory(WORKBENCH_REPOSITORY.resolve("plugins")), "no workbench repository at " + WORKBENCH_REPOSITORY);
        assertTrue(Files.isExecutable(MAVEN_HOME.resolve("bin/mvn")), "no Maven at " + MAVEN_HOME);
        long start = System.nanoTime();
        Path product = work.resolve("bmsw");
        Process cp = new ProcessBuilder("cp", "-a", ProductProcess.PRODUCT_DIR.toString(), product.toString()).start();
        assertTrue(cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0, "copying the product failed");
        Path kit = work.resolve("acme-kit");

        Run created = bmsw(product, "profile", "new", "--id", "acme.x51", "--out", kit.toString(), "--repository",
                WORKBENCH_REPOSITORY.toUri().toString());
        assertEquals(0, created.exit(), created.toString());
        assertTrue(created.out().startsWith("wrote 15 files to " + kit + ": acme.x51.profiles, acme.x51.feature, acme.x51.site"),
                created.toString());

        // the vendor's edit, first with a mistake: a signal kind the schema does not know
        Path descriptor = kit.resolve("acme.x51.profiles/profiles/x51.xml");
        String written = Files.readString(descriptor, StandardCharsets.UTF_8);
        String pin3 = "<pin number=\"3\" name=\"NC\" signal=\"nc\"/>";
        int line = lineOf(written, pin3);
        assertTrue(line > 0, written);
        Files.writeString(descriptor, written.replace(pin3, pin3.replace("\"nc\"", "\"nope\"")));
        Run broken = bmsw(product, "profile", "check", kit.toString());
        assertEquals(1, broken.exit(), broken.toString());
        assertTrue(broken.out().startsWith(kit + "/acme.x51.profiles/profiles/x51.xml:" + line + ":"), broken.toString());
        assertTrue(broken.out().contains("nope"), broken.toString());
        Files.writeString(descriptor, written.replace("What the battery is: chemistry, cells in series, capacity.",
                "ACME X51: 51.2 V LiFePO4, 16 cells, 100 Ah."));
        Run checked = bmsw(product, "profile", "check", kit.toString());
        assertEquals(0, checked.exit(), checked.toString());
        assertEquals("1 descriptor, 1 valid; 0 problems\n", checked.out());

        long mavenStart = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(MAVEN_HOME.resolve("bin/mvn").toString(), "-B", "-ntp", "-o",
                "clean", "verify"));
        Process maven = new ProcessBuilder(command).directory(kit.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("kit-build.txt").toFile()).start();
        assertTrue(maven.waitFor(600, TimeUnit.SECONDS), "the kit's build did not finish in 10 minutes");
        String log = Files.readString(work.resolve("kit-build.txt"));
        assertEquals(0, maven.exitValue(), log.substring(Math.max(0, log.length() - 6000)));
        long mavenMillis = (System.nanoTime() - mavenStart) / 1_000_000;
        Path site = kit.resolve("acme.x51.site/target/repository");
        assertTrue(Files.isDirectory(site.resolve("plugins")), "no update site at " + site);

        Run install = bmsw(product, "plugins", "install", site.toString(), "--accept-unsigned");
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.out().startsWith("installed acme.x51.feature 1.0.0."), install.toString());
        Run show = bmsw(product, "profile", "show", "acme.x51");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().startsWith("acme.x51: acme x51 (battery, from acme.x51.profiles/profiles/x51.xml)\n"
                + "  ACME X51: 51.2 V LiFePO4, 16 cells, 100 Ah.\n"), show.toString());
        System.out.printf("[kit] round trip %d ms: profile new %d ms, check (broken) %d ms, check %d ms, kit build (mvn -o) "
                + "%d ms, plugins install %d ms, profile show %d ms%n", (System.nanoTime() - start) / 1_000_000,
                created.millis(), broken.millis(), checked.millis(), mavenMillis, install.millis(), show.millis());
    }

    private static int lineOf(String text, String part) {
        int at = text.indexOf(part);
        return at < 0 ? -1 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
