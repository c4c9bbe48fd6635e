package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A copy of a jar without its signature files, for the start script's command-line configuration:
 * {@code java -cp org.bmsw.cli_VERSION.jar org.bmsw.cli.internal.UnsignedJar SOURCE TARGET [SOURCE TARGET]...}.
 * <p>
 * The JVM checks every class of a signed jar against its signature as it loads it, and never keeps classes of a
 * signed jar in a class-data archive, so the framework's jar (loaded by the launcher, not by OSGi) is parsed and
 * verified again at every start. Equinox does not check signatures at all. The copy lives in the user's folder
 * beside the configuration it serves; the installation is not touched. Plain Java only: it runs before any
 * framework.
 */
public final class UnsignedJar {

    private UnsignedJar() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: UnsignedJar SOURCE.jar TARGET.jar [SOURCE.jar TARGET.jar]...");
            System.exit(2);
        }
        for (int i = 0; i < args.length; i += 2) {
            try {
                copy(Path.of(args[i]), Path.of(args[i + 1]));
            } catch (IOException | RuntimeException e) {
                System.err.println("UnsignedJar: " + args[i] + ": " + e);
                System.exit(1);
            }
        }
    }

    /**
     * Copies {@code source} to {@code target} entry by entry (bytes, times and order kept), leaving out the
     * signature files: {@code META-INF/*.SF}, {@code .RSA}, {@code .DSA}, {@code .EC} and {@code SIG-*}. The
     * manifest's digests stay; without a signature file nothing reads them. Written under a temporary name and
     * moved into place when complete.
     *
     * @return the number of signature files left out
     */
    public static int copy(Path source, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        int dropped = 0;
        // ZipFile, not ZipInputStream: it reads the central directory, so a damaged jar fails instead of copying short
        try (ZipFile zip = new ZipFile(source.toFile());
                OutputStream out = Files.newOutputStream(part);
                ZipOutputStream copy = new ZipOutputStream(out)) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (isSignatureFile(entry.getName())) {
                    dropped++;
                    continue;
                }
                ZipEntry written = new ZipEntry(entry.getName());
                written.setTime(entry.getTime());
                if (entry.getComment() != null) {
                    written.setComment(entry.getComment());
                }
                if (entry.getExtra() != null) {
                    written.setExtra(entry.getExtra());
                }
                copy.putNextEntry(written);
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(copy);
                }
                copy.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dropped;
    }

    /** A signature file of the jar signing format: directly in META-INF, by its ending or SIG- prefix. */
    static boolean isSignatureFile(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = name.substring("META-INF/".length()).toUpperCase(Locale.ROOT);
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
