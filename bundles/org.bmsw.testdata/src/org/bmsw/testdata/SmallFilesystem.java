package org.bmsw.testdata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.opentest4j.TestAbortedException;

/**
 * A real filesystem of a few hundred KiB for full-disk tests: a tmpfs mounted at a directory of the caller's
 * ({@code mount -t tmpfs -o size=...}), unmounted by {@link #close()}. Mounting needs root (or CAP_SYS_ADMIN); where
 * the machine does not allow it, {@link #mount} skips the test with the reason, as a JUnit assumption does.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path directory;

    private SmallFilesystem(Path directory) {
        this.directory = directory;
    }

    /** Mounts a tmpfs of {@code kib} KiB at {@code directory} (created), or skips the calling test saying why. */
    public static SmallFilesystem mount(Path directory, int kib) throws IOException {
        Files.createDirectories(directory);
        String result = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", directory.toString()));
        if (!result.isEmpty()) {
            throw new TestAbortedException("no small filesystem for a full-disk test: mount -t tmpfs needs root or "
                    + "CAP_SYS_ADMIN here (" + result + ")");
        }
        return new SmallFilesystem(directory);
    }

    public Path directory() {
        return directory;
    }

    /** Empty when the command succeeded, else what went wrong. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " did not end";
            }
            return process.exitValue() == 0 ? "" : String.join(" ", command) + ": exit " + process.exitValue()
                    + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return String.join(" ", command) + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Unmounts (lazily, so a file still open elsewhere does not keep it). */
    @Override
    public void close() {
        String result = run(List.of("umount", "-l", directory.toString()));
        if (!result.isEmpty()) {
            System.err.println("SmallFilesystem: " + result);
        }
    }
}
