package org.bmsw.transport.internal.slcan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.testing.Collector;
import org.bmsw.testdata.FakeSlcanAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slcan:} stays passive unless told otherwise, on end A of a socat pty pair with a fake adapter on end B that
 * records every command: listen-only by default, normal mode only when asked and then only through the transmit
 * interlock, and {@code bitrate=auto} finding a bus's rate by listening alone.
 */
@Timeout(120)
class SlcanPassiveTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The fake bus's traffic: a Pylon 0x351 limits frame. */
    private static final String BUS_FRAME = "t3518" + "4802D007D007C001";

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    /** Makes every check of {@code uri} see a real port, as a USB adapter would be, though it is a pty. */
    private static AutoCloseable realLooking(String uri) {
        return TransmitInterlock.overrideEndpointKindForTests(u -> u.equals(uri) ? EndpointKind.REAL_DEVICE : null);
    }

    @Test
    void opensListenOnlyByDefaultSaysSoAndRefusesToSend() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=250000");
            Collector collector = new Collector();
            transport.addStateListener(collector);
            transport.open();
            assertEquals(List.of("C", "S5", "L"), adapter.commands());
            assertEquals("slcan:" + pty.endA() + ": open at 250000 bit/s, listen-only", openEvent(collector).reason());
            TransportException refused = assertThrows(TransportException.class,
                    () -> transport.send(TraceRecord.can(0, "a", 0x305, new byte[8])));
            assertEquals("slcan:" + pty.endA() + ": cannot send, the adapter is listen-only (the default); add "
                    + "listenOnly=false to the URI to transmit (the adapter then ACKs every frame on the bus)",
                    refused.getMessage());
            transport.close();
            adapter.awaitCommands(4, 5000);
            assertEquals(List.of("C", "S5", "L", "C"), adapter.commands());
            assertEquals(List.of(), adapter.transmittedFrames(), "nothing reached the bus");
        }
    }

    @Test
    void normalModeOnlyWhenAskedAndTheStatusSaysItTransmitsAcks() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false");
            Collector collector = new Collector();
            transport.addStateListener(collector);
            transport.open();
            assertEquals(List.of("C", "S6", "O"), adapter.commands());
            assertEquals("slcan:" + pty.endA() + ": open at 500000 bit/s, normal mode (transmits ACKs)",
                    openEvent(collector).reason());
            transport.send(TraceRecord.can(0, "a", 0x305, new byte[8]));
            adapter.awaitTransmittedFrames(1, 5000);
            assertEquals(List.of("t3058" + "0".repeat(16)), adapter.transmittedFrames());
            transport.close();
        }
    }

    /** The gate in open(): removing it lets the adapter receive C, S6, O. */
    @Test
    void normalModeOnARealPortIsRefusedBeforeAnyCommandUntilThePortIsAcknowledged() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            String uri = "slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false";
            String port = pty.endA().toString();
            try (AutoCloseable real = realLooking(uri)) {
                Transport transport = registry.create(uri);
                TransmitRefusedException refused = assertThrows(TransmitRefusedException.class, transport::open);
                assertEquals(port, refused.port());
                assertEquals("refused: opening the adapter in normal mode (listenOnly=false, it ACKs every frame on "
                        + "the bus) would transmit on " + port + " (" + uri + "), which may reach real equipment (it "
                        + "is not a pseudo-terminal, loopback or virtual bus). If that is intended, acknowledge the "
                        + "port by name: --transmit-to " + port + " on the command line, or the checklist naming "
                        + port + " in the window", refused.getMessage());
                assertEquals(TransportState.CLOSED, transport.state());
                Thread.sleep(300);
                assertEquals(List.of(), adapter.commands(), "the port was not even opened");

                Transport listening = registry.create("slcan:" + pty.endA() + "?bitrate=500000");
                try (AutoCloseable alsoReal = TransmitInterlock.overrideEndpointKindForTests(u -> EndpointKind.REAL_DEVICE)) {
                    listening.open(); // listen-only needs no acknowledgement, even on a real port
                    listening.close();
                }
                adapter.awaitCommands(4, 5000);
                assertEquals(List.of("C", "S6", "L", "C"), adapter.commands());

                try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(port)) {
                    transport.open();
                    transport.close();
                }
                adapter.awaitCommands(8, 5000);
                assertEquals(List.of("C", "S6", "L", "C", "C", "S6", "O", "C"), adapter.commands());
                assertFalse(TransmitInterlock.isAcknowledged(port), "withdrawn when closed");
            }
        }
    }

    /** The gate in send(): a transport opened while the port looked virtual still asks before every frame. */
    @Test
    void sendOnARealPortIsRefusedWithoutTheAcknowledgement() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            String uri = "slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false";
            String port = pty.endA().toString();
            try (Transport transport = registry.open(uri)) {
                TraceRecord frame = TraceRecord.can(0, "a", 0x305, new byte[] { 1 });
                try (AutoCloseable real = realLooking(uri)) {
                    TransmitRefusedException refused = assertThrows(TransmitRefusedException.class,
                            () -> transport.send(frame));
                    assertTrue(refused.getMessage().startsWith("refused: sending a frame would transmit on " + port),
                            refused.getMessage());
                    assertEquals(0, transport.statistics().recordsSent());
                    try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(
                            pty.endA().getFileName().toString())) { // the port's name is enough
                        transport.send(frame);
                    }
                }
                adapter.awaitTransmittedFrames(1, 5000);
                assertEquals(List.of("t305101"), adapter.transmittedFrames());
            }
        }
    }

    @Test
    void bitrateAutoListensAtEachRateInTurnAndKeepsTheOneWithFramesAndNoErrorFlags() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).onBus(125_000, BUS_FRAME, 20)) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=auto&scanDwellMs=300");
            Collector collector = new Collector();
            transport.addStateListener(collector);
            transport.addRecordListener(collector);
            transport.open();
            // 500k and 250k: error flags, no frames; 125k: frames, no flags; then set up at 125k, listen-only
            assertEquals(List.of("C", "S6", "L", "F", "C", "S5", "L", "F", "C", "S4", "L", "F", "C", "S4", "L"),
                    adapter.commands());
            assertEquals(125_000, transport.bitrateBps());
            assertEquals("slcan:" + pty.endA() + ": open at 125000 bit/s (found by listening), listen-only",
                    openEvent(collector).reason());
            assertTrue(collector.events().stream().anyMatch(e -> e.reason().equals("slcan:" + pty.endA()
                    + ": listening at 250000 bit/s for up to 300 ms (bitrate=auto)")), collector.events().toString());
            collector.awaitRecords(3, WAIT);
            assertEquals("351#4802D007D007C001", CanFrameNotation.format(collector.records().get(0)));
            assertEquals(0, transport.statistics().malformedInputs());
            transport.close();
            assertFalse(adapter.commands().contains("O"), "the scan never leaves listen-only");
        }
    }

    @Test
    void bitrateAutoInNormalModeScansListenOnlyAndOpensNormalAtTheRateFound() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).onBus(1_000_000, BUS_FRAME, 20)) {
            try (Transport transport = registry.open("slcan:" + pty.endA()
                    + "?bitrate=auto&scanDwellMs=200&listenOnly=false")) {
                assertEquals(List.of("C", "S6", "L", "F", "C", "S5", "L", "F", "C", "S4", "L", "F", "C", "S8", "L",
                        "F", "C", "S8", "O"), adapter.commands(), "500k, 250k, 125k, then 1M");
                assertEquals(1_000_000, transport.bitrateBps());
            }
        }
    }

    @Test
    void bitrateAutoOnAQuietBusFailsNamingEveryRateTried() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).onBus(83_333, BUS_FRAME, 20)) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=auto&scanDwellMs=50");
            TransportException e = assertThrows(TransportException.class, transport::open);
            String flags = ": 0 frames, error flags 0xA0";
            assertEquals("slcan:" + pty.endA() + ": bitrate=auto found no bit rate at which frames arrive without "
                    + "error flags, listening 50 ms at each (500000" + flags + "; 250000" + flags + "; 125000" + flags
                    + "; 1000000" + flags + "; 800000" + flags + "; 100000" + flags + "; 50000" + flags + "; 20000"
                    + flags + "; 10000" + flags + "). Is the bus quiet, or the adapter not connected to it? Give the "
                    + "rate, e.g. bitrate=500000", e.getMessage());
            assertEquals(TransportState.CLOSED, transport.state());
            List<String> commands = adapter.commands();
            assertEquals("C", commands.get(commands.size() - 1), "left closed: " + commands);
            assertFalse(commands.contains("O"));
        }
    }

    private static StateEvent openEvent(Collector collector) {
        return collector.events().stream().filter(e -> e.state() == TransportState.OPEN).reduce((a, b) -> b)
                .orElseThrow();
    }
}
