package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example vendor plugin, installed by the p2 director from its update site (releng/com.example.bmsw.site) into
 * a copy of the product during this module's build, shows up in the installed product's profile list.
 */
class VendorPluginInstallTest {

    private static final Path VENDOR_PRODUCT = Path.of(System.getProperty("bmsw.vendor.product.dir", ""));

    @TempDir
    Path workDir;

    @Test
    void installedProductListsTheVendorsBattery() throws Exception {
        assertTrue(Files.isDirectory(VENDOR_PRODUCT.resolve("plugins")), "no product with the vendor plugin at " + VENDOR_PRODUCT);
        try (ProductProcess process = ProductProcess.start(VENDOR_PRODUCT, workDir, Map.of(), "profile", "show",
                "example.x48-100")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            String shown = process.stdout();
            assertTrue(shown.startsWith("example.x48-100: Example Energy X48-100 (battery, from "
                    + "com.example.bmsw.profiles/profiles/example-x48.xml)\n"), shown);
            assertTrue(shown.contains("  port BMS bus CAN: can at 500000 bit/s, dbc dbc/example-x48.dbc, sender"), shown);
        }
    }

    @Test
    void productWithoutThePluginDoesNotKnowTheVendor() throws Exception {
        try (ProductProcess process = ProductProcess.start(workDir, Map.of(), "profiles")) {
            assertEquals(0, process.waitFor(60), process.stderr());
            assertFalse(process.stdout().contains("example.x48-100"), process.stdout());
            assertTrue(process.stdout().contains("seed.lv-battery"), process.stdout());
        }
    }
}
