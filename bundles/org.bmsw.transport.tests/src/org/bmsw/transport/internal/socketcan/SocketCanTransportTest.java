package org.bmsw.transport.internal.socketcan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code socketcan:} through JavaCAN. The frame tests need a virtual CAN interface {@code vcan0} and are skipped,
 * saying so, where there is none (containers, CI without the vcan module); the rest runs everywhere and proves the
 * native library loads inside OSGi.
 */
@Timeout(30)
class SocketCanTransportTest {

    private static final String VCAN = "vcan0";
    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    private static void assumeVcan() {
        assumeTrue(Files.exists(Path.of("/sys/class/net", VCAN)), "no " + VCAN + " interface on this machine, so the "
                + "SocketCAN frame tests are skipped; to run them: sudo modprobe vcan && sudo ip link add dev " + VCAN
                + " type vcan && sudo ip link set up " + VCAN);
    }

    @Test
    void aMissingInterfaceIsNamedWithTheWayToCreateOne() throws Exception {
        try (Transport transport = registry.create("socketcan:nosuch7")) {
            TransportException e = assertThrows(TransportException.class, transport::open);
            // the native library loaded (otherwise the message says so): only the interface is missing
            assertTrue(e.getMessage().startsWith("socketcan:nosuch7: no CAN interface nosuch7 (ip -brief link lists"),
                    e.getMessage());
            assertEquals(TransportState.CLOSED, transport.state());
        }
    }

    @Test
    void virtualInterfacesNeedNoAcknowledgementRealOnesDo() throws Exception {
        assertEquals(EndpointKind.VIRTUAL, registry.endpointKind("socketcan:vcan0"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("socketcan:can0"));
        assertEquals("can0", registry.create("socketcan:can0?fd=true").channel());
    }

    @Test
    void framesSentOnOneSocketArriveOnTheOtherWithTheirFlags() throws Exception {
        assumeVcan();
        List<TraceRecord> received = new CopyOnWriteArrayList<>();
        try (Transport listener = registry.open("socketcan:" + VCAN + "?fd=true");
                Transport sender = registry.open("socketcan:" + VCAN + "?fd=true")) {
            listener.addRecordListener(received::add);
            List<TraceRecord> sent = List.of(TraceRecord.can(0, VCAN, 0x351, (byte) 0x48, (byte) 0x02, (byte) 0xD0,
                    (byte) 0x07, (byte) 0xD0, (byte) 0x07, (byte) 0xC0, (byte) 0x01),
                    new TraceRecord(0, VCAN, BusKind.CAN, 0x18FF50E5, FrameFlags.EXTENDED, new byte[] { 1, 2, 3 }),
                    new TraceRecord(0, VCAN, BusKind.CAN, 0x123, FrameFlags.FD | FrameFlags.FD_BRS, new byte[12]));
            for (TraceRecord record : sent) {
                sender.send(record);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(sent.size(), received.size());
            for (int i = 0; i < sent.size(); i++) {
                assertEquals(sent.get(i).identifier(), received.get(i).identifier());
                assertEquals(sent.get(i).flags(), received.get(i).flags());
                assertEquals(java.util.HexFormat.of().formatHex(sent.get(i).payload()),
                        java.util.HexFormat.of().formatHex(received.get(i).payload()));
                assertEquals(VCAN, received.get(i).channel());
            }
        }
    }

    @Test
    void aClassicSocketRefusesToSendFdFrames() throws Exception {
        assumeVcan();
        try (Transport classic = registry.open("socketcan:" + VCAN)) {
            TransportException e = assertThrows(TransportException.class, () -> classic.send(
                    new TraceRecord(0, VCAN, BusKind.CAN, 0x123, FrameFlags.FD, new byte[12])));
            assertEquals("socketcan:vcan0: a CAN FD frame needs ?fd=true", e.getMessage());
        }
    }
}
