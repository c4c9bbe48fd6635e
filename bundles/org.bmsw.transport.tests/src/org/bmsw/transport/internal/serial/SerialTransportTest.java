package org.bmsw.transport.internal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.PortInfo;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.WallClock;
import org.bmsw.transport.testing.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serial transport on one end of a socat pty pair, the test on the other. */
@Timeout(60)
class SerialTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Modbus requests from modbus_rtu.json, as an RS485 sniffer would see them. */
    private static final byte[] READ_10_REGISTERS = bytes("01 03 00 00 00 0A C5 CD");
    private static final byte[] READ_3_REGISTERS = bytes("11 03 00 6B 00 03 76 87");

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    static byte[] bytes(String spaced) {
        String[] parts = spaced.split(" ");
        byte[] result = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            result[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return result;
    }

    @Test
    void bytesFromTheLineBecomeSerialRecordsSplitAtPauses() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                Transport transport = registry.create("serial:" + pty.endA() + "?baud=9600&pauseMs=50")) {
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            transport.open();
            OutputStream peer = pty.outputB();
            long before = WallClock.epochNs();
            peer.write(READ_10_REGISTERS);
            peer.flush();
            collector.awaitRecords(1, WAIT);
            Thread.sleep(200); // a pause on the line, longer than pauseMs
            peer.write(READ_3_REGISTERS);
            peer.flush();
            collector.awaitRecords(2, WAIT);
            long after = WallClock.epochNs();

            List<TraceRecord> records = collector.records();
            assertEquals(2, records.size());
            assertArrayEquals(READ_10_REGISTERS, records.get(0).payload());
            assertArrayEquals(READ_3_REGISTERS, records.get(1).payload());
            for (TraceRecord record : records) {
                assertEquals(BusKind.SERIAL, record.bus());
                assertEquals("a", record.channel());
                assertFalse(record.isTransmitted());
                assertTrue(record.timestampNs() >= before && record.timestampNs() <= after, record.toString());
            }
            assertTrue(records.get(1).timestampNs() - records.get(0).timestampNs() >= 150_000_000L,
                    "the second record is stamped after the pause");
            assertEquals(16, transport.statistics().bytesReceived());
            assertEquals(2, transport.statistics().recordsReceived());
        }
    }

    @Test
    void sendWritesTheRecordBytesToTheLine() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                Transport transport = registry.open("serial:" + pty.endA() + "?baud=115200&parity=even&stopBits=2")) {
            InputStream peer = pty.inputB();
            transport.send(TraceRecord.serial(0, "a", true, READ_10_REGISTERS));
            assertArrayEquals(READ_10_REGISTERS, peer.readNBytes(READ_10_REGISTERS.length));
            assertEquals(1, transport.statistics().recordsSent());
            TransportException canFrame = assertThrows(TransportException.class,
                    () -> transport.send(TraceRecord.can(0, "a", 0x351)));
            assertEquals("serial:" + pty.endA() + ": cannot send a CAN record on a serial line", canFrame.getMessage());
        }
    }

    @Test
    void bytesStillInTheBufferAtCloseAreDelivered() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            // with a 5 s pause the last part of the burst is still held when close() comes
            Transport transport = registry.create("serial:" + pty.endA() + "?pauseMs=5000");
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            transport.open();
            byte[] burst = new byte[10_000];
            for (int i = 0; i < burst.length; i++) {
                burst[i] = (byte) i;
            }
            OutputStream peer = pty.outputB();
            peer.write(burst);
            peer.flush();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (transport.statistics().bytesReceived() < burst.length && System.nanoTime() < deadline) {
                Thread.sleep(10); // until the transport has read them all (socat is slow on a busy machine)
            }
            transport.close();
            byte[] received = collector.records().stream().map(TraceRecord::payload)
                    .collect(java.io.ByteArrayOutputStream::new, (out, b) -> out.write(b, 0, b.length), (x, y) -> {
                    }).toByteArray();
            assertArrayEquals(burst, received);
            assertEquals(List.of(4096, 4096, 1808), collector.records().stream().map(TraceRecord::length).toList(),
                    "full records of MAX_SERIAL_LENGTH, then the rest at close");
        }
    }

    @Test
    void killingTheFarEndGivesALostEventNamingThePortKeepsTheRecordsAndAllowsReopening() throws Exception {
        String uri = "serial:" + directory.resolve("a") + "?pauseMs=20";
        Transport transport = registry.create(uri);
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        transport.addStateListener(collector);
        try (PtyPair pty = PtyPair.start(directory)) {
            transport.open();
            OutputStream peer = pty.outputB();
            peer.write(READ_10_REGISTERS);
            peer.flush();
            collector.awaitRecords(1, WAIT);
            pty.kill();
            collector.await("lost", WAIT, () -> transport.state() == TransportState.LOST);
        }
        StateEvent lost = collector.events().get(collector.events().size() - 1);
        assertEquals(TransportState.LOST, lost.state());
        assertTrue(lost.reason().startsWith("serial:" + directory.resolve("a") + ": port lost"), lost.reason());
        assertEquals(1, collector.recordCount());
        assertArrayEquals(READ_10_REGISTERS, collector.records().get(0).payload());
        // the LOST event is the reader thread's last act; it ends right after
        collector.await("the reader thread to end", WAIT, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("serial:" + directory.resolve("a") + " reader")));

        // the adapter comes back: the same transport opens again and receives again
        try (PtyPair pty = PtyPair.start(directory)) {
            transport.open();
            OutputStream peer = pty.outputB();
            peer.write(READ_3_REGISTERS);
            peer.flush();
            collector.awaitRecords(2, WAIT);
            assertArrayEquals(READ_3_REGISTERS, collector.records().get(1).payload());
            transport.close();
            transport.close();
        }
        assertEquals(List.of(TransportState.OPENING, TransportState.OPEN, TransportState.LOST, TransportState.OPENING,
                TransportState.OPEN, TransportState.CLOSED),
                collector.events().stream().map(StateEvent::state).collect(Collectors.toList()));
    }

    @Test
    void aFailingListenerNeitherStopsTheReaderNorStarvesTheOthers() throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                Transport transport = registry.create("serial:" + pty.endA() + "?pauseMs=50")) {
            transport.addRecordListener(record -> {
                throw new IllegalStateException("a broken plugin");
            });
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            transport.open();
            OutputStream peer = pty.outputB();
            peer.write(READ_10_REGISTERS);
            peer.flush();
            collector.awaitRecords(1, WAIT);
            Thread.sleep(200);
            peer.write(READ_3_REGISTERS);
            peer.flush();
            collector.awaitRecords(2, WAIT);
            assertEquals(2, transport.statistics().listenerFailures());
            assertEquals(TransportState.OPEN, transport.state());
        }
    }

    @Test
    void theReaderThreadIsNamedAfterThePortAndEndsOnClose() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            Transport transport = registry.open("serial:" + pty.endA());
            String threadName = "serial:" + pty.endA() + " reader";
            assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(threadName)));
            transport.close();
            assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(threadName)));
            assertEquals(TransportState.CLOSED, transport.state());
        }
    }

    @Test
    void aMissingPortIsNamedWithThePortsThatExist() throws Exception {
        Transport transport = registry.create("serial:/dev/ttyNOSUCH0?baud=9600");
        TransportException e = assertThrows(TransportException.class, transport::open);
        String found = SerialPorts.list().stream().map(PortInfo::systemName).collect(Collectors.joining(", "));
        assertEquals("serial:/dev/ttyNOSUCH0: no such port (ports found: " + (found.isEmpty() ? "none" : found) + ")",
                e.getMessage());
        assertEquals(TransportState.CLOSED, transport.state());
    }

    @Test
    void ptysAndLinksToThemAreNotRealDevices() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            assertEquals(EndpointKind.PSEUDO_TERMINAL, registry.endpointKind("serial:" + pty.endA()));
            assertEquals(EndpointKind.PSEUDO_TERMINAL, registry.endpointKind("slcan:" + pty.endB() + "?bitrate=500000"));
            Path resolved = pty.endA().toRealPath();
            assertTrue(resolved.toString().startsWith("/dev/pts/"), resolved.toString());
            assertEquals(EndpointKind.PSEUDO_TERMINAL, registry.endpointKind("modbus-rtu:" + resolved + "?unit=1"));
            assertFalse(registry.endpointKind("serial:" + pty.endA()).isReal());
        }
        // a device that is not a pty, a path that does not exist (yet): treated as real, the safe answer
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("serial:/dev/null"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("serial:/dev/ttyUSB7"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("serial:COM3"));
        Path plainFileLink = Files.createSymbolicLink(directory.resolve("link"), Files.createFile(directory.resolve("f")));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("serial:" + plainFileLink));
        assertTrue(registry.endpointKind("serial:/dev/ttyS0").isReal());
    }

    @Test
    void discoveryDescribesEveryPortJSerialCommSees() {
        List<PortInfo> ports = new JSerialCommPortDiscovery().ports();
        for (PortInfo port : ports) {
            assertFalse(port.systemName().isBlank(), port.toString());
            assertFalse(port.path().isBlank(), port.toString());
        }
        assertEquals(ports.stream().map(PortInfo::path).sorted().toList(), ports.stream().map(PortInfo::path).toList());
        PortInfo canable = new PortInfo("ttyACM0", "/dev/ttyACM0", "CANable 2.0", 0x16D0, 0x117E, "0042");
        assertEquals("/dev/ttyACM0 (CANable 2.0, USB 16D0:117E)", canable.toString());
        assertTrue(canable.isUsb());
        assertFalse(new PortInfo("ttyS0", "/dev/ttyS0", "Physical Port S0", -1, -1, "").isUsb());
    }
}
