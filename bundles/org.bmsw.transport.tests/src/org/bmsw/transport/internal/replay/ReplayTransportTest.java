package org.bmsw.transport.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.TestData;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.capture.LiveCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code replay:FILE}: a trace file played back as a live source, through the same capture as a port. */
@Timeout(60)
class ReplayTransportTest {

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    @Test
    void aRealCaptureReplayedIntoALiveCaptureGivesEveryFrameAndTheAuthorsDecodedValues() throws Exception {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", directory);
        Path store = directory.resolve("replayed.bmst");
        List<StateEvent> events = new CopyOnWriteArrayList<>();
        Transport replay = registry.create("replay:" + trace + "?speed=max");
        replay.addStateListener(events::add);
        BatteryState state;
        try (LiveCapture capture = new LiveCapture(replay, store, DecoderRegistry.getDefault().create("pylon-can"))) {
            capture.start();
            awaitClosed(replay);
            capture.close();
            state = capture.state();
            assertEquals(16, capture.status().frames());
        }
        // the 16 frame lines of the file and the values of the capture's author, written under it
        assertEquals("end of " + trace + ": 16 records replayed", events.get(events.size() - 1).reason());
        try (TraceStore stored = TraceStore.open(store)) {
            assertEquals(16, stored.size());
            assertEquals(0x351, stored.record(0).identifier());
            assertEquals(0x379, stored.record(15).identifier());
        }
        assertEquals(58.4, state.get(Quantity.CHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
        assertEquals(200.0, state.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
        assertEquals(200.0, state.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
        assertEquals(44.8, state.get(Quantity.DISCHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
        assertEquals(30, state.get(Quantity.SOC).orElseThrow());
        assertEquals(100, state.get(Quantity.SOH).orElseThrow());
        assertEquals(52.41, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        assertEquals(11.3, state.get(Quantity.TEMPERATURE).orElseThrow(), 1e-9);
        assertEquals(2, state.get(Quantity.MODULE_COUNT).orElseThrow());
    }

    @Test
    void framesArriveAtTheirRecordedPaceDividedByTheSpeed() throws Exception {
        Path log = directory.resolve("paced.log");
        Files.writeString(log, """
                (1700000000.000000) can0 351#1402E803E803C001
                (1700000000.300000) can0 355#1E00640000000000
                (1700000000.600000) can0 356#7914000071000000
                (1700000000.900000) can0 359#0000000002504E00
                """);
        assertTrue(spanOfArrivalsNs("replay:" + log + "?speed=1", 4) >= 850_000_000L, "0.9 s of trace at 1x");
        long atThree = spanOfArrivalsNs("replay:" + log + "?speed=3", 4);
        assertTrue(atThree >= 280_000_000L, "0.9 s of trace at 3x takes 0.3 s, not less: " + atThree);
    }

    private long spanOfArrivalsNs(String uri, int frames) throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        List<Long> stamps = new CopyOnWriteArrayList<>();
        try (Transport replay = registry.create(uri)) {
            replay.addRecordListener(record -> {
                arrivals.add(System.nanoTime());
                stamps.add(record.timestampNs());
            });
            replay.open();
            awaitClosed(replay);
        }
        assertEquals(frames, arrivals.size());
        assertEquals(1_700_000_000_300_000_000L, stamps.get(1), "the file's timestamps are kept by default");
        return arrivals.get(frames - 1) - arrivals.get(0);
    }

    @Test
    void badReplayUrisNameTheProblem() throws Exception {
        TransportException missing = assertThrows(TransportException.class,
                () -> registry.create("replay:/no/such/site.log"));
        assertEquals("replay:/no/such/site.log: cannot read /no/such/site.log", missing.getMessage());
        Path log = Files.writeString(directory.resolve("x.log"), "(1.0) can0 351#00\n");
        TransportException speed = assertThrows(TransportException.class,
                () -> registry.create("replay:" + log + "?speed=fast"));
        assertEquals("replay:" + log + "?speed=fast: speed 'fast' is not 1, a factor such as 10 or 0.5, or max",
                speed.getMessage());
        TransportException send = assertThrows(TransportException.class, () -> {
            try (Transport replay = registry.create("replay:" + log)) {
                replay.send(org.bmsw.core.record.TraceRecord.can(0, "can0", 0x305));
            }
        });
        assertTrue(send.getMessage().endsWith("a replay only plays the file; it cannot send"), send.getMessage());
    }

    private static void awaitClosed(Transport transport) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (transport.state() != TransportState.CLOSED) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the replay did not reach the end of its file");
            }
            Thread.sleep(10);
        }
    }
}
