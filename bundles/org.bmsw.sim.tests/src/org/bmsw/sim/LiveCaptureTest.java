package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.capture.CaptureStatus;
import org.bmsw.transport.capture.LiveCapture;
import org.bmsw.transport.capture.LiveCaptureListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LiveCapture}, the engine of {@code bmsw capture} and of the workbench's Connections view: the simulated
 * battery on one end of a socat pty pair (as an SLCAN adapter), the capture on the other; the cable pulled (socat
 * killed) in the middle; and the in-process simulated site that the workbench starts with.
 */
@Timeout(120)
class LiveCaptureTest {

    private static final int PYLON_FRAMES_PER_CYCLE = 6; // 0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E

    @TempDir
    Path directory;

    private final TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());

    @Test
    void aPulledCableMidCaptureKeepsEveryFrameAndTheCaptureResumesWhenItIsBack() throws Exception {
        Path ptyDirectory = directory.resolve("pty");
        Path file = directory.resolve("site.bmst");
        List<StateEvent> events = new CopyOnWriteArrayList<>();
        Scenario scenario = Scenario.parse("unplug.scenario", "set soc_pct=61 voltage_V=52.25 current_A=12.5\n");
        PtyPair pty = PtyPair.start(ptyDirectory);
        try (LiveCapture capture = new LiveCapture(registry.create("slcan:" + pty.endA() + "?bitrate=500000"), file,
                DecoderRegistry.getDefault().create("pylon-can"))) {
            capture.addListener(new LiveCaptureListener() {
                @Override
                public void flushed(CaptureStatus status, BatteryState state) {
                }

                @Override
                public void portChanged(StateEvent event) {
                    events.add(event);
                }
            });
            try (Transport adapter = registry.create("slcan-adapter:" + pty.endB())) {
                adapter.open(); // answers the capture's C, S6, O
                capture.start();
                sendCycles(adapter, scenario, 3);
                awaitTrue(() -> capture.status().frames() == 3 * PYLON_FRAMES_PER_CYCLE, "18 frames captured");
                pty.kill(); // the cable is pulled
            }
            awaitTrue(() -> events.stream().anyMatch(e -> e.state() == TransportState.LOST), "a LOST event");
            StateEvent lost = events.stream().filter(e -> e.state() == TransportState.LOST).findFirst().orElseThrow();
            assertTrue(lost.reason().contains("slcan:" + pty.endA()), "the event names the port: " + lost.reason());
            Thread.sleep(2 * LiveCapture.FLUSH_MS);
            try (TraceStore whileAway = TraceStore.open(file)) { // nothing received is lost while the port is away
                assertEquals(3 * PYLON_FRAMES_PER_CYCLE, whileAway.size());
            }

            pty = PtyPair.start(ptyDirectory); // plugged back: the same device names
            try (Transport adapter = registry.create("slcan-adapter:" + pty.endB())) {
                adapter.open();
                int opensBefore = (int) events.stream().filter(e -> e.state() == TransportState.OPEN).count();
                awaitTrue(() -> events.stream().filter(e -> e.state() == TransportState.OPEN).count() > opensBefore,
                        "the capture reopens the port");
                sendCycles(adapter, scenario, 2);
                awaitTrue(() -> capture.status().frames() == 5 * PYLON_FRAMES_PER_CYCLE, "30 frames captured");
            }
            assertEquals(61, capture.state().get(Quantity.SOC).orElseThrow());
            assertEquals(52.25, capture.state().get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        } finally {
            pty.close();
        }
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(5 * PYLON_FRAMES_PER_CYCLE, store.size());
            assertEquals(0, store.droppedTailBytes());
            for (long row = 0; row < store.size(); row++) {
                assertEquals(0x351, store.record(row - row % PYLON_FRAMES_PER_CYCLE).identifier(), "cycle at " + row);
            }
        }
    }

    @Test
    void theSimulatedSiteIsALiveSourceWithoutHardware() throws Exception {
        Path file = directory.resolve("sim.bmst");
        List<CaptureStatus> flushes = new CopyOnWriteArrayList<>();
        assertEquals(org.bmsw.transport.EndpointKind.VIRTUAL, registry.endpointKind(SimTransports.DEFAULT_SOURCE),
                "no acknowledgement needed: nothing real is reached");
        try (TraceStore follower = followerAfter(file, registry, flushes)) {
            // the demo scenario's first 5 s (scenarios/demo.scenario): 35 %, 51.1 V, two modules, limits 53.2 V,
            // 100 A, 100 A, 45 V
            long rows = follower.refresh();
            assertTrue(rows >= PYLON_FRAMES_PER_CYCLE, "a viewer following the store sees the frames: " + rows);
            boolean inverterSeen = false;
            StoreCursor cursor = follower.cursor();
            while (cursor.next()) {
                inverterSeen |= cursor.identifier() == 0x305;
            }
            assertTrue(inverterSeen, "the simulated inverter's keep-alive 0x305 is on the bus too");
        }
        assertTrue(flushes.size() >= 2, "flushed every " + LiveCapture.FLUSH_MS + " ms: " + flushes.size());
        try (TraceStore store = TraceStore.open(file)) { // the last flush (at close) counted every stored frame
            assertEquals(flushes.get(flushes.size() - 1).frames(), store.size());
        }
    }

    private TraceStore followerAfter(Path file, TransportRegistry registry, List<CaptureStatus> flushes)
            throws Exception {
        try (LiveCapture capture = new LiveCapture(registry.create(SimTransports.DEFAULT_SOURCE), file,
                DecoderRegistry.getDefault().create("auto"))) {
            capture.addListener((status, state) -> flushes.add(status));
            capture.start();
            TraceStore follower = TraceStore.open(file);
            awaitTrue(() -> capture.state().get(Quantity.DISCHARGE_VOLTAGE_LIMIT).isPresent()
                    && capture.state().get(Quantity.SOC).isPresent(), "the decoded state");
            BatteryState state = capture.state();
            assertEquals("pylon-can", capture.protocolId());
            assertEquals(35, state.get(Quantity.SOC).orElseThrow());
            assertEquals(51.1, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
            assertEquals(53.2, state.get(Quantity.CHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
            assertEquals(100, state.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
            assertEquals(100, state.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
            assertEquals(45, state.get(Quantity.DISCHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
            assertEquals(2, state.get(Quantity.MODULE_COUNT).orElseThrow());
            Thread.sleep(2 * LiveCapture.FLUSH_MS);
            return follower;
        }
    }

    @Test
    void theSimulatedRs485SiteAnswersTheInvertersPolls() throws Exception {
        Path file = directory.resolve("rs485.bmst");
        try (LiveCapture capture = new LiveCapture(registry.create("sim:battery?protocol=pylon-rs485"), file,
                DecoderRegistry.getDefault().create("pylon-rs485"))) {
            capture.start();
            awaitTrue(() -> capture.state().get(Quantity.VOLTAGE).isPresent(), "a decoded RS485 answer");
            assertEquals(51.1, capture.state().get(Quantity.VOLTAGE).orElseThrow(), 0.001);
            assertEquals(35, capture.state().get(Quantity.SOC).orElseThrow(), 0.5);
        }
        try (TraceStore store = TraceStore.open(file)) {
            TraceRecord first = store.record(0);
            assertEquals('~', first.payload()[0], "an RS485 frame starts with SOI '~'");
        }
    }

    private static void sendCycles(Transport adapter, Scenario scenario, int cycles) throws Exception {
        try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, adapter, scenario, new ManualClock())) {
            battery.run(Duration.ofSeconds(cycles), () -> false);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
