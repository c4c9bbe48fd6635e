package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.store.TraceStore;
import org.bmsw.sim.BmsSimulator;
import org.bmsw.sim.ManualClock;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimProtocol;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bmsw capture} on one end of a pty pair, the simulated battery behind an SLCAN adapter on the other. */
class CaptureCommandTest {

    @TempDir
    Path directory;

    @Test
    void capturesTheSimulatedBatteryIntoTheStoreAndDecodesItOnTheWay() throws Exception {
        Path file = directory.resolve("site.bmst");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TransportRegistry registry = TransportRegistry.getDefault();
        try (PtyPair pty = PtyPair.start(directory);
                Transport batteryPort = registry.create("slcan-adapter:" + pty.endB())) {
            batteryPort.open(); // the adapter answers the capture's C, S6, O
            CompletableFuture<Integer> capture = CompletableFuture.supplyAsync(() -> new Bmsw("0.1.0")
                    .execute(new String[] { "capture", "--source", "slcan:" + pty.endA() + "?bitrate=500000", "--out",
                            file.toString(), "--duration", "4", "--protocol", "pylon-can" },
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!err.toString(StandardCharsets.UTF_8).contains("recording") && System.nanoTime() < deadline) {
                Thread.sleep(50); // until the capture has opened the port
            }
            Scenario scenario = Scenario.parse("capture.scenario", "set soc_pct=88 voltage_V=49.86 current_A=-27\n");
            try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, batteryPort, scenario, new ManualClock())) {
                battery.run(Duration.ofSeconds(5), () -> false); // 5 cycles of 6 frames, as fast as the port takes them
            }
            assertEquals(Bmsw.EXIT_OK, capture.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        }
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("bmsw capture: 30 frames in " + file), summary);
        assertTrue(summary.contains("SOC 88 %, 49.86 V, -27 A"), summary);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("the source ended"),
                "a capture that ran its duration did not see its source end");
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(30, store.size());
            assertEquals(0x351, store.record(0).identifier());
        }
    }

    @Test
    void aReplayIsCapturedUntilItsFileEndsWithTheAuthorsValuesInTheStatus() throws Exception {
        Path trace = org.bmsw.testdata.TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", directory);
        Path file = directory.resolve("replayed.bmst");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = new Bmsw("0.1.0").execute(new String[] { "capture", "--source", "replay:" + trace
                + "?speed=max", "--out", file.toString(), "--duration", "60" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Bmsw.EXIT_OK, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "stops at the end of the file, not at 60 s");
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("the source ended: end of " + trace
                + ": 16 records replayed"), err.toString(StandardCharsets.UTF_8));
        // the 16 frames of the Eco-Worthy capture; 0x355 SOC 30 %, 0x356 52.41 V and 0.0 A as its author decoded them
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith("bmsw capture: 16 frames in " + file), summary);
        assertTrue(summary.contains("SOC 30 %, 52.41 V, 0 A"), summary);
    }

    @Test
    void anExistingFileIsNeverReplacedWithoutForce() throws Exception {
        Path trace = org.bmsw.testdata.TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", directory);
        Path file = directory.resolve("earlier.bmst");
        java.nio.file.Files.writeString(file, "an earlier capture");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = { "capture", "--source", "replay:" + trace + "?speed=max", "--out", file.toString() };
        assertEquals(Bmsw.EXIT_FAILED, new Bmsw("0.1.0").execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("bmsw capture: " + file + " exists; give a new name with --out, or add --force to replace it\n",
                err.toString(StandardCharsets.UTF_8));
        assertEquals("an earlier capture", java.nio.file.Files.readString(file));
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        assertEquals(Bmsw.EXIT_OK, new Bmsw("0.1.0").execute(forced, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(16, store.size());
        }
    }

    /** The file is created only once the source is open: a failed start leaves nothing, and --force keeps the old. */
    @Test
    void aSourceThatDoesNotOpenLeavesNoStoreFile() throws Exception {
        Path missingPort = directory.resolve("missing-port.bmst");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String port = directory.resolve("ttyNONE").toString();
        assertEquals(Bmsw.EXIT_FAILED, capture(err, "--source", "slcan:" + port + "?bitrate=500000", "--out",
                missingPort.toString(), "--duration", "1", "--protocol", "pylon-can"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bmsw capture: slcan:" + port + ": "),
                err.toString(StandardCharsets.UTF_8));
        assertFalse(java.nio.file.Files.exists(missingPort), "no empty store for a port that is not there");

        Path badUri = directory.resolve("bad-uri.bmst");
        err.reset();
        assertEquals(Bmsw.EXIT_FAILED, capture(err, "--source", "slcan:" + port + "?bitrate=123", "--out",
                badUri.toString(), "--duration", "1", "--protocol", "pylon-can"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bitrate"), err.toString(StandardCharsets.UTF_8));
        assertFalse(java.nio.file.Files.exists(badUri), "no empty store for a URI that does not parse");

        Path earlier = directory.resolve("earlier.bmst");
        java.nio.file.Files.writeString(earlier, "an earlier capture");
        err.reset();
        assertEquals(Bmsw.EXIT_FAILED, capture(err, "--source", "slcan:" + port + "?bitrate=500000", "--out",
                earlier.toString(), "--force", "--duration", "1", "--protocol", "pylon-can"));
        assertEquals("an earlier capture", java.nio.file.Files.readString(earlier),
                "--force replaces a file only once the source is open");
    }

    private static int capture(ByteArrayOutputStream err, String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "capture";
        System.arraycopy(options, 0, args, 1, options.length);
        return new Bmsw("0.1.0").execute(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void forceEveryTakesPositiveSeconds() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Bmsw.EXIT_USAGE, capture(err, "--source", "sim:battery", "--out",
                directory.resolve("x.bmst").toString(), "--force-every", "0"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bmsw capture: --force-every takes a number of "
                + "seconds above 0"), err.toString(StandardCharsets.UTF_8));
        assertFalse(java.nio.file.Files.exists(directory.resolve("x.bmst")));
    }

    @Test
    void missingSourceIsAUsageError() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Bmsw.EXIT_USAGE, new Bmsw("0.1.0").execute(new String[] { "capture", "--out", "x.bmst" },
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bmsw capture: --source URI is required"),
                err.toString(StandardCharsets.UTF_8));
    }
}
