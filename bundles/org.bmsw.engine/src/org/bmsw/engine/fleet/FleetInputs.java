package org.bmsw.engine.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The traces named on a command line: files as given, every file under a folder (hidden ones left out), and
 * glob patterns ({@code 'sites/*&#47;*.log'}, quoted so that the shell leaves them) matched below their fixed
 * part. A trace is named by its path relative to the folder or the glob's fixed part, else as given; the list
 * is in name order.
 */
public final class FleetInputs {

    /**
     * @param traces the traces, in name order, each name once
     * @param problems an argument that named nothing ({@code GLOB: no file matches}), one line each
     */
    public record Listing(List<FleetTrace> traces, List<String> problems) {
    }

    private FleetInputs() {
    }

    /** Whether a command-line argument is a glob pattern rather than a file name. */
    public static boolean isGlob(String argument) {
        return argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * @param excluded files to leave out (the summary and the reports being written, when inside a folder given)
     */
    public static Listing list(List<String> arguments, Predicate<Path> excluded) {
        Map<String, FleetTrace> byName = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            List<FleetTrace> found;
            if (Files.isDirectory(path)) {
                found = under(path, p -> true, excluded);
                if (found.isEmpty()) {
                    problems.add(argument + ": no files in the folder");
                }
            } else if (!Files.exists(path) && isGlob(argument)) {
                found = glob(argument, excluded);
                if (found.isEmpty()) {
                    problems.add(argument + ": no file matches");
                }
            } else {
                // a file, or a name that does not exist: the engine says why it cannot be read
                found = List.of(new FleetTrace(argument, path, size(path)));
            }
            for (FleetTrace trace : found) {
                FleetTrace same = byName.putIfAbsent(trace.name(), trace);
                if (same != null && !same.path().equals(trace.path())) {
                    // the same relative name under two folders: the second goes by its full path
                    byName.putIfAbsent(trace.path().toString(), new FleetTrace(trace.path().toString(),
                            trace.path(), trace.sizeBytes()));
                }
            }
        }
        List<FleetTrace> traces = byName.values().stream().sorted(Comparator.comparing(FleetTrace::name)).toList();
        return new Listing(traces, problems);
    }

    private static List<FleetTrace> glob(String pattern, Predicate<Path> excluded) {
        // the fixed part: the leading folders without a glob character
        String[] parts = pattern.split("/", -1);
        int fixed = 0;
        while (fixed < parts.length - 1 && !isGlob(parts[fixed])) {
            fixed++;
        }
        String base = String.join("/", java.util.Arrays.copyOfRange(parts, 0, fixed));
        Path root = !base.isEmpty() ? Path.of(base) : pattern.startsWith("/") ? Path.of("/") : Path.of("");
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, fixed, parts.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        if (!Files.isDirectory(root.toString().isEmpty() ? Path.of(".") : root)) {
            return List.of();
        }
        return under(root, matcher::matches, excluded);
    }

    /** Regular, non-hidden files below {@code root} whose relative path {@code matches}. */
    private static List<FleetTrace> under(Path root, Predicate<Path> matches, Predicate<Path> excluded) {
        Path start = root.toString().isEmpty() ? Path.of(".") : root;
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile).map(file -> Map.entry(start.relativize(file), file))
                    .filter(e -> !hidden(e.getKey()) && matches.test(e.getKey()) && !excluded.test(e.getValue()))
                    .map(e -> new FleetTrace(name(e.getKey()), root.toString().isEmpty() ? e.getKey()
                            : root.resolve(e.getKey()), size(e.getValue())))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException(root + ": cannot list: " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static String name(Path relative) {
        return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
