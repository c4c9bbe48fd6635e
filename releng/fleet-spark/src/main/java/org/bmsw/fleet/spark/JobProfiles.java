package org.bmsw.fleet.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.engine.ProfileFiles;
import org.bmsw.profiles.ProfileFolder;
import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.protocol.DecoderRegistry;

/**
 * The profiles of a job without OSGi: the built-in ones, whose descriptors the job jar carries as the
 * {@code org.bmsw.profiles.builtin} plugin contributes them (its {@code plugin.xml} names them), and those of
 * {@code --profile-dir} folders read as {@code bmsw --profile-dir} reads them. A profile's DBC files and register
 * maps are read from its folder.
 */
final class JobProfiles {

    /** Where the job jar carries the built-in plugin's {@code plugin.xml} and descriptors. */
    static final String BUILTIN = "builtin-profiles/";
    static final String BUILTIN_CONTRIBUTOR = "org.bmsw.profiles.builtin";
    private static final Pattern DESCRIPTOR = Pattern.compile("descriptor=\"([^\"]+)\"");

    private JobProfiles() {
    }

    /**
     * A registry with the built-in profiles and those of {@code folders}; each profile kept out goes to
     * {@code problems} ({@code file:line:column: reason}) and the others are kept, as {@code bmsw --profile-dir}
     * does.
     */
    static ProfileRegistry registry(DecoderRegistry decoders, List<Path> folders, Consumer<String> problems) {
        ProfileRegistry registry = new ProfileRegistry(decoders);
        List<ProfileProblem> found = new ArrayList<>();
        for (String descriptor : builtinDescriptors()) {
            found.addAll(registry.add(new ProfileSource(new ProfileOrigin(BUILTIN_CONTRIBUTOR, descriptor),
                    () -> open(BUILTIN + descriptor), ProfileSource.FileLookup.none())));
        }
        for (Path folder : folders) {
            found.addAll(ProfileFolder.loadInto(registry, folder));
        }
        found.forEach(problem -> problems.accept(problem.toString()));
        return registry;
    }

    /** A profile's files: inside its folder (a {@code --profile-dir} contribution is named by its folder). */
    static ProfileFiles files() {
        return (contributor, path) -> {
            Path folder = Path.of(contributor);
            if (!Files.isDirectory(folder)) {
                throw new IOException("no folder " + contributor + " to read " + path + " from");
            }
            return Files.newInputStream(folder.resolve(path));
        };
    }

    /** The descriptors the built-in plugin's {@code plugin.xml} contributes, in its order. */
    static List<String> builtinDescriptors() {
        String pluginXml;
        try (InputStream in = open(BUILTIN + "plugin.xml")) {
            pluginXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the job jar's built-in profiles: " + e.getMessage(), e);
        }
        List<String> descriptors = new ArrayList<>();
        Matcher matcher = DESCRIPTOR.matcher(pluginXml);
        while (matcher.find()) {
            descriptors.add(matcher.group(1));
        }
        return descriptors;
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = JobProfiles.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("no " + resource + " in the job jar");
        }
        return in;
    }
}
