package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Layering of the bundles the product really ships: a bundle reaches another bundle only through its API
 * packages, never its {@code internal} ones (by Import-Package, or by Require-Bundle and a class that refers to
 * one), and every API package is exported with a version, so a vendor's plugin can state the range it needs.
 */
class PackageLayeringTest {

    private static final Path PLUGINS = ProductProcess.PRODUCT_DIR.resolve("plugins");

    /**
     * What breaks the layering among {@code bundles}, one line each naming the bundle, the package and the bundle
     * it is internal to; only {@code org.bmsw.*} bundles are checked as importers, any bundle counts as exporter.
     */
    static List<String> internalPackageUses(List<PluginBundle> bundles) throws IOException {
        Map<String, PluginBundle> bySymbolicName = new HashMap<>();
        Map<String, List<String>> internalExporters = new TreeMap<>(); // package -> bundles exporting it internally
        for (PluginBundle bundle : bundles) {
            bySymbolicName.put(bundle.symbolicName(), bundle);
            for (String internal : bundle.internalExports()) {
                internalExporters.computeIfAbsent(internal, p -> new ArrayList<>()).add(bundle.symbolicName());
            }
        }
        List<String> violations = new ArrayList<>();
        for (PluginBundle bundle : bundles) {
            if (!bundle.symbolicName().startsWith("org.bmsw.")) {
                continue;
            }
            Set<String> ownExports = bundle.exportedPackages();
            for (String clause : bundle.clauses("Import-Package")) {
                String pkg = PluginBundle.nameOf(clause);
                if (ownExports.contains(pkg)) {
                    continue; // a bundle may import what it exports itself
                }
                List<String> exporters = internalExporters.get(pkg);
                if (exporters != null || PluginBundle.isInternalName(pkg)) {
                    violations.add(bundle.symbolicName() + " imports " + pkg + " (Import-Package), internal to "
                            + (exporters == null ? "another bundle" : String.join(", ", exporters)));
                }
            }
            Map<String, String> referenced = null;
            for (String clause : bundle.clauses("Require-Bundle")) {
                for (PluginBundle required : withReexports(PluginBundle.nameOf(clause), bySymbolicName)) {
                    Set<String> hidden = required.internalExports();
                    if (hidden.isEmpty()) {
                        continue;
                    }
                    if (referenced == null) {
                        referenced = bundle.referencedPackages();
                        referenced.keySet().removeAll(bundle.ownPackages());
                    }
                    for (String pkg : hidden) {
                        if (referenced.containsKey(pkg)) {
                            violations.add(bundle.symbolicName() + " uses " + pkg + " (Require-Bundle "
                                    + PluginBundle.nameOf(clause) + ", in " + referenced.get(pkg)
                                    + "), internal to " + required.symbolicName());
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** The bundle named {@code name} and those it re-exports, transitively; empty when the product lacks it. */
    private static Set<PluginBundle> withReexports(String name, Map<String, PluginBundle> bySymbolicName) {
        Set<PluginBundle> reached = new LinkedHashSet<>();
        List<String> pending = new ArrayList<>(List.of(name));
        while (!pending.isEmpty()) {
            PluginBundle bundle = bySymbolicName.get(pending.remove(pending.size() - 1));
            if (bundle != null && reached.add(bundle)) {
                pending.addAll(bundle.reexportedBundles());
            }
        }
        return reached;
    }

    /** Every API export of an {@code org.bmsw.*} bundle without a version, naming bundle and package. */
    static List<String> unversionedApiExports(List<PluginBundle> bundles) {
        List<String> violations = new ArrayList<>();
        for (PluginBundle bundle : bundles) {
            if (!bundle.symbolicName().startsWith("org.bmsw.")) {
                continue;
            }
            for (String clause : bundle.clauses("Export-Package")) {
                String pkg = PluginBundle.nameOf(clause);
                boolean api = !PluginBundle.isInternalName(pkg) && !PluginBundle.hidesExport(clause);
                if (api && !clause.replace(" ", "").matches(".*;version=\"?\\d.*")) {
                    violations.add(bundle.symbolicName() + " exports " + pkg + " without a version");
                }
            }
        }
        return violations;
    }

    @Test
    void noBundleOfTheProductUsesAnotherBundlesInternalPackage() throws IOException {
        List<PluginBundle> bundles = PluginBundle.all(PLUGINS);
        assertTrue(bundles.stream().anyMatch(b -> b.symbolicName().equals("org.bmsw.sim")),
                "no org.bmsw.sim in " + PLUGINS + ": run the whole reactor (./bmsw test)");
        List<String> violations = internalPackageUses(bundles);
        assertEquals(List.of(), violations, "use the API (or SPI) packages instead:\n" + String.join("\n", violations));
    }

    @Test
    void everyApiPackageOfTheProductIsExportedWithAVersion() throws IOException {
        List<PluginBundle> bundles = PluginBundle.all(PLUGINS);
        List<String> violations = unversionedApiExports(bundles);
        assertEquals(List.of(), violations, String.join("\n", violations));
        PluginBundle transport = bundles.stream().filter(b -> b.symbolicName().equals("org.bmsw.transport"))
                .findFirst().orElseThrow();
        assertTrue(transport.clauses("Export-Package").stream()
                .anyMatch(c -> c.replace(" ", "").equals("org.bmsw.transport.spi;version=\"0.1.0\"")),
                "the transport SPI is API: " + transport.clauses("Export-Package"));
    }

    /** The checks themselves, on bundles made for the purpose: they catch what they are meant to catch. */
    @Test
    void theChecksNameTheBundleAndThePackage(@TempDir Path plugins) throws IOException {
        writeBundle(plugins, "org.bmsw.transport", Map.of("Export-Package",
                "org.bmsw.transport;version=\"0.1.0\",org.bmsw.transport.internal;x-internal:=true,"
                        + "org.bmsw.transport.hidden;x-friends:=\"org.bmsw.cli\",org.bmsw.transport.spi"));
        writeBundle(plugins, "org.bmsw.sim", Map.of("Import-Package",
                "org.bmsw.transport;version=\"[0.1.0,1.0.0)\",org.bmsw.transport.internal,org.bmsw.transport.hidden"));
        writeBundle(plugins, "org.bmsw.cli", Map.of("Import-Package", "org.eclipse.ui.internal.misc",
                "Export-Package", "org.bmsw.cli.internal;x-internal:=true", "Require-Bundle", "org.bmsw.transport"));
        List<PluginBundle> bundles = PluginBundle.all(plugins);
        assertEquals(List.of("org.bmsw.cli imports org.eclipse.ui.internal.misc (Import-Package), internal to another bundle",
                "org.bmsw.sim imports org.bmsw.transport.internal (Import-Package), internal to org.bmsw.transport",
                "org.bmsw.sim imports org.bmsw.transport.hidden (Import-Package), internal to org.bmsw.transport"),
                internalPackageUses(bundles));
        assertEquals(List.of("org.bmsw.transport exports org.bmsw.transport.spi without a version"),
                unversionedApiExports(bundles));
    }

    /** The Require-Bundle path: a class that names a type of the required bundle's internal package is found. */
    @Test
    void aClassReachingAnInternalPackageThroughRequireBundleIsFound(@TempDir Path plugins) throws IOException {
        writeBundle(plugins, "org.bmsw.profiles",
                Map.of("Export-Package", "org.bmsw.profiles;version=\"0.1.0\",org.bmsw.profiles.internal;x-internal:=true"));
        Path requiring = writeBundle(plugins, "org.bmsw.profiles.builtin", Map.of("Require-Bundle", "org.bmsw.profiles"));
        // this very class file refers to java.util.* and org.junit.*; give it an internal name to find instead
        byte[] classFile;
        try (var in = PackageLayeringTest.class.getResourceAsStream("PackageLayeringTest.class")) {
            classFile = in.readAllBytes();
        }
        addEntry(requiring, "org/bmsw/profiles/builtin/Uses.class",
                replaceAscii(classFile, "org/junit/jupiter/api/io/TempDir", "org/bmsw/profiles/internal/Regis"));
        List<String> violations = internalPackageUses(PluginBundle.all(plugins));
        assertEquals(1, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("org.bmsw.profiles.builtin uses org.bmsw.profiles.internal "
                + "(Require-Bundle org.bmsw.profiles, in org.bmsw.profiles.builtin.Uses)"), violations.get(0));
    }

    private static Path writeBundle(Path plugins, String name, Map<String, String> headers) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-SymbolicName", name + ";singleton:=true");
        headers.forEach(main::putValue);
        Path jar = plugins.resolve(name + "_0.1.0.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is all
        }
        return jar;
    }

    private static void addEntry(Path jar, String entry, byte[] content) throws IOException {
        try (var fs = java.nio.file.FileSystems.newFileSystem(jar)) {
            Path target = fs.getPath(entry);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
        }
    }

    /** Replaces an ASCII text by another of the same length, so the class file's structure is unchanged. */
    private static byte[] replaceAscii(byte[] data, String from, String to) {
        assertEquals(from.length(), to.length());
        byte[] needle = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] result = data.clone();
        int replaced = 0;
        for (int i = 0; i + needle.length <= result.length; i++) {
            if (java.util.Arrays.equals(result, i, i + needle.length, needle, 0, needle.length)) {
                System.arraycopy(to.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, result, i, needle.length);
                replaced++;
            }
        }
        assertTrue(replaced > 0, from + " not in the class file");
        return result;
    }
}
