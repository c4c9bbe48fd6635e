package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The rules of the house, checked on the bundles the product really ships: nothing below the UI touches SWT,
 * JFace or the workbench, and vendors see only API packages (every {@code .internal} export is x-internal).
 */
class BundleRulesTest {

    private static final List<String> UI_PREFIXES = List.of("org.eclipse.swt", "org.eclipse.jface", "org.eclipse.ui",
            "org.eclipse.e4.ui");

    private static List<Path> ourBundles() throws IOException {
        try (Stream<Path> plugins = Files.list(ProductProcess.PRODUCT_DIR.resolve("plugins"))) {
            return plugins.filter(p -> p.getFileName().toString().startsWith("org.bmsw.")).sorted().toList();
        }
    }

    private static Attributes manifest(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            return jar.getManifest().getMainAttributes();
        }
    }

    private static boolean hasClasses(Path bundle) throws IOException {
        try (JarFile jar = new JarFile(bundle.toFile())) {
            return jar.stream().anyMatch(entry -> entry.getName().endsWith(".class"));
        }
    }

    private static boolean isUiBundle(Attributes manifest) {
        String name = manifest.getValue("Bundle-SymbolicName").split(";")[0];
        return name.equals("org.bmsw.ui") || name.startsWith("org.bmsw.ui.");
    }

    @Test
    void productShipsTheCoreTheCommandLineAndTheWorkbench() throws IOException {
        List<String> names = new ArrayList<>();
        for (Path bundle : ourBundles()) {
            names.add(manifest(bundle).getValue("Bundle-SymbolicName").split(";")[0]);
        }
        assertTrue(names.containsAll(List.of("org.bmsw.core", "org.bmsw.cli", "org.bmsw.ui")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.endsWith(".tests") || n.equals("org.bmsw.testdata")),
                "test bundles in the product: " + names);
    }

    @Test
    void nothingBelowTheUiImportsSwtJFaceOrTheWorkbench() throws IOException {
        for (Path bundle : ourBundles()) {
            Attributes manifest = manifest(bundle);
            if (isUiBundle(manifest)) {
                continue;
            }
            for (String header : List.of("Import-Package", "Require-Bundle")) {
                for (String clause : clauses(manifest.getValue(header))) {
                    String name = clause.split(";")[0].trim();
                    assertFalse(UI_PREFIXES.stream().anyMatch(name::startsWith),
                            bundle.getFileName() + " " + header + " " + name + ": only org.bmsw.ui* may use the UI");
                }
            }
        }
    }

    @Test
    void internalPackagesAreHiddenFromVendors() throws IOException {
        for (Path bundle : ourBundles()) {
            Attributes manifest = manifest(bundle);
            // Tycho turns Bundle-RequiredExecutionEnvironment into this capability; data-only bundles have none
            if (hasClasses(bundle)) {
                assertTrue(String.valueOf(manifest.getValue("Require-Capability")).contains("(osgi.ee=JavaSE)(version=17)"),
                        bundle.getFileName() + " must run on Java 17");
            }
            for (String clause : clauses(manifest.getValue("Export-Package"))) {
                if (clause.split(";")[0].contains(".internal")) {
                    assertTrue(clause.replace(" ", "").contains("x-internal:=true"),
                            bundle.getFileName() + " exports " + clause + " without x-internal:=true");
                }
            }
        }
    }

    /** Splits a manifest header at the commas between clauses, not those inside quoted version ranges. */
    static List<String> clauses(String header) {
        List<String> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        StringBuilder clause = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                clauses.add(clause.toString().trim());
                clause.setLength(0);
            } else {
                clause.append(c);
            }
        }
        clauses.add(clause.toString().trim());
        return clauses;
    }
}
