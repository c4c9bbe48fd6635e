package org.bmsw.transport.internal.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.ModbusMaster;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.testing.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/** The Modbus TCP master against j2mod's TCP slave on 127.0.0.1, on a free port. */
@Timeout(60)
class ModbusTcpTransportTest {

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();
    private int port;
    private ModbusSlave slave;
    private SimpleProcessImage image;
    private Transport transport;
    private ModbusMaster master;
    private String label;

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void startSlaveAndMaster() throws Exception {
        port = freePort();
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        image = ModbusRtuTransportTest.processImage();
        slave.addProcessImage(1, image);
        slave.open();
        label = "modbus-tcp://127.0.0.1:" + port;
        transport = registry.open(label + "?unit=1&timeoutMs=1000");
        master = (ModbusMaster) transport;
    }

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
    }

    @Test
    void readsAndWritesTheSlavesProcessImage() throws Exception {
        assertArrayEquals(ModbusRtuTransportTest.HOLDING, master.readHoldingRegisters(0, 10));
        assertArrayEquals(ModbusRtuTransportTest.INPUT, master.readInputRegisters(0, 2));
        assertArrayEquals(new boolean[] { true, false, true }, master.readCoils(0, 3));
        assertArrayEquals(new boolean[] { false, true }, master.readDiscreteInputs(0, 2));
        master.writeMultipleRegisters(7, 11, 22, 33);
        assertEquals(List.of(11, 22, 33), List.of(image.getRegister(7).getValue(), image.getRegister(8).getValue(),
                image.getRegister(9).getValue()));
        master.writeSingleRegister(0, 4800);
        master.writeSingleCoil(2, false);
        assertArrayEquals(new int[] { 4800, 0xFFD8 }, master.readHoldingRegisters(0, 2));
        assertArrayEquals(new boolean[] { true, false, false }, master.readCoils(0, 3));
    }

    @Test
    void requestsAndResponsesAreDeliveredWithTheirMbapHeader() throws Exception {
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        master.readHoldingRegisters(0, 10);
        List<TraceRecord> records = collector.records();
        assertEquals(2, records.size());
        byte[] request = records.get(0).payload();
        // transaction id (any), protocol 0, length 6, unit 1, FC 3, address 0, count 10
        assertEquals("00 00 00 06 01 03 00 00 00 0A", Hex.spaced(Arrays.copyOfRange(request, 2, request.length)));
        byte[] response = records.get(1).payload();
        assertEquals(Hex.spaced(Arrays.copyOf(request, 2)), Hex.spaced(Arrays.copyOf(response, 2)),
                "the response carries the request's transaction id");
        assertEquals("00 00 00 17 01 03 14 14 00 FF D8", Hex.spaced(Arrays.copyOfRange(response, 2, 13)));
        assertEquals("127.0.0.1:" + port, records.get(0).channel());
    }

    @Test
    void anExceptionResponseNamesAddressUnitCodeAndRequest() {
        TransportException e = assertThrows(TransportException.class, () -> master.readInputRegisters(50, 1));
        assertEquals(label + " unit 1: slave answered exception 2 (illegal data address) to read 1 input registers at 50",
                e.getMessage());
    }

    @Test
    void aPeerThatHangsUpGivesAnErrorNamingTheAddressAndARefusedConnectionToo() throws Exception {
        // a TCP peer that accepts and hangs up at once, like a gateway that reboots
        try (ServerSocket hangingUp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    hangingUp.accept().close();
                } catch (IOException e) {
                    // closed by the test
                }
            });
            acceptor.start();
            String peer = "modbus-tcp://127.0.0.1:" + hangingUp.getLocalPort();
            try (Transport hungUp = registry.open(peer + "?timeoutMs=500")) {
                TransportException e = assertThrows(TransportException.class,
                        () -> ((ModbusMaster) hungUp).readHoldingRegisters(0, 1));
                assertTrue(e.getMessage().startsWith(peer + " unit 1: no valid answer to read 1 holding registers at 0 "
                        + "within 500 ms ("), e.getMessage());
            }
            acceptor.join(5000);
        }
        int closedPort = freePort();
        String nobody = "modbus-tcp://127.0.0.1:" + closedPort;
        Transport refused = registry.create(nobody + "?timeoutMs=500");
        TransportException e = assertThrows(TransportException.class, refused::open);
        assertTrue(e.getMessage().startsWith(nobody + ": cannot connect to 127.0.0.1:" + closedPort + " within 500 ms ("),
                e.getMessage());
        assertEquals(TransportState.CLOSED, refused.state());
    }

    @Test
    void loopbackAddressesAreNotRealDevices() throws Exception {
        assertEquals(EndpointKind.LOOPBACK, registry.endpointKind(label + "?unit=1"));
        assertEquals(EndpointKind.LOOPBACK, registry.endpointKind("modbus-tcp://localhost:502"));
        assertEquals(EndpointKind.LOOPBACK, registry.endpointKind("modbus-tcp://[::1]:502"));
        assertEquals(EndpointKind.LOOPBACK, registry.endpointKind("modbus-tcp://127.0.0.2"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("modbus-tcp://192.0.2.10:502"));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("modbus-tcp://no-such-host.invalid:502"));
    }
}
