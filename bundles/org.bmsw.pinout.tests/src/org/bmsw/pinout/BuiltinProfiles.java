package org.bmsw.pinout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;

/** The built-in profiles: from the extension registry inside OSGi, else from the source tree (quick-test). */
final class BuiltinProfiles {

    private static ProfileRegistry registry;

    private BuiltinProfiles() {
    }

    static synchronized ProfileRegistry registry() {
        if (registry == null) {
            registry = inOsgi() ? ProfileRegistry.getDefault() : fromSourceTree();
        }
        return registry;
    }

    static PortRef port(String reference) {
        return PortRef.parse(reference, registry());
    }

    private static boolean inOsgi() {
        try {
            return org.osgi.framework.FrameworkUtil.getBundle(BuiltinProfiles.class) != null;
        } catch (LinkageError e) {
            return false;
        }
    }

    private static ProfileRegistry fromSourceTree() {
        ProfileRegistry registry = new ProfileRegistry();
        Path directory = Path.of("bundles/org.bmsw.profiles.builtin/profiles");
        try (Stream<Path> files = Files.list(directory)) {
            files.sorted().forEach(file -> registry.add(new ProfileSource(
                    new ProfileOrigin("org.bmsw.profiles.builtin", "profiles/" + file.getFileName()),
                    () -> Files.newInputStream(file), ProfileSource.FileLookup.none())));
        } catch (IOException e) {
            throw new UncheckedIOException("run quick-test from the repository root", e);
        }
        return registry;
    }
}
