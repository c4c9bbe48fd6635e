package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsw capture} killed with SIGKILL (no shutdown hook, no last flush): the store reopens with every frame
 * the capture had written before the kill, nothing damaged. And an existing file is never replaced silently.
 */
class CaptureKillProductTest {

    private static final Pattern FRAMES = Pattern.compile("(?m)^frames\\s+(\\d+)$");

    @TempDir
    Path workDir;

    private long frames(String info) {
        Matcher matcher = FRAMES.matcher(info);
        assertTrue(matcher.find(), info);
        return Long.parseLong(matcher.group(1));
    }

    /**
     * {@code bmsw info STORE}; with {@code clean}, no damaged stretch may be reported (a last block cut by the kill
     * in the middle of its write is allowed: its frames had not been flushed yet).
     */
    private String info(Path store, boolean clean) throws Exception {
        Path dir = Files.createTempDirectory(workDir, "info");
        try (ProductProcess process = ProductProcess.start(dir, Map.of(), "info", store.toString())) {
            assertEquals(0, process.waitFor(120), process.stderr());
            assertTrue(!clean || process.stderr().lines().noneMatch(line -> line.contains("lost")
                    && !line.contains("a block cut short")), "no damaged stretch reported: " + process.stderr());
            return process.stdout();
        }
    }

    @Test
    void aCaptureKilledWithSigkillReopensWithEveryFrameItHadWritten() throws Exception {
        Path store = workDir.resolve("killed.bmst");
        Path snapshot = workDir.resolve("before-kill.bmst");
        Path captureDir = Files.createDirectories(workDir.resolve("capture"));
        try (ProductProcess capture = ProductProcess.start(captureDir, Map.of(), "capture", "--source",
                "sim:battery?protocol=pylon-can", "--out", store.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            // the simulated battery sends a cycle a second: wait for three cycles in the file
            while ((!Files.exists(store) || Files.size(store) < 48 + 3 * (32 + 6 * 32 + 16))
                    && System.nanoTime() < deadline) {
                assertTrue(capture.isAlive(), capture.stderr());
                Thread.sleep(100);
            }
            Thread.sleep(1500); // past the next force (every second)
            Files.copy(store, snapshot); // what the file held just before the kill
            capture.kill();
        }
        byte[] before = Files.readAllBytes(snapshot);
        byte[] after = Files.readAllBytes(store);
        assertTrue(after.length >= before.length, before.length + " bytes before the kill, " + after.length + " after");
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "an append-only file: the kill changed nothing");
        long framesBefore = frames(info(snapshot, false)); // the copy may have caught a block mid-write
        long framesAfter = frames(info(store, true));
        assertTrue(framesBefore >= 18, "three cycles of six frames at least: " + framesBefore);
        assertTrue(framesAfter >= framesBefore, framesAfter + " frames after the kill, " + framesBefore + " before");
    }

    @Test
    void ctrlCWritesForcesAndClosesTheStoreBeforeTheJvmExits() throws Exception {
        Path store = workDir.resolve("interrupted.bmst");
        Path captureDir = Files.createDirectories(workDir.resolve("capture"));
        long sizeAtSignal;
        try (ProductProcess capture = ProductProcess.start(captureDir, Map.of(), "capture", "--source",
                "sim:battery?protocol=pylon-can", "--out", store.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while ((!Files.exists(store) || Files.size(store) < 48 + 2 * (32 + 6 * 32 + 16))
                    && System.nanoTime() < deadline) {
                assertTrue(capture.isAlive(), capture.stderr());
                Thread.sleep(100);
            }
            sizeAtSignal = Files.size(store);
            capture.interrupt(); // SIGTERM, what Ctrl-C's SIGINT also runs: the shutdown hooks
            assertTrue(capture.exitsWithin(30), "the capture ends after the signal");
            assertTrue(capture.stdout().contains(" frames in " + store), capture.stdout() + capture.stderr());
        }
        long frames = frames(info(store, true)); // opens clean: the hook wrote the last block whole
        assertTrue(frames >= 12 && Files.size(store) >= sizeAtSignal, frames + " frames");
    }

    @Test
    void captureRefusesToReplaceAnExistingFileUnlessForced() throws Exception {
        Path existing = workDir.resolve("old.bmst");
        Files.writeString(existing, "an earlier capture");
        try (ProductProcess process = ProductProcess.start(workDir, Map.of(), "capture", "--source",
                "sim:battery", "--out", existing.toString(), "--duration", "1")) {
            assertEquals(1, process.waitFor(60));
            assertTrue(process.stderr().contains("bmsw capture: " + existing + " exists; give a new name with --out, "
                    + "or add --force to replace it"), process.stderr());
        }
        assertEquals("an earlier capture", Files.readString(existing));
        try (ProductProcess process = ProductProcess.start(workDir, Map.of(), "capture", "--source",
                "sim:battery", "--out", existing.toString(), "--duration", "1", "--force")) {
            assertEquals(0, process.waitFor(60), process.stderr());
        }
        assertTrue(Files.size(existing) > 48, "replaced by a store");
    }
}
