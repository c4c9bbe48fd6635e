package org.bmsw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.testdata.FakeSlcanAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Transmitter}: the lines an SLCAN adapter on a pty pair receives from a frame sent periodically and from a
 * trace played at a speed, in order and on time; and the interlock asked before every frame whatever the
 * transport does (each gate test fails if the check is removed).
 */
@Timeout(60)
class TransmitterTest {

    private static final String PORT = "/dev/ttyUSB9";

    @TempDir
    Path directory;

    /** A transport on a real-looking port that sends whatever it is given, with no check of its own. */
    private static final class UngatedTransport extends AbstractTransport {
        final List<TraceRecord> sent = new CopyOnWriteArrayList<>();
        final List<Long> sentNs = new CopyOnWriteArrayList<>();

        UngatedTransport() {
            super("slcan:" + PORT, "ttyUSB9");
        }

        @Override
        public void open() {
            changeState(TransportState.OPEN, uri() + ": open");
        }

        @Override
        public void close() {
            changeState(TransportState.CLOSED, uri() + ": closed");
        }

        @Override
        public void send(TraceRecord record) {
            sentNs.add(System.nanoTime());
            sent.add(record);
        }
    }

    @Test
    void slcanOpensInNormalModeForTransmittingUnlessTheUriSaysOtherwise() {
        assertEquals("slcan:/dev/ttyACM0?listenOnly=false", Transmitter.transmitUri("slcan:/dev/ttyACM0"));
        assertEquals("slcan:/dev/ttyACM0?bitrate=250000&listenOnly=false",
                Transmitter.transmitUri("slcan:/dev/ttyACM0?bitrate=250000"));
        assertEquals("slcan:/dev/ttyACM0?listenOnly=true", Transmitter.transmitUri("slcan:/dev/ttyACM0?listenOnly=true"));
        assertEquals("socketcan:can0", Transmitter.transmitUri("socketcan:can0"));
        assertEquals("serial:/dev/ttyUSB0?baud=9600", Transmitter.transmitUri("serial:/dev/ttyUSB0?baud=9600"));
    }

    @Test
    void aPeriodicFrameReachesTheAdapterAsTLinesInNormalMode() throws Exception {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.create(Transmitter.transmitUri("slcan:" + pty.endA()
                        + "?bitrate=500000"))) {
            transport.open();
            assertEquals(List.of("C", "S6", "O"), adapter.commands(), "normal mode, not listen-only");
            Transmitter transmitter = new Transmitter(transport, Transmitter.SEND_ACTION);
            long startNs = System.nanoTime();
            assertEquals(3, transmitter.repeat(CanFrameNotation.parse("351#1402C012C012C201", "a"), 3, 100,
                    () -> false));
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(elapsedMs >= 200, "two periods of 100 ms between three frames, took " + elapsedMs);
            transmitter.send(CanFrameNotation.parse("1234ABCD#DEAD", "a"));
            transmitter.send(CanFrameNotation.parse("305#R", "a"));
            transmitter.send(CanFrameNotation.parse("12345678#R2", "a"));
            adapter.awaitTransmittedFrames(6, 10_000);
            assertEquals(List.of("t35181402C012C012C201", "t35181402C012C012C201", "t35181402C012C012C201",
                    "T1234ABCD2DEAD", "r3050", "R123456782"), adapter.transmittedFrames());
            assertEquals(6, transmitter.sent());
        }
    }

    @Test
    void aTraceIsPlayedInOrderWithItsTimingScaledBySpeed() throws Exception {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        List<TraceRecord> trace = List.of(
                TraceRecord.can(1_000_000_000L, "can0", 0x351, new byte[] { 0x14, 0x02 }),
                TraceRecord.can(1_200_000_000L, "can0", 0x355, new byte[] { 0x50, 0x00 }),
                TraceRecord.can(1_600_000_000L, "can0", 0x356, new byte[] { 0x10, 0x14 }));
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false")) {
            transport.open();
            Transmitter transmitter = new Transmitter(transport, Transmitter.PLAY_ACTION);
            Transmitter.Player player = transmitter.player(2.0);
            long startNs = System.nanoTime();
            for (TraceRecord record : trace) {
                assertTrue(player.play(record));
            }
            long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            assertTrue(elapsedMs >= 300 && elapsedMs < 2_000, "600 ms of trace at speed 2: " + elapsedMs + " ms");
            adapter.awaitTransmittedFrames(3, 10_000);
            assertEquals(List.of("t35121402", "t35525000", "t35621014"), adapter.transmittedFrames());
        }
    }

    @Test
    void thePlayerKeepsTheGapsBetweenFramesAndMaxSpeedDoesNotWait() throws Exception {
        UngatedTransport port = new UngatedTransport();
        try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(PORT)) {
            Transmitter.Player player = new Transmitter(port, Transmitter.PLAY_ACTION).player(4.0);
            for (long ms : new long[] { 0, 400, 1200 }) {
                player.play(TraceRecord.can(ms * 1_000_000L, "c", 0x351, new byte[1]));
            }
            // each frame at its own time from the first (a late frame does not push the later ones back)
            long secondAtMs = (port.sentNs.get(1) - port.sentNs.get(0)) / 1_000_000;
            long thirdAtMs = (port.sentNs.get(2) - port.sentNs.get(0)) / 1_000_000;
            assertTrue(secondAtMs >= 95 && thirdAtMs >= 295 && thirdAtMs < 2_000,
                    "400 and 1200 ms of trace at speed 4 after the first frame: " + secondAtMs + ", " + thirdAtMs);

            Transmitter.Player fastest = new Transmitter(port, Transmitter.PLAY_ACTION).player(Double.POSITIVE_INFINITY);
            long startNs = System.nanoTime();
            fastest.play(TraceRecord.can(0, "c", 0x351, new byte[1]));
            fastest.play(TraceRecord.can(3_600_000_000_000L, "c", 0x351, new byte[1]));
            assertTrue(System.nanoTime() - startNs < 1_000_000_000L, "an hour of trace at max speed is not waited");
        }
    }

    @Test
    void stopEndsAPeriodicSendFromAnotherThread() throws Exception {
        UngatedTransport port = new UngatedTransport();
        try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(PORT)) {
            Transmitter transmitter = new Transmitter(port, Transmitter.SEND_ACTION);
            Thread stopper = new Thread(() -> {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                transmitter.stop();
            });
            stopper.start();
            long sent = transmitter.repeat(TraceRecord.can(0, "c", 0x351, new byte[1]), 0, 100, () -> false);
            stopper.join();
            assertTrue(sent >= 2 && sent <= 4, "about 3 frames in 250 ms at 100 ms: " + sent);
            assertTrue(transmitter.stopped());
        }
    }

    /** The gate: removing the check in Transmitter.send lets these frames through, and the test fails. */
    @Test
    void nothingIsSentToARealPortUntilItIsAcknowledgedWhateverTheTransportChecks() throws Exception {
        UngatedTransport port = new UngatedTransport();
        port.open();
        assertEquals(EndpointKind.REAL_DEVICE, port.endpointKind());
        Transmitter sender = new Transmitter(port, Transmitter.SEND_ACTION);
        TransmitRefusedException refused = assertThrows(TransmitRefusedException.class,
                () -> sender.repeat(TraceRecord.can(0, "c", 0x351, new byte[1]), 3, 10, () -> false));
        assertEquals(PORT, refused.port());
        assertTrue(refused.getMessage().startsWith("refused: sending frames would transmit on " + PORT),
                refused.getMessage());
        Transmitter.Player player = new Transmitter(port, Transmitter.PLAY_ACTION).player(1.0);
        refused = assertThrows(TransmitRefusedException.class,
                () -> player.play(TraceRecord.can(0, "c", 0x351, new byte[1])));
        assertTrue(refused.getMessage().startsWith("refused: playing a trace would transmit on " + PORT),
                refused.getMessage());
        assertEquals(List.of(), port.sent);
        assertFalse(TransmitInterlock.isAcknowledged(PORT));
        try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge("ttyUSB9")) {
            assertEquals(2, sender.repeat(TraceRecord.can(0, "c", 0x351, new byte[1]), 2, 10, () -> false));
        }
        assertEquals(2, port.sent.size());
    }
}
