package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedJarTest {

    @TempDir
    Path dir;

    private static final String MANIFEST = "Manifest-Version: 1.0\r\nBundle-SymbolicName: org.example\r\n\r\n"
            + "Name: org/example/A.class\r\nSHA-256-Digest: AAAA\r\n\r\n";

    private Path jar(Map<String, byte[]> entries) throws IOException {
        Path jar = dir.resolve("signed.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return jar;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void copyLeavesOutTheSignatureFilesAndKeepsEveryOtherEntryByteForByteInOrder() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", bytes(MANIFEST));
        entries.put("META-INF/ECLIPSE_.SF", bytes("Signature-Version: 1.0\r\n"));
        entries.put("META-INF/ECLIPSE_.RSA", new byte[] { 0x30, (byte) 0x82, 1, 2 });
        entries.put("META-INF/OTHER.dsa", new byte[] { 1 });
        entries.put("META-INF/KEY.EC", new byte[] { 2 });
        entries.put("META-INF/SIG-NATURE", new byte[] { 3 });
        entries.put("META-INF/services/org.example.Service", bytes("org.example.Impl\n"));
        entries.put("META-INF/maven/org.example/x.SF", bytes("not a signature: not directly in META-INF"));
        entries.put("org/example/A.class", new byte[] { (byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0,
                61 });
        Path target = dir.resolve("unsigned.jar");

        assertEquals(5, UnsignedJar.copy(jar(entries), target));

        List<String> names = new ArrayList<>();
        try (ZipFile copy = new ZipFile(target.toFile())) {
            copy.stream().forEach(entry -> names.add(entry.getName()));
            for (String name : names) {
                assertArrayEquals(entries.get(name), copy.getInputStream(copy.getEntry(name)).readAllBytes(), name);
            }
        }
        assertEquals(List.of("META-INF/MANIFEST.MF", "META-INF/services/org.example.Service",
                "META-INF/maven/org.example/x.SF", "org/example/A.class"), names);
        try (JarFile copy = new JarFile(target.toFile())) {
            assertEquals("org.example", copy.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
        }
        assertFalse(Files.exists(dir.resolve("unsigned.jar.part")), "no temporary file left");
    }

    @Test
    void signatureFilesAreTheSigningFormatsOnesDirectlyInMetaInf() {
        assertTrue(UnsignedJar.isSignatureFile("META-INF/ECLIPSE_.SF"));
        assertTrue(UnsignedJar.isSignatureFile("META-INF/eclipse_.rsa"));
        assertTrue(UnsignedJar.isSignatureFile("META-INF/SIG-X"));
        assertFalse(UnsignedJar.isSignatureFile("META-INF/MANIFEST.MF"));
        assertFalse(UnsignedJar.isSignatureFile("META-INF/sub/A.SF"));
        assertFalse(UnsignedJar.isSignatureFile("org/example/A.RSA"));
    }

    @Test
    void aJarThatCannotBeReadLeavesNoTargetBehind() throws IOException {
        Path notAJar = Files.writeString(dir.resolve("broken.jar"), "PK\u0003\u0004 this is not a zip");
        Path target = dir.resolve("copy.jar");
        assertThrows(IOException.class, () -> UnsignedJar.copy(notAJar, target));
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("copy.jar.part")));
    }
}
