package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the installed product's {@code bmsw} script, with its output captured in files. */
final class ProductProcess implements AutoCloseable {

    static final Path PRODUCT_DIR = Path.of(System.getProperty("bmsw.product.dir", "")).toAbsolutePath();

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ProductProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs {@code bmsw args...} in {@code workDir}; {@code env} entries with a null value are removed. */
    static ProductProcess start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(PRODUCT_DIR, workDir, env, args);
    }

    /** The same with the product installed in {@code productDir}. */
    static ProductProcess start(Path productDir, Path workDir, Map<String, String> env, String... args)
            throws IOException {
        Path launcher = productDir.resolve("bmsw");
        assertTrue(Files.isExecutable(launcher), "no product at " + launcher + ": run the whole reactor (./bmsw test)");
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Path out = workDir.resolve("stdout.txt");
        Path err = workDir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new ProductProcess(builder.start(), out, err);
    }

    /** Waits for the process to end and returns its exit code; fails after {@code seconds}. */
    int waitFor(int seconds) throws InterruptedException {
        assertTrue(process.waitFor(seconds, TimeUnit.SECONDS), "bmsw did not finish within " + seconds + " s");
        return process.exitValue();
    }

    /** True when the process ends within {@code seconds}; false when it is still running then. */
    boolean exitsWithin(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Sends SIGTERM (the JVM runs its shutdown hooks, as on Ctrl-C) without waiting. */
    void interrupt() {
        process.destroy();
    }

    /** Kills the product with SIGKILL, as {@code kill -9} does (the launcher script exec's the JVM), and waits. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(15, TimeUnit.SECONDS), "bmsw did not die from SIGKILL");
    }

    /** Asks the product to stop (SIGTERM), then kills it if it takes longer than 15 s. */
    @Override
    public void close() throws InterruptedException {
        // a window the start script restarted (p2 asked for it) is the script's child, not the script itself:
        // it is ended too, and waited for, so nothing writes into the product's folder after the test
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                child.destroyForcibly();
            }
        }
    }
}
