package org.bmsw.transport.internal.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.TestData;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.ModbusMaster;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.testing.Collector;
import org.bmsw.testdata.PtyPair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/** The Modbus RTU master on end A of a socat pty pair, j2mod's own serial slave on end B. */
@Timeout(60)
@TestInstance(Lifecycle.PER_CLASS)
class ModbusRtuTransportTest {

    /** Holding registers 0-9 of unit 1: a battery's 51.20 V, -4.0 A (0xFFD8) and friends. */
    static final int[] HOLDING = { 5120, 0xFFD8, 87, 99, 3397, 3401, 250, 0, 0xFFFF, 42 };
    static final int[] INPUT = { 2986, 3011 };

    private PtyPair pty;
    private ModbusSlave slave;
    private SimpleProcessImage image;
    private Transport transport;
    private ModbusMaster master;
    private String label;

    static SimpleProcessImage processImage() {
        SimpleProcessImage image = new SimpleProcessImage(1);
        for (int value : HOLDING) {
            image.addRegister(new SimpleRegister(value));
        }
        for (int value : INPUT) {
            image.addInputRegister(new SimpleInputRegister(value));
        }
        image.addDigitalOut(new SimpleDigitalOut(true));
        image.addDigitalOut(new SimpleDigitalOut(false));
        image.addDigitalOut(new SimpleDigitalOut(true));
        image.addDigitalIn(new SimpleDigitalIn(false));
        image.addDigitalIn(new SimpleDigitalIn(true));
        return image;
    }

    /** One slave for the class: closing a j2mod serial slave takes seconds. */
    @BeforeAll
    void startSlave(@TempDir Path directory) throws Exception {
        pty = PtyPair.start(directory);
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(pty.endB().toString());
        parameters.setBaudRate(19200);
        parameters.setDatabits(8);
        parameters.setParity("None");
        parameters.setStopbits(1);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(false);
        slave = ModbusSlaveFactory.createSerialSlave(parameters);
        slave.open();
        label = "modbus-rtu:" + pty.endA();
    }

    @BeforeEach
    void freshImageAndMaster() throws Exception {
        image = processImage();
        slave.addProcessImage(1, image);
        transport = TransportRegistry.withBuiltInProviders().open(label + "?baud=19200&unit=1&timeoutMs=500");
        master = (ModbusMaster) transport;
    }

    @AfterEach
    void closeMaster() {
        transport.close();
    }

    @AfterAll
    void stopSlave() {
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void readsTheRegistersAndBitsTheSlaveHolds() throws Exception {
        assertArrayEquals(HOLDING, master.readHoldingRegisters(0, 10));
        assertArrayEquals(new int[] { 3397, 3401 }, master.readHoldingRegisters(4, 2));
        assertArrayEquals(INPUT, master.readInputRegisters(0, 2));
        assertArrayEquals(new boolean[] { true, false, true }, master.readCoils(0, 3));
        assertArrayEquals(new boolean[] { false, true }, master.readDiscreteInputs(0, 2));
    }

    @Test
    void writesLandInTheSlavesProcessImage() throws Exception {
        master.writeSingleRegister(5, 1234);
        assertEquals(1234, image.getRegister(5).getValue());
        master.writeMultipleRegisters(0, 4800, 0xFFF6, -2);
        assertEquals(List.of(4800, 0xFFF6, 0xFFFE),
                List.of(image.getRegister(0).getValue(), image.getRegister(1).getValue(), image.getRegister(2).getValue()));
        master.writeSingleCoil(1, true);
        assertTrue(image.getDigitalOut(1).isSet());
        master.writeMultipleCoils(0, false, false, false);
        assertArrayEquals(new boolean[] { false, false, false }, master.readCoils(0, 3));
        assertArrayEquals(new int[] { 4800, 0xFFF6, 0xFFFE }, master.readHoldingRegisters(0, 3));
    }

    @Test
    void requestsAndResponsesAreDeliveredAsTheirRtuFrames() throws Exception {
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        master.readHoldingRegisters(0, 10);
        List<TraceRecord> records = collector.records();
        assertEquals(2, records.size());
        // modbus_rtu-02: "read 10 holding registers from 0 on slave 1", CRC C5 CD
        String vector = TestData.vectors("modbus_rtu.json").stream().filter(v -> v.id().equals("modbus_rtu-02"))
                .findFirst().orElseThrow().expected().get("full_frame").getAsString();
        assertEquals(vector, Hex.spaced(records.get(0).payload()));
        assertTrue(records.get(0).isTransmitted());
        TraceRecord response = records.get(1);
        assertTrue(!response.isTransmitted());
        assertEquals("01 03 14 14 00 FF D8 00 57 00 63 0D 45 0D 49 00 FA 00 00 FF FF 00 2A",
                Hex.spaced(java.util.Arrays.copyOf(response.payload(), response.length() - 2)));
        assertEquals("a", response.channel());
        assertTrue(response.timestampNs() >= records.get(0).timestampNs());
    }

    @Test
    void anExceptionResponseNamesPortUnitCodeAndRequest() {
        TransportException e = assertThrows(TransportException.class, () -> master.readHoldingRegisters(100, 2));
        assertEquals(label + " unit 1: slave answered exception 2 (illegal data address) to read 2 holding "
                + "registers at 100", e.getMessage());
        assertEquals(TransportState.OPEN, transport.state());
    }

    @Test
    void aUnitThatDoesNotAnswerTimesOutNamingPortAndUnit() throws Exception {
        TransportException e = assertThrows(TransportException.class,
                () -> master.withUnit(7).readHoldingRegisters(0, 1));
        assertTrue(e.getMessage().startsWith(label + " unit 7: no valid answer to read 1 holding registers at 0 "
                + "within 500 ms ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("); check the wiring, line settings and unit id"), e.getMessage());
        // the line still works for the unit that exists
        assertArrayEquals(new int[] { 5120 }, master.readHoldingRegisters(0, 1));
    }

    @Test
    void requestsOutsideTheProtocolLimitsAreRefusedBeforeTheWire() {
        assertEquals("register count 126 is out of range 1..125",
                assertThrows(TransportException.class, () -> master.readHoldingRegisters(0, 126)).getMessage());
        assertEquals("address range 65535..65536 is out of range 0..65535",
                assertThrows(TransportException.class, () -> master.readInputRegisters(65535, 2)).getMessage());
        assertEquals("register value 70000 does not fit 16 bits",
                assertThrows(TransportException.class, () -> master.writeSingleRegister(0, 70000)).getMessage());
    }

    @Test
    void aPtyIsNotARealDevice() throws Exception {
        assertEquals(EndpointKind.PSEUDO_TERMINAL,
                TransportRegistry.withBuiltInProviders().endpointKind(label + "?unit=1"));
    }
}
