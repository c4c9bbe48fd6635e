package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsw plugins} in a copy of the built product, as an integrator uses it, no Maven involved: the example
 * vendor's update site (releng/com.example.bmsw.site, built before this module) installed from its folder and from
 * its zip, listed, used by {@code bmsw profile show}, uninstalled; unsigned content named and refused without
 * {@code --accept-unsigned}; a site whose plugin carries one broken descriptor installs and the broken one is
 * reported with its file and line while the good one works.
 */
class PluginsCommandProductTest {

    static final Path EXAMPLE_SITE = Path.of(System.getProperty("bmsw.example.site.dir", "")).toAbsolutePath().normalize();
    static final String FEATURE = "com.example.bmsw.feature";

    @TempDir
    Path work;

    /** A fresh copy of the built product to install into (installs change the installation). */
    private Path productCopy() throws Exception {
        Path copy = work.resolve("bmsw");
        Process cp = new ProcessBuilder("cp", "-a", ProductProcess.PRODUCT_DIR.toString(), copy.toString()).inheritIO().start();
        assertTrue(cp.waitFor(60, TimeUnit.SECONDS) && cp.exitValue() == 0, "copying the product failed");
        return copy;
    }

    private record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The states of the installation's p2 profile (one file each), which the Installation History lists. */
    static int profileStates(Path product) throws IOException {
        try (Stream<Path> files = Files.walk(product.resolve("p2/org.eclipse.equinox.p2.engine/profileRegistry"))) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".profile.gz")).count();
        }
    }

    private Run bmsw(Path product, String... args) throws Exception {
        Path dir = Files.createTempDirectory(work, "run");
        try (ProductProcess process = ProductProcess.start(product, dir, Map.of("BMSW_CDS", "off"), args)) {
            int exit = process.waitFor(180);
            return new Run(exit, process.stdout(), process.stderr());
        }
    }

    @Test
    void installListShowUninstallFromTheSiteFolder() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE_SITE.resolve("content.jar")) || Files.isRegularFile(EXAMPLE_SITE.resolve("content.xml.xz")),
                "no example update site at " + EXAMPLE_SITE);
        Path product = productCopy();
        int states = profileStates(product);
        long start = System.nanoTime();
        Run install = bmsw(product, "plugins", "install", EXAMPLE_SITE.toString(), "--accept-unsigned");
        System.out.printf("[product] bmsw plugins install (example site) took %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.out().matches("(?s)installed com\\.example\\.bmsw\\.feature 1\\.0\\.0\\.\\d{12} \\(Example Energy "
                + "batteries for BMS Workbench, Example Energy\\)\n"), install.toString());
        assertTrue(install.err().contains("bmsw plugins: unsigned: ") && install.err().contains("com.example.bmsw.profiles"),
                "the unsigned plugin is named:\n" + install);
        // new states of the installation's p2 profile (p2 writes one before and one after the configuration):
        // what Help > Installation Details > Installation History lists, and reverts to the state before them
        int installed = profileStates(product);
        assertTrue(installed > states, "the install is not a state of the installation's profile");

        Run list = bmsw(product, "plugins", "list");
        assertEquals(0, list.exit(), list.toString());
        List<String> lines = list.out().lines().toList();
        assertTrue(lines.get(0).startsWith("org.bmsw.product 0.1.0."), list.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(FEATURE + " 1.0.0.")), list.toString());

        Run sites = bmsw(product, "plugins", "sites");
        assertEquals(0, sites.exit(), sites.toString());
        assertTrue(sites.out().contains(EXAMPLE_SITE.toUri().toString().replaceAll("/$", "")), sites.toString());

        Run show = bmsw(product, "profile", "show", "example.x48-100");
        assertEquals(0, show.exit(), show.toString());
        assertTrue(show.out().startsWith("example.x48-100: Example Energy X48-100 (battery, from "
                + "com.example.bmsw.profiles/profiles/example-x48.xml)\n"), show.toString());
        assertTrue(show.out().contains("  port BMS bus CAN: can at 500000 bit/s, dbc dbc/example-x48.dbc, sender"), show.toString());

        Run uninstall = bmsw(product, "plugins", "uninstall", FEATURE);
        assertEquals(0, uninstall.exit(), uninstall.toString());
        assertTrue(uninstall.out().startsWith("uninstalled " + FEATURE + " 1.0.0."), uninstall.toString());
        assertTrue(profileStates(product) > installed, "the uninstall is not a state of the installation's profile");
        Run gone = bmsw(product, "profile", "show", "example.x48-100");
        assertEquals(1, gone.exit(), gone.toString());
        assertTrue(gone.err().startsWith("bmsw profile: no profile 'example.x48-100'"), gone.toString());
        // no longer started (p2 deletes the jar itself later, when it collects garbage)
        assertFalse(Files.readString(product.resolve("configuration/org.eclipse.equinox.simpleconfigurator/bundles.info"))
                .contains("com.example.bmsw.profiles"), "still in bundles.info after uninstall");
    }

    @Test
    void unsignedContentIsNamedAndNotInstalledWithoutAcceptUnsigned() throws Exception {
        Path product = productCopy();
        Run install = bmsw(product, "plugins", "install", EXAMPLE_SITE.toString(), FEATURE);
        assertEquals(1, install.exit(), install.toString());
        assertTrue(install.err().contains("unsigned: ") && install.err().contains("com.example.bmsw.profiles"), install.toString());
        assertTrue(install.err().contains("--accept-unsigned"), install.toString());
        Run profiles = bmsw(product, "profiles");
        assertFalse(profiles.out().contains("example.x48-100"), "nothing installed:\n" + profiles);
    }

    @Test
    void zippedSiteWithTheFeatureNamedInstalls() throws Exception {
        Path product = productCopy();
        Path zip = work.resolve("example-site.zip");
        zipFolder(EXAMPLE_SITE, zip);
        Run install = bmsw(product, "plugins", "install", zip.toString(), FEATURE, "--accept-unsigned");
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.out().startsWith("installed " + FEATURE + " 1.0.0."), install.toString());
        assertEquals(0, bmsw(product, "profile", "show", "example.x48-100").exit());
    }

    @Test
    void wrongSiteOrFeatureIsReportedByName() throws Exception {
        Path product = productCopy();
        Run noSite = bmsw(product, "plugins", "install", work.resolve("nowhere").toString());
        assertEquals(1, noSite.exit(), noSite.toString());
        assertTrue(noSite.err().startsWith("bmsw plugins install: no update site at "), noSite.toString());
        Run noFeature = bmsw(product, "plugins", "install", EXAMPLE_SITE.toString(), "com.example.nothing");
        assertEquals(1, noFeature.exit(), noFeature.toString());
        assertTrue(noFeature.err().contains("has no feature 'com.example.nothing'; it offers: " + FEATURE), noFeature.toString());
        Run notInstalled = bmsw(product, "plugins", "uninstall", FEATURE);
        assertEquals(1, notInstalled.exit(), notInstalled.toString());
        assertTrue(notInstalled.err().startsWith("bmsw plugins uninstall: no installed feature '" + FEATURE + "'"),
                notInstalled.toString());
    }

    @Test
    void siteWithOneBrokenDescriptorInstallsAndReportsIt() throws Exception {
        Path product = productCopy();
        Path site = mixedSite(product);
        Run install = bmsw(product, "plugins", "install", site.toString(), "--accept-unsigned");
        assertEquals(0, install.exit(), install.toString());
        assertTrue(install.out().startsWith("installed com.example.mixed.feature 1.0.0 "), install.toString());
        Run profiles = bmsw(product, "profiles");
        assertEquals(0, profiles.exit(), profiles.toString());
        assertTrue(profiles.out().contains("example.x48-100"), "the good descriptor is loaded:\n" + profiles);
        assertTrue(profiles.out().contains("Skipped contributions:\n  com.example.mixed/profiles/broken.xml:4:"),
                "the broken one is named with its line:\n" + profiles);
    }

    /**
     * An update site made here with the product's own p2 publisher: a plugin {@code com.example.mixed} holding the
     * example's good descriptor with its DBC and register map plus a broken descriptor, in a feature {@code com.example.mixed.feature}.
     */
    private Path mixedSite(Path product) throws Exception {
        Path source = work.resolve("mixed-source");
        Files.createDirectories(source.resolve("plugins"));
        Files.createDirectories(source.resolve("features"));
        Path exampleJar;
        try (Stream<Path> jars = Files.list(EXAMPLE_SITE.resolve("plugins"))) {
            exampleJar = jars.filter(p -> p.getFileName().toString().startsWith("com.example.bmsw.profiles_")).findFirst()
                    .orElseThrow();
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "com.example.mixed;singleton:=true");
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Name", "Example profiles, one of them broken");
        main.putValue("Require-Bundle", "org.bmsw.profiles;bundle-version=\"[0.1.0,1.0.0)\"");
        try (JarFile example = new JarFile(exampleJar.toFile());
                JarOutputStream jar = new JarOutputStream(Files.newOutputStream(source.resolve("plugins/com.example.mixed_1.0.0.jar")), manifest)) {
            for (JarEntry entry : example.stream().toList()) {
                String name = entry.getName();
                if (name.startsWith("profiles/") || name.startsWith("dbc/") || name.startsWith("maps/")) {
                    jar.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = example.getInputStream(entry)) {
                        in.transferTo(jar);
                    }
                }
            }
            put(jar, "plugin.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <?eclipse version="3.4"?>
                    <plugin>
                       <extension point="org.bmsw.profiles.profiles">
                          <battery descriptor="profiles/example-x48.xml"/>
                          <battery descriptor="profiles/broken.xml"/>
                       </extension>
                    </plugin>
                    """);
            // line 4 closes an element that is not open
            put(jar, "profiles/broken.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <battery xmlns="urn:bmsw:profile:1" id="example.broken" vendor="Example Energy" model="Broken">
                      <description>an end tag below that matches nothing</description>
                      </limits>
                    </battery>
                    """);
        }
        Manifest empty = new Manifest();
        empty.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(source.resolve("features/com.example.mixed.feature_1.0.0.jar")), empty)) {
            put(jar, "feature.xml", """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <feature id="com.example.mixed.feature" label="Example mixed profiles" version="1.0.0" provider-name="Example Energy">
                       <plugin id="com.example.mixed" version="1.0.0"/>
                    </feature>
                    """);
        }
        Path site = work.resolve("mixed-site");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-jar", launcher(product).toString(), "-nosplash",
                "-application", "org.eclipse.equinox.p2.publisher.FeaturesAndBundlesPublisher",
                "-configuration", work.resolve("publisher-configuration").toUri().toString(),
                "-metadataRepository", site.toUri().toString(), "-artifactRepository", site.toUri().toString(),
                "-source", source.toString(), "-publishArtifacts"));
        Process publish = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("publisher.txt").toFile()).start();
        assertTrue(publish.waitFor(120, TimeUnit.SECONDS), "the publisher did not finish");
        assertEquals(0, publish.exitValue(), Files.readString(work.resolve("publisher.txt")));
        return site;
    }

    private static void put(JarOutputStream jar, String name, String text) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(text.getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path launcher(Path product) throws IOException {
        try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
                    .findFirst().orElseThrow();
        }
    }

    static void zipFolder(Path folder, Path zip) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
