package org.bmsw.transport.internal.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.modbus.ModbusDecoder;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.testing.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;

/**
 * Polling by register map ({@code map=FILE}) against j2mod's TCP slave on loopback: blocks grouped into as few
 * requests as allowed, each request and response in the records, decoded by the same map; exception responses
 * counted and kept; a unit that does not answer reported as lost.
 */
@Timeout(60)
class ModbusPollTest {

    /** Over the process image of {@link ModbusRtuTransportTest#processImage()}: 51.20 V, -4.0 A, SOC 87 %, ... */
    static final String MAP = """
            {"name": "test battery", "source": "ModbusRtuTransportTest's process image", "period_ms": 100,
             "registers": [
               {"address": 0, "scale": 0.01, "name": "voltage_V"},
               {"address": 1, "type": "s16", "scale": 0.1, "name": "current_A"},
               {"address": 2, "name": "soc_pct"},
               {"address": 3, "name": "soh_pct"},
               {"address": 4, "name": "max_cell_mV"},
               {"address": 5, "name": "min_cell_mV"},
               {"address": 6, "scale": 0.1, "name": "temperature_C"},
               {"address": 9, "name": "flags", "bits": [{"bit": 1, "name": "charge_enable"},
                                                        {"bit": 0, "name": "warning_high_voltage"},
                                                        {"bit": 2, "name": "protection_low_voltage"}]},
               {"address": 0, "table": "input", "name": "cell_1_mV"},
               {"address": 1, "table": "input", "name": "cell_2_mV"},
               {"address": 0, "table": "coil", "name": "discharge_enable"},
               {"address": 1, "table": "coil", "name": "heater"}
             ]}
            """;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();
    private ModbusSlave slave;
    private Transport transport;

    @AfterEach
    void stop() {
        if (transport != null) {
            transport.close();
        }
        if (slave != null) {
            ModbusSlaveFactory.close(slave);
        }
    }

    private String startSlave() throws Exception {
        int port = ModbusTcpTransportTest.freePort();
        slave = ModbusSlaveFactory.createTCPSlave(InetAddress.getLoopbackAddress(), port, 2, false);
        slave.addProcessImage(1, ModbusRtuTransportTest.processImage());
        slave.open();
        return "modbus-tcp://127.0.0.1:" + port;
    }

    static Path write(Path directory, String name, String text) throws Exception {
        Path file = directory.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** The {function, address, count} of every request in {@code records}. */
    static List<String> requests(List<TraceRecord> records) {
        List<String> requests = new ArrayList<>();
        for (TraceRecord record : records) {
            if (record.isTransmitted()) {
                byte[] p = record.payload(); // MBAP header, unit, function, address, count
                requests.add("fc" + p[7] + " " + ((p[8] & 0xFF) << 8 | p[9] & 0xFF) + "+" + ((p[10] & 0xFF) << 8
                        | p[11] & 0xFF));
            }
        }
        return requests;
    }

    @Test
    void pollsTheMapsBlocksAndTheRecordsDecodeWithTheSameMap(@TempDir Path directory) throws Exception {
        Path map = write(directory, "battery.json", MAP);
        String uri = startSlave() + "?unit=1&map=" + map;
        transport = registry.create(uri);
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        transport.addStateListener(collector);
        transport.open();
        collector.await("two rounds of the three blocks", Duration.ofSeconds(10), () -> collector.recordCount() >= 12);
        assertEquals(TransportState.OPEN, transport.state(), "open once the unit answered");
        transport.close();
        List<TraceRecord> records = collector.records();
        // holding 0-6 in one request; 7 and 8 are not in the map, so 9 is a request of its own (no max_gap)
        List<String> firstRound = requests(records).subList(0, 4);
        assertEquals(List.of("fc3 0+7", "fc3 9+1", "fc4 0+2", "fc1 0+2"), firstRound.stream().sorted((a, b) ->
                order(a) - order(b)).toList(), requests(records).toString());
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.parse(map.toString(), Files.readString(map)));
        List<DecodedMessage> messages = new ArrayList<>();
        for (TraceRecord record : records) {
            decoder.decode(record, messages::add);
        }
        BatteryState state = decoder.state();
        assertEquals(51.2, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        assertEquals(-4.0, state.get(Quantity.CURRENT).orElseThrow(), 1e-9);
        assertEquals(87, state.get(Quantity.SOC).orElseThrow());
        assertEquals(3397, state.get(Quantity.MAX_CELL_VOLTAGE).orElseThrow());
        assertEquals(25.0, state.get(Quantity.TEMPERATURE).orElseThrow(), 1e-9);
        // register 9 holds 42 = 0b101010: bit 1 set, bits 0 and 2 clear
        assertEquals(true, state.get(Request.CHARGE_ENABLE).orElseThrow());
        assertTrue(state.alarms().isEmpty(), state.alarms().toString());
        // coil 0 set
        assertEquals(true, state.get(Request.DISCHARGE_ENABLE).orElseThrow());
        DecodedSignal cell = messages.stream().flatMap(m -> m.signals().stream())
                .filter(s -> s.name().equals("cell_2_mV")).findFirst().orElseThrow();
        assertEquals(3011, cell.value());
        assertTrue(messages.stream().allMatch(m -> m.problems().isEmpty()), messages.toString());
    }

    /** The gate in ModbusTransport.open: a master on a real port (here made to look real) asks the interlock. */
    @Test
    void aPollOnARealPortIsRefusedUntilAcknowledgedAndNothingIsSent(@TempDir Path directory) throws Exception {
        Path map = write(directory, "battery.json", MAP);
        String uri = startSlave() + "?unit=1&map=" + map;
        transport = registry.create(uri);
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        try (AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                u -> u.equals(uri) ? EndpointKind.REAL_DEVICE : null)) {
            TransmitRefusedException refused = assertThrows(TransmitRefusedException.class, transport::open);
            assertTrue(refused.getMessage().contains("polling a register map"), refused.getMessage());
            Thread.sleep(300); // a poller started despite the refusal would have sent its first round by now
            assertEquals(0, collector.recordCount(), "no request left before the acknowledgement");
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(refused.port())) {
                transport.open();
                collector.await("the first round", Duration.ofSeconds(10), () -> collector.recordCount() >= 2);
            }
        }
    }

    private static int order(String request) {
        return List.of("fc3 0+7", "fc3 9+1", "fc4 0+2", "fc1 0+2").indexOf(request);
    }

    @Test
    void theMaximumPerRequestSplitsABlockAndAGapJoinsTwo(@TempDir Path directory) throws Exception {
        RegisterMap map = RegisterMap.parse("battery.json", MAP);
        assertEquals(List.of("holding 0..6 every 100 ms", "holding 9..9 every 100 ms", "input 0..1 every 100 ms",
                "coil 0..1 every 100 ms"), map.blocks(125, 2000).stream().map(RegisterMap.Block::toString).toList());
        assertEquals(List.of("holding 0..3", "holding 4..6", "holding 9..9", "input 0..1", "coil 0..1"),
                map.blocks(4, 2000).stream().map(b -> b.toString().replace(" every 100 ms", "")).toList());
        RegisterMap gaps = RegisterMap.parse("gaps.json", MAP.replace("\"period_ms\": 100,",
                "\"period_ms\": 100, \"max_gap\": 2,"));
        assertEquals("holding 0..9 every 100 ms", gaps.blocks(125, 2000).get(0).toString());
        // an entry of its own period is a request of its own
        RegisterMap periods = RegisterMap.parse("periods.json", MAP.replace("{\"address\": 3, \"name\": \"soh_pct\"}",
                "{\"address\": 3, \"name\": \"soh_pct\", \"period_ms\": 60000}"));
        assertEquals(List.of("holding 0..2 every 100 ms", "holding 4..6 every 100 ms", "holding 9..9 every 100 ms",
                "holding 3..3 every 60000 ms"), periods.blocks(125, 2000).stream().filter(b -> b.table()
                        == RegisterMap.Table.HOLDING).map(RegisterMap.Block::toString).toList());
        Path file = write(directory, "battery.json", MAP);
        String uri = startSlave() + "?unit=1&maxRegisters=4&map=" + file;
        transport = registry.create(uri);
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        transport.open();
        collector.await("one round of five requests", Duration.ofSeconds(10), () -> collector.recordCount() >= 10);
        transport.close();
        assertTrue(requests(collector.records()).containsAll(List.of("fc3 0+4", "fc3 4+3", "fc3 9+1")),
                requests(collector.records()).toString());
    }

    @Test
    void exceptionResponsesAreRecordedNamedAndThePollGoesOn(@TempDir Path directory) throws Exception {
        // registers 100-101 are not in the image: j2mod's slave answers exception 2
        Path map = write(directory, "wrong.json", """
                {"name": "wrong map", "period_ms": 50, "registers": [
                  {"address": 0, "scale": 0.01, "name": "voltage_V"},
                  {"address": 100, "type": "u32", "name": "energy"}]}
                """);
        transport = registry.create(startSlave() + "?unit=1&map=" + map);
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        transport.addStateListener(collector);
        transport.open();
        ModbusTransport modbus = (ModbusTransport) transport;
        collector.await("three exception responses", Duration.ofSeconds(10),
                () -> modbus.poller() != null && modbus.poller().exceptionResponses() >= 3);
        assertTrue(modbus.poller().answered() >= 2, "the other block is still answered");
        assertEquals("slave answered exception 2 (illegal data address) to read 2 holding registers at 100",
                modbus.poller().lastProblem().getMessage().replaceFirst(".* unit 1: ", ""));
        assertEquals(TransportState.OPEN, transport.state());
        transport.close();
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.parse(map.toString(), Files.readString(map)));
        List<DecodedMessage> messages = new ArrayList<>();
        collector.records().forEach(r -> decoder.decode(r, messages::add));
        DecodedMessage exception = messages.stream().filter(m -> m.message().endsWith("exception")).findFirst()
                .orElseThrow();
        assertEquals("ReadHoldingRegisters exception", exception.message());
        assertEquals(List.of("exception 2: illegal data address"), exception.problems());
        assertEquals(51.2, decoder.state().get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
    }

    @Test
    void aUnitThatStopsAnsweringIsReportedLostAndPolledAgainWhenReopened(@TempDir Path directory) throws Exception {
        Path map = write(directory, "battery.json", MAP);
        // a TCP peer that takes the connection and every request and never answers
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread sink = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = silent.accept();
                        Thread reader = new Thread(() -> {
                            try (InputStream in = socket.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (java.io.IOException e) {
                                // closed
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            });
            sink.setDaemon(true);
            sink.start();
            String uri = "modbus-tcp://127.0.0.1:" + silent.getLocalPort() + "?unit=1&timeoutMs=200&silentAfter=2&map="
                    + map;
            transport = registry.create(uri);
            Collector collector = new Collector();
            transport.addStateListener(collector);
            transport.addRecordListener(collector);
            transport.open();
            collector.await("the unit reported lost", Duration.ofSeconds(10),
                    () -> transport.state() == TransportState.LOST);
            String reason = collector.events().get(collector.events().size() - 1).reason();
            assertTrue(reason.startsWith("modbus-tcp://127.0.0.1:" + silent.getLocalPort()
                    + " unit 1: silent, 2 requests in a row unanswered (last: "), reason);
            // the requests are in the records, their responses are not
            assertTrue(collector.records().stream().allMatch(TraceRecord::isTransmitted));
            // a connection alone is not a device: never open, only opening until a first answer
            assertTrue(collector.events().stream().noneMatch(e -> e.state() == TransportState.OPEN),
                    collector.events().toString());
            // reopening (as a capture does every second) polls again
            transport.open();
            assertEquals(TransportState.OPENING, transport.state());
            collector.await("lost again", Duration.ofSeconds(10), () -> transport.state() == TransportState.LOST);
        }
    }

    @Test
    void aBadMapIsRefusedNamingFileAndLine(@TempDir Path directory) throws Exception {
        Path map = write(directory, "bad.json", "{\"registers\": [\n {\"address\": 1, \"name\": \"x\", \"type\": \"u24\"}]}");
        TransportException e = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> registry.create("modbus-tcp://127.0.0.1:502?map=" + map));
        assertEquals(map + ":2: registers[0].type: 'u24' is not u16, s16, u32, s32, u64, s64, float32, string or bool",
                e.getMessage());
        TransportException missing = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> registry.create("modbus-tcp://127.0.0.1:502?map=" + directory.resolve("none.json")));
        assertTrue(missing.getMessage().endsWith("none.json: no such file"), missing.getMessage());
        TransportException noMap = org.junit.jupiter.api.Assertions.assertThrows(TransportException.class,
                () -> registry.create("modbus-tcp://127.0.0.1:502?maxRegisters=10"));
        assertTrue(noMap.getMessage().endsWith("give the register map to poll with map=FILE"), noMap.getMessage());
    }
}
