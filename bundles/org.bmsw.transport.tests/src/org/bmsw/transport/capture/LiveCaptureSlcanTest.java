package org.bmsw.transport.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.testdata.FakeSlcanAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture of {@code slcan:} on end A of a socat pty pair, with a fake LAWICEL adapter on end B: the adapter's
 * status flags polled while recording (its overruns counted as drops and shown), the bit rate found by
 * {@code bitrate=auto} written into the store's channel, and no store file left behind by an open that fails.
 */
@Timeout(120)
class LiveCaptureSlcanTest {

    /** The fake bus's traffic: a Pylon 0x351 limits frame. */
    private static final String BUS_FRAME = "t3518" + "4802D007D007C001";

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    private static LiveCapture capture(org.bmsw.transport.Transport transport, Path file, int statusPollMs) {
        return new LiveCapture(transport, file, DecoderRegistry.getDefault().create("pylon-can"),
                new LiveCapture.Options(4096, 1000, statusPollMs));
    }

    @Test
    void theAdaptersOverrunsArePolledAndCountedWithTheDropsInTheStatusLine() throws Exception {
        Path file = directory.resolve("overrun.bmst");
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).onBus(500_000, BUS_FRAME, 20)
                        // data overrun, nothing, RX FIFO full with error passive, then error warning for good
                        .answeringStatus("F08", "F00", "F21", "F04")) {
            LiveCapture capture = capture(registry.create("slcan:" + pty.endA() + "?bitrate=500000"), file, 100);
            capture.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (capture.status().adapterDrops() < 2 || !capture.status().adapterCondition().endsWith("warning")) {
                assertTrue(System.nanoTime() < deadline, "no overruns counted: " + capture.status());
                Thread.sleep(50);
            }
            CaptureStatus status = capture.status();
            assertEquals("2 overruns, error warning", status.adapterCondition());
            String line = status.line(BatteryState.EMPTY);
            assertTrue(line.endsWith("; adapter: 2 overruns, error warning"), line);
            capture.close();
            status = capture.status();
            assertEquals(2, status.adapterDrops(), "one per answer reporting an overrun: " + status);
            assertEquals(0, status.queueDrops());
            assertEquals(2, status.dropped());
            line = status.line(BatteryState.EMPTY);
            assertTrue(line.contains(" errors, 2 dropped"), line);
            assertTrue(line.contains("; adapter: 2 overruns"), line);
            assertTrue(status.frames() > 0, status.toString());

            List<String> commands = adapter.commands();
            assertEquals(List.of("C", "S6", "L"), commands.subList(0, 3));
            // then status polls, and the C of the close
            assertEquals(Set.of("F", "C"), new HashSet<>(commands.subList(3, commands.size())), commands.toString());
            assertEquals(1, commands.subList(3, commands.size()).stream().filter("C"::equals).count());
            assertTrue(commands.stream().filter("F"::equals).count() >= 4, commands.toString());
            assertFalse(commands.contains("O"), "listen-only throughout");
            assertEquals(List.of(), adapter.transmittedFrames());
            try (TraceStore store = TraceStore.open(file)) {
                assertEquals(status.frames(), store.size(), "the F answers are not frames");
            }
        }
    }

    @Test
    void anAdapterThatNeverAnswersStatusIsAskedOnlyAFewTimes() throws Exception {
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).failing("F")) {
            LiveCapture capture = capture(registry.create("slcan:" + pty.endA() + "?bitrate=250000"),
                    directory.resolve("bel.bmst"), 20);
            capture.start();
            Thread.sleep(600); // some 30 polls' time
            capture.close();
            assertEquals(1, adapter.commands().stream().filter("F"::equals).count(), "BEL to F: not asked again");
            assertEquals(0, capture.status().dropped());
            assertEquals("", capture.status().adapterCondition());
            assertEquals(0, capture.transport().statistics().malformedInputs(), "the BEL was the answer to F");
        }
    }

    @Test
    void theBitRateFoundByListeningIsWrittenIntoTheStoresChannel() throws Exception {
        Path file = directory.resolve("auto.bmst");
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).onBus(250_000, BUS_FRAME, 20)) {
            LiveCapture capture = capture(registry.create("slcan:" + pty.endA() + "?bitrate=auto&scanDwellMs=300"),
                    file, 1000);
            capture.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (capture.status().frames() < 5) {
                assertTrue(System.nanoTime() < deadline, capture.status().toString());
                Thread.sleep(20);
            }
            capture.close();
        }
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(List.of(new StoreChannel("a", BusKind.CAN, 250_000)), store.channels(),
                    "the pty's end a, at the rate found");
            assertTrue(store.size() >= 5);
            assertEquals(List.of(), store.problems());
        }
    }

    @Test
    void anOpenThatFailsLeavesNoStoreFile() throws Exception {
        Path missing = directory.resolve("missing.bmst");
        LiveCapture capture = capture(registry.create("slcan:" + directory.resolve("no-such-port") + "?bitrate=500000"),
                missing, 1000);
        assertThrows(TransportException.class, capture::start);
        capture.close();
        assertFalse(Files.exists(missing), "no file for a port that is not there");

        Path refused = directory.resolve("refused.bmst");
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(u -> EndpointKind.REAL_DEVICE)) {
            LiveCapture normal = capture(registry.create("slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false"),
                    refused, 1000);
            assertThrows(TransmitRefusedException.class, normal::start);
            normal.close();
            assertFalse(Files.exists(refused), "no file for a refused open");
            assertEquals(List.of(), adapter.commands());
        }
    }
}
