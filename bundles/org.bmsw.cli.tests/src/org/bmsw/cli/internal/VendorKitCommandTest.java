package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.engine.ProfileFiles;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.ProfileRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsw profile new} (the vendor kit), {@code bmsw profile check} on it, and {@code --profile-dir} loading it,
 * without packaging anything.
 */
class VendorKitCommandTest extends CommandLineTest {

    @TempDir
    Path dir;

    private final ProfileRegistry registry = new ProfileRegistry();

    @Override
    protected Services services() {
        return Services.of("0.1.0.test").withProfiles(() -> registry, ProfileFiles.none());
    }

    @Test
    void newKitIsCompleteAndItsDescriptorChecksClean() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Bmsw.EXIT_OK, run("profile", "new", "--id", "acme.x51", "--out", kit.toString()), err());
        assertEquals("wrote 15 files to " + kit + ": acme.x51.profiles, acme.x51.feature, acme.x51.site (see " + kit
                + "/README.md)\n", out());
        for (String file : List.of("pom.xml", ".mvn/maven.config", "README.md", "acme.x51.profiles/META-INF/MANIFEST.MF",
                "acme.x51.profiles/plugin.xml", "acme.x51.profiles/profiles/x51.xml", "acme.x51.profiles/dbc/x51.dbc",
                "acme.x51.feature/feature.xml", "acme.x51.site/category.xml", "acme.x51.site/pom.xml")) {
            assertTrue(Files.isRegularFile(kit.resolve(file)), file);
        }
        assertEquals("-Dtycho.localArtifacts=ignore\n", Files.readString(kit.resolve(".mvn/maven.config")));
        assertTrue(Files.readString(kit.resolve("pom.xml")).contains("<url>${bmsw.repository}</url>"));
        assertEquals(Bmsw.EXIT_OK, run("profile", "check", kit.toString()), out() + err());
        assertEquals("1 descriptor, 1 valid; 0 problems\n", out());
    }

    @Test
    void registerMapKitChecksCleanAndABrokenMapIsReportedAtItsLine() throws Exception {
        Path kit = dir.resolve("kit");
        assertEquals(Bmsw.EXIT_OK, run("profile", "new", "--id", "acme.r9", "--out", kit.toString(), "--register-map"));
        assertEquals(Bmsw.EXIT_OK, run("profile", "check", kit.toString()), out() + err());
        Path map = kit.resolve("acme.r9.profiles/maps/r9.json");
        Files.writeString(map, Files.readString(map).replace("\"type\": \"s16\"", "\"type\": \"s17\""));
        assertEquals(Bmsw.EXIT_FAILED, run("profile", "check", kit.toString()));
        assertTrue(out().startsWith(kit + "/acme.r9.profiles/maps/r9.json:3:1: registers[1]"), out());
        assertTrue(out().endsWith("1 descriptor, 0 valid; 1 problem\n"), out());
    }

    @Test
    void profileDirLoadsTheKitBesideTheInstalledProfiles() throws Exception {
        Path kit = dir.resolve("kit");
        run("profile", "new", "--id", "acme.x51", "--out", kit.toString());
        assertEquals(Bmsw.EXIT_OK, run("profile", "show", "acme.x51", "--profile-dir", kit.toString()), err());
        assertTrue(out().startsWith("acme.x51: acme x51 (battery, from " + kit + "/acme.x51.profiles/profiles/x51.xml)\n"),
                out());
        assertEquals(List.of("acme.x51"), registry.all().stream().map(DeviceProfile::id).toList());
    }

    @Test
    void badIdOrUsedFolderIsRefused() throws Exception {
        assertEquals(Bmsw.EXIT_USAGE, run("profile", "new", "--id", "Model", "--out", dir.resolve("a").toString()));
        assertTrue(err().startsWith("bmsw profile new: --id 'Model' is not a profile id like yourcompany.model"), err());
        Files.writeString(dir.resolve("taken.txt"), "x");
        assertEquals(Bmsw.EXIT_FAILED, run("profile", "new", "--id", "acme.x", "--out", dir.toString()));
        assertEquals("bmsw profile new: " + dir + " is not empty: give a new folder\n", err());
        assertEquals(Bmsw.EXIT_FAILED, run("profile", "check", dir.resolve("missing").toString()));
        assertEquals("bmsw profile check: " + dir.resolve("missing") + ": no such file or folder\n", err());
    }
}
