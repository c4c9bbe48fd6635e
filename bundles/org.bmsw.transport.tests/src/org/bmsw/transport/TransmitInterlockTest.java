package org.bmsw.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one transmit check: virtual ends pass, a real port needs an acknowledgement naming it; and each built-in
 * {@code send} asks it (a pty made to look real by the test hook is refused, the bytes never reach the far end).
 */
@Timeout(60)
class TransmitInterlockTest {

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    @Test
    void virtualEndsPassARealPortNeedsItsNameAndTheAcknowledgementEndsWhenClosed() throws Exception {
        assertEquals(EndpointKind.LOOPBACK, TransmitInterlock.check("modbus-tcp://127.0.0.1:502", EndpointKind.LOOPBACK, "x"));
        assertEquals(EndpointKind.VIRTUAL, TransmitInterlock.check(registry, "socketcan:vcan0", "x"));
        TransmitRefusedException refused = assertThrows(TransmitRefusedException.class,
                () -> TransmitInterlock.check(registry, "serial:/dev/ttyUSB7?baud=9600", "a simulated battery"));
        assertEquals("/dev/ttyUSB7", refused.port());
        assertEquals("refused: a simulated battery would transmit on /dev/ttyUSB7 (serial:/dev/ttyUSB7?baud=9600), "
                + "which may reach real equipment (it is not a pseudo-terminal, loopback or virtual bus). If that is "
                + "intended, acknowledge the port by name: --transmit-to /dev/ttyUSB7 on the command line, or the "
                + "checklist naming /dev/ttyUSB7 in the window", refused.getMessage());
        try (TransmitInterlock.Acknowledgement other = TransmitInterlock.acknowledge("/dev/ttyUSB8")) {
            assertThrows(TransmitRefusedException.class,
                    () -> TransmitInterlock.check(registry, "serial:/dev/ttyUSB7", "x"), "another port's name");
        }
        TransmitInterlock.Acknowledgement first = TransmitInterlock.acknowledge("/dev/ttyUSB7");
        TransmitInterlock.Acknowledgement second = TransmitInterlock.acknowledge("ttyUSB7");
        assertEquals(EndpointKind.REAL_DEVICE, TransmitInterlock.check(registry, "slcan:/dev/ttyUSB7?bitrate=500000", "x"));
        first.close();
        first.close(); // idempotent: the other holder's acknowledgement stays
        assertTrue(TransmitInterlock.isAcknowledged("/dev/ttyUSB7"));
        second.close();
        assertFalse(TransmitInterlock.isAcknowledged("/dev/ttyUSB7"));
        assertThrows(IllegalArgumentException.class, () -> TransmitInterlock.acknowledge(" "));
    }

    /** The gate in SerialTransport.send. */
    @Test
    void serialSendOnARealPortIsRefusedAndNothingIsWritten() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                Transport transport = registry.open("serial:" + pty.endA() + "?baud=115200")) {
            assertEquals(EndpointKind.PSEUDO_TERMINAL, transport.endpointKind());
            InputStream peer = pty.inputB();
            TraceRecord first = TraceRecord.serial(0, "a", true, (byte) 0x11);
            try (AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                    uri -> uri.startsWith("serial:" + pty.endA()) ? EndpointKind.REAL_DEVICE : null)) {
                TransmitRefusedException refused = assertThrows(TransmitRefusedException.class,
                        () -> transport.send(first));
                assertTrue(refused.getMessage().startsWith("refused: sending bytes would transmit on " + pty.endA()),
                        refused.getMessage());
                try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(pty.endA().toString())) {
                    transport.send(TraceRecord.serial(0, "a", true, (byte) 0x22));
                }
            }
            assertArrayEquals(new byte[] { 0x22 }, peer.readNBytes(1), "the refused byte never reached the line");
            assertEquals(1, transport.statistics().recordsSent());
        }
    }

    /** The gate in SocketCanTransport.send, where a vcan interface exists. */
    @Test
    void socketCanSendOnARealInterfaceIsRefused() throws Exception {
        assumeTrue(Files.exists(Path.of("/sys/class/net/vcan0")), "no vcan0 interface on this machine, so the "
                + "SocketCAN send gate is not exercised; to run it: sudo modprobe vcan && sudo ip link add dev vcan0 "
                + "type vcan && sudo ip link set up vcan0");
        try (Transport transport = registry.open("socketcan:vcan0");
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(uri -> EndpointKind.REAL_DEVICE)) {
            TransmitRefusedException refused = assertThrows(TransmitRefusedException.class,
                    () -> transport.send(TraceRecord.can(0, "vcan0", 0x305, new byte[8])));
            assertEquals("vcan0", refused.port());
            assertEquals(0, transport.statistics().recordsSent());
        }
    }

    @Test
    void modemLinesAreLowUnlessAskedAndOnlyWhereThePortIsOpenedByUs() throws Exception {
        var low = org.bmsw.transport.internal.serial.SerialSettings.from(
                UriParameters.parse(new URI("serial:/dev/ttyUSB0"), Set.of("baud", "rts", "dtr")), 9600);
        assertFalse(low.rts());
        assertFalse(low.dtr());
        assertEquals("9600 8N1", low.toString());
        var raised = org.bmsw.transport.internal.serial.SerialSettings.from(UriParameters.parse(
                new URI("serial:/dev/ttyUSB0?rts=1&dtr=true"), Set.of("baud", "rts", "dtr")), 9600);
        assertTrue(raised.rts());
        assertTrue(raised.dtr());
        assertEquals("9600 8N1, RTS high, DTR high", raised.toString());
        registry.create("serial:/dev/ttyUSB0?rts=1&dtr=0");
        registry.create("slcan:/dev/ttyACM0?bitrate=500000&rts=0&dtr=1");
        TransportException modbus = assertThrows(TransportException.class,
                () -> registry.create("modbus-rtu:/dev/ttyUSB0?unit=1&rts=1"));
        assertTrue(modbus.getMessage().contains("rts"), modbus.getMessage());
        TransportException bad = assertThrows(TransportException.class,
                () -> registry.create("serial:/dev/ttyUSB0?rts=high"));
        assertTrue(bad.getMessage().startsWith("serial:/dev/ttyUSB0?rts=high: rts"), bad.getMessage());
    }

    @Test
    void aPtyOpenedWithTheModemLinesAskedStillWorks() throws Exception {
        // a pty has no modem lines: asking for them must not stop the port from opening or carrying bytes
        try (PtyPair pty = PtyPair.start(directory);
                Transport transport = registry.open("serial:" + pty.endA() + "?rts=1&dtr=1")) {
            InputStream peer = pty.inputB();
            transport.send(TraceRecord.serial(0, "a", true, (byte) 0x42));
            assertArrayEquals(new byte[] { 0x42 }, peer.readNBytes(1));
        }
    }
}
