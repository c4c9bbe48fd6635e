package org.bmsw.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Profiles read straight from a folder, without packaging them as a plugin: a vendor's project while it is being
 * written ({@code bmsw profile check}, {@code --profile-dir}, the window's profile folders). Every {@code .xml} file
 * under the folder in the descriptor namespace {@code urn:bmsw:profile:1} is a descriptor; the DBC files and
 * register maps it names are looked up from its plugin's root (the nearest folder above it with a
 * {@code plugin.xml} or {@code META-INF/MANIFEST.MF}, else the folder given), as in an installed plugin.
 * Problems name the file on disk: {@code DIR/profiles/x.xml:4:5: reason}.
 */
public final class ProfileFolder {

    /** What marks a descriptor among other XML files (plugin.xml, feature.xml, pom.xml). */
    static final String NAMESPACE = "urn:bmsw:profile:1";

    private ProfileFolder() {
    }

    /** The descriptors under {@code folder} (or {@code folder} itself when it is a descriptor file), sorted by path. */
    public static List<ProfileSource> sources(Path folder) throws IOException {
        List<Path> descriptors = new ArrayList<>();
        if (Files.isRegularFile(folder)) {
            descriptors.add(folder);
        } else {
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".xml"))
                        .filter(f -> !f.toString().contains("/target/")).filter(ProfileFolder::isDescriptor).sorted()
                        .forEach(descriptors::add);
            }
        }
        // problems show paths as the folder was given (relative stays relative), so editors can open file:line:column
        Path given = Files.isRegularFile(folder) ? Optional.ofNullable(folder.getParent()).orElse(Path.of("")) : folder;
        Path top = given.toAbsolutePath().normalize();
        List<ProfileSource> sources = new ArrayList<>();
        for (Path descriptor : descriptors) {
            Path file = descriptor.toAbsolutePath().normalize();
            Path root = pluginRoot(file.getParent(), top);
            String shownRoot = given.resolve(top.relativize(root)).toString();
            ProfileOrigin origin = new ProfileOrigin(shownRoot.isEmpty() ? "." : shownRoot, root.relativize(file).toString());
            sources.add(new ProfileSource(origin, () -> Files.newInputStream(file), path -> lookup(root, path)));
        }
        return sources;
    }

    /**
     * Loads the folder's descriptors into {@code registry}, in place of what an earlier load of the same folder
     * brought (a folder being edited is loaded again); the problems of every descriptor that was kept out, or of the
     * folder itself when it cannot be read. The registry's other profiles stay as they are.
     */
    public static List<ProfileProblem> loadInto(ProfileRegistry registry, Path folder) {
        List<ProfileSource> sources;
        try {
            sources = sources(folder);
        } catch (IOException | RuntimeException e) {
            ProfileProblem problem = new ProfileProblem(new ProfileOrigin(folder.toString(), ""), 0, 0,
                    "cannot read the profile folder: " + e.getMessage());
            return registry.replace(setName(folder), List.of(), List.of(problem));
        }
        return registry.replace(setName(folder), sources, List.of());
    }

    /** Removes what {@link #loadInto} loaded from {@code folder}; false when nothing was. */
    public static boolean unload(ProfileRegistry registry, Path folder) {
        return registry.remove(setName(folder));
    }

    /** The registry's name for a folder's profiles: one folder is one set however it was spelled. */
    static String setName(Path folder) {
        return "folder:" + folder.toAbsolutePath().normalize();
    }

    private static boolean isDescriptor(Path file) {
        byte[] head = new byte[1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            return new String(head, 0, read, StandardCharsets.UTF_8).contains(NAMESPACE);
        } catch (IOException e) {
            return true; // unreadable: let the reader report it with its name
        }
    }

    private static Path pluginRoot(Path from, Path top) {
        for (Path dir = from; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("plugin.xml")) || Files.isRegularFile(dir.resolve("META-INF/MANIFEST.MF"))) {
                return dir;
            }
        }
        return top;
    }

    private static Optional<ProfileSource.Opener> lookup(Path root, String path) {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(() -> Files.newInputStream(file));
    }
}
