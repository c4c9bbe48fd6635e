package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.ModbusMaster;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated Modbus battery and inverter, served by j2mod's slave on loopback TCP and on a socat pty pair,
 * polled by the workbench's own Modbus source with the maps that ship; what the poll records decodes back to the
 * plant's values.
 */
@Timeout(90)
class ModbusSimulatorEndToEndTest {

    static final Scenario SITE = Scenario.parse("site.scenario", """
            set soc_pct=73 voltage_V=52.4 current_A=40 charge_current_limit_A=50 discharge_current_limit_A=100
            set charge_voltage_limit_V=56.8 min_cell_mV=3270 max_cell_mV=3290 charge_enable=true discharge_enable=true
            raise warning high_temperature
            """);

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Polls {@code uri} until {@code records} records arrived or the transport left OPEN; the records. */
    static List<TraceRecord> poll(String uri, int records) throws Exception {
        List<TraceRecord> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Transport transport = TransportRegistry.withBuiltInProviders().create(uri)) {
            transport.addRecordListener(received::add);
            transport.open();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < records && transport.state() != TransportState.LOST
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        return new ArrayList<>(received);
    }

    static ModbusDecoder decode(RegisterMap map, List<TraceRecord> records, List<DecodedMessage> messages) {
        ModbusDecoder decoder = new ModbusDecoder(map);
        records.forEach(r -> decoder.decode(r, messages::add));
        return decoder;
    }

    @Test
    void theSimulatedBatteryOnLoopbackTcpIsPolledWithItsMapAndDecodesToThePlant() throws Exception {
        RegisterMap map = RegisterMap.builtIn("seplos-v3-bms");
        int port = freePort();
        Plant plant = new Plant(SITE, new InverterModel(InverterModel.Settings.obedient().withRampAps(0)));
        ManualClock clock = new ManualClock();
        try (ModbusSimulator site = new ModbusSimulator(plant, clock)
                .battery(ModbusDevice.tcp(map, 1, InetAddress.getLoopbackAddress(), port))) {
            for (int t = 0; t <= 5; t++) {
                clock.setSeconds(t);
                site.tick();
            }
            // the PIA, PIB and PIC blocks, each once: 3 requests and 3 responses
            List<TraceRecord> records = poll("modbus-tcp://127.0.0.1:" + port + "?unit=1&map=builtin:seplos-v3-bms", 6);
            List<DecodedMessage> messages = new ArrayList<>();
            BatteryState state = decode(map, records, messages).state();
            assertEquals(73, state.get(Quantity.SOC).orElseThrow(), 1e-9);
            assertEquals(52.4, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
            assertEquals(40, state.get(Quantity.CURRENT).orElseThrow(), 1e-9, "the current the inverter drives");
            assertEquals(50, state.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
            assertEquals(100, state.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
            assertEquals(3290, state.get(Quantity.MAX_CELL_VOLTAGE).orElseThrow(), 1e-9);
            assertEquals(true, state.get(Request.CHARGE_ENABLE).orElseThrow());
            assertEquals(1, state.alarms().size(), state.alarms().toString());
            assertEquals(org.bmsw.core.state.AlarmName.HIGH_TEMPERATURE, state.alarms().first().name());
            assertEquals(org.bmsw.core.state.AlarmLevel.WARNING, state.alarms().first().level());
        }
    }

    @Test
    void theSimulatedInverterOverRtuAt9600And115200ShowsTheCurrentItDrivesAndTheLimitsItReceived(
            @TempDir Path directory) throws Exception {
        RegisterMap map = RegisterMap.builtIn("deye-hybrid-lp1");
        for (int baud : new int[] { 9600, 115200 }) {
            // CCL 50 A, demand 60 A: the inverter drives 50 A
            Scenario scenario = Scenario.parse("inverter.scenario", """
                    set soc_pct=64 voltage_V=51.2 current_A=60 charge_current_limit_A=50 discharge_current_limit_A=80
                    set charge_voltage_limit_V=56.8 discharge_voltage_limit_V=46
                    """);
            Plant plant = new Plant(scenario, new InverterModel(InverterModel.Settings.obedient().withReactionLagS(0)
                    .withRampAps(0)));
            ManualClock clock = new ManualClock();
            try (PtyPair pty = PtyPair.start(directory.resolve("pty" + baud));
                    ModbusSimulator site = new ModbusSimulator(plant, clock)
                            .inverter(ModbusDevice.rtu(map, 1, pty.endB().toString(), baud))) {
                for (int t = 0; t <= 3; t++) {
                    clock.setSeconds(t);
                    site.tick();
                }
                List<TraceRecord> records = poll("modbus-rtu:" + pty.endA() + "?baud=" + baud
                        + "&unit=1&map=builtin:deye-hybrid-lp1", 8);
                assertTrue(records.size() >= 8, baud + " bit/s: " + records.size() + " records");
                List<DecodedMessage> messages = new ArrayList<>();
                BatteryState received = decode(map, records, messages).state();
                assertEquals(50, received.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
                assertEquals(80, received.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow(), 1e-9);
                assertEquals(56.8, received.get(Quantity.CHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
                assertEquals(64, received.get(Quantity.SOC).orElseThrow(), 1e-9);
                assertEquals(50, signal(messages, "inverter_current_A"), 1e-9, baud + " bit/s");
                assertEquals(51.2, signal(messages, "inverter_voltage_V"), 1e-9);
                assertEquals(50, signal(messages, "charge_setpoint_A"), 1e-9);
                assertTrue(messages.stream().allMatch(m -> m.problems().isEmpty()), messages.toString());
            }
        }
    }

    static double signal(List<DecodedMessage> messages, String name) {
        DecodedSignal last = null;
        for (DecodedMessage message : messages) {
            for (DecodedSignal signal : message.signals()) {
                if (signal.name().equals(name)) {
                    last = signal;
                }
            }
        }
        if (last == null) {
            throw new AssertionError("no signal " + name + " in " + messages);
        }
        return last.value();
    }

    @Test
    void aSilentBatteryIsReportedLostAndAnsweredAgainAfterItsSilence(@TempDir Path directory) throws Exception {
        RegisterMap map = RegisterMap.builtIn("seplos-v3-bms");
        Scenario scenario = Scenario.parse("silence.scenario", "set soc_pct=50\nat 10 silence 20\n");
        ManualClock clock = new ManualClock();
        try (PtyPair pty = PtyPair.start(directory);
                ModbusSimulator site = new ModbusSimulator(new Plant(scenario, new InverterModel(
                        InverterModel.Settings.obedient())), clock)
                        .battery(ModbusDevice.rtu(map, 1, pty.endB().toString(), 19200))) {
            clock.setSeconds(12);
            site.tick(); // silent from 10 s
            String uri = "modbus-rtu:" + pty.endA() + "?baud=19200&unit=1&timeoutMs=300&silentAfter=2"
                    + "&map=builtin:seplos-v3-bms";
            try (Transport transport = TransportRegistry.withBuiltInProviders().create(uri)) {
                List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
                transport.addStateListener(event -> reasons.add(event.state() + " " + event.reason()));
                transport.open();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (transport.state() != TransportState.LOST && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(TransportState.LOST, transport.state(), reasons.toString());
                assertTrue(reasons.get(reasons.size() - 1).startsWith("LOST modbus-rtu:" + pty.endA()
                        + " unit 1: silent, 2 requests in a row unanswered"), reasons.toString());
                clock.setSeconds(31);
                site.tick(); // the silence is over
                transport.open(); // as a capture reopens a lost source
                long answered = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (transport.state() != TransportState.OPEN && System.nanoTime() < answered) {
                    Thread.sleep(20); // open once the unit answers the poll again
                }
                assertEquals(TransportState.OPEN, transport.state(), reasons.toString());
                assertEquals(50, ((ModbusMaster) transport).readInputRegisters(0x1005, 1)[0] / 10.0, 1e-9);
            }
        }
    }

    @Test
    void aRequestOutsideTheMapGetsExceptionTwoNamed() throws Exception {
        int port = freePort();
        try (ModbusDevice device = ModbusDevice.tcp(RegisterMap.builtIn("deye-hybrid-lp1"), 1,
                InetAddress.getLoopbackAddress(), port);
                Transport transport = TransportRegistry.withBuiltInProviders().create("modbus-tcp://127.0.0.1:" + port
                        + "?unit=1")) {
            transport.open();
            org.bmsw.transport.ModbusExceptionResponse e = org.junit.jupiter.api.Assertions.assertThrows(
                    org.bmsw.transport.ModbusExceptionResponse.class,
                    () -> ((ModbusMaster) transport).readHoldingRegisters(400, 2));
            assertEquals(2, e.exceptionCode());
            assertTrue(e.getMessage().endsWith("slave answered exception 2 (illegal data address) to read 2 holding "
                    + "registers at 400"), e.getMessage());
            assertEquals(TransportState.OPEN, transport.state());
        }
    }
}
