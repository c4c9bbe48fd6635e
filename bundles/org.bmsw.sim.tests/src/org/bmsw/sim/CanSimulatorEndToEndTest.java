package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.sim.testing.Records;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BMS simulator on end B of a socat pty pair, playing the SLCAN adapter ({@code slcan-adapter:}); on end A
 * the ordinary SLCAN transport, as the workbench opens a CANable, and the protocol bundle's decoder. The
 * scenario runs 100 simulated seconds on a manual clock, as fast as the pty takes the frames.
 */
@Timeout(120)
class CanSimulatorEndToEndTest {

    private static final Duration LIVENESS = Duration.ofSeconds(30);
    private static final int SECONDS = 100;
    private static final int FRAMES_PER_CYCLE = 6;

    @TempDir
    Path directory;

    private final TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());

    @Test
    void pylonCanBatteryStateDecodedOnTheSlcanEndIsTheScenarios() throws Exception {
        Scenario scenario = Scenario.parse("pylon.scenario", """
                set voltage_V=52.4 charge_voltage_limit_V=56.0 module_count=3 soc_pct=20
                at 10 ramp soc_pct=80 over 60
                at 30 set current_A=-35.5
                at 40 raise protection high_temperature
                at 45 raise warning low_voltage
                at 50 clear warning low_voltage
                at 60 silence 5
                """);
        Run run = runBattery(SimProtocol.PYLON_CAN, scenario, "pylon-can");
        BatteryState state = run.decoder.state();

        assertEquals(52.4, value(state, Quantity.VOLTAGE), 1e-9);
        assertEquals(80, value(state, Quantity.SOC));
        assertEquals(56.0, value(state, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(45.0, value(state, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(-35.5, value(state, Quantity.CURRENT), 1e-9);
        assertEquals(3, value(state, Quantity.MODULE_COUNT));
        assertEquals("PYLON", state.manufacturer().orElseThrow());
        assertEquals(List.of(Map.of("name", "high_temperature", "level", "protection")),
                state.toCanonicalMap().get("alarms"));
        assertTrue(run.problems.isEmpty(), run.problems.toString());
        // every cycle's SOC is the scenario's at that second, the 5 silent seconds left out
        assertEquals(expectedSocs(scenario), run.socs);
        assertEquals((SECONDS - 5) * FRAMES_PER_CYCLE, run.frames.size());
    }

    @Test
    void smaCanBatteryStateDecodedOnTheSlcanEndIsTheScenarios() throws Exception {
        Scenario scenario = Scenario.parse("sma.scenario", """
                set voltage_V=49.86 charge_voltage_limit_V=55.2 discharge_voltage_limit_V=44.0 soc_pct=90
                at 5 ramp soc_pct=40 over 50
                at 20 raise protection short_circuit
                at 20 raise warning cell_imbalance
                at 30 raise warning high_voltage
                at 40 clear warning high_voltage
                at 60 set current_A=12.3 temperature_C=31.5
                at 60 silence 5
                """);
        Run run = runBattery(SimProtocol.SMA_CAN, scenario, "sma-can");
        BatteryState state = run.decoder.state();

        assertEquals(49.86, value(state, Quantity.VOLTAGE), 1e-9);
        assertEquals(40, value(state, Quantity.SOC));
        assertEquals(40, value(state, Quantity.SOC_HIRES), 1e-9);
        assertEquals(55.2, value(state, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(44.0, value(state, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(12.3, value(state, Quantity.CURRENT), 1e-9);
        assertEquals(31.5, value(state, Quantity.TEMPERATURE), 1e-9);
        assertEquals(100, value(state, Quantity.INSTALLED_CAPACITY));
        assertEquals(List.of(Map.of("name", "short_circuit", "level", "protection"),
                Map.of("name", "cell_imbalance", "level", "warning")), state.toCanonicalMap().get("alarms"));
        assertTrue(run.problems.isEmpty(), run.problems.toString());
        assertEquals(expectedSocs(scenario), run.socs);
        assertEquals((SECONDS - 5) * FRAMES_PER_CYCLE, run.frames.size());
    }

    @Test
    void pylonInverterSimulatorDecodesTheBatteryAndSendsKeepAlives() throws Exception {
        Scenario scenario = Scenario.parse("keepalive.scenario", "set soc_pct=77 voltage_V=53.0\n");
        try (PtyPair pty = PtyPair.start(directory);
                Transport batteryPort = registry.create("slcan-adapter:" + pty.endB());
                Transport inverterPort = registry.create("slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false")) {
            batteryPort.open();
            inverterPort.open();
            ManualClock batteryClock = new ManualClock();
            ManualClock inverterClock = new ManualClock();
            Records keepAlives = new Records();
            try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, batteryPort, scenario, batteryClock);
                    InverterSimulator inverter = new InverterSimulator(SimProtocol.PYLON_CAN, inverterPort,
                            inverterClock)) {
                batteryPort.addRecordListener(keepAlives); // after the battery's, so it has counted what this sees
                battery.run(Duration.ofSeconds(3), () -> false);
                assertTrue(inverter.awaitMessages(3 * FRAMES_PER_CYCLE, LIVENESS));
                inverter.run(Duration.ofSeconds(2), () -> false);
                List<TraceRecord> received = keepAlives.await(2, LIVENESS);

                assertEquals(77, value(inverter.state(), Quantity.SOC));
                assertEquals(53.0, value(inverter.state(), Quantity.VOLTAGE), 1e-9);
                for (TraceRecord frame : received) {
                    assertEquals(0x305, frame.identifier());
                    assertEquals(8, frame.length());
                    assertEquals(0, frame.byteAt(0));
                }
                assertEquals(2, battery.status().framesReceived());
            }
        }
    }

    private record Run(Decoder decoder, List<TraceRecord> frames, List<Double> socs, List<String> problems) {
    }

    private Run runBattery(SimProtocol protocol, Scenario scenario, String decoderId) throws Exception {
        try (PtyPair pty = PtyPair.start(directory);
                Transport batteryPort = registry.create("slcan-adapter:" + pty.endB());
                Transport slcan = registry.create("slcan:" + pty.endA() + "?bitrate=500000")) {
            assertEquals(org.bmsw.transport.EndpointKind.PSEUDO_TERMINAL,
                    SimTransports.checkBatteryTarget(registry, batteryPort.uri(), false));
            Records records = new Records();
            slcan.addRecordListener(records);
            batteryPort.open(); // the adapter must be there to answer the host's C, S6, O
            slcan.open();
            ManualClock clock = new ManualClock();
            long sent;
            try (BmsSimulator battery = new BmsSimulator(protocol, batteryPort, scenario, clock)) {
                battery.run(Duration.ofSeconds(SECONDS), () -> false);
                sent = battery.status().framesSent();
            }
            List<TraceRecord> frames = records.await((int) sent, LIVENESS);
            Decoder decoder = DecoderRegistry.getDefault().create(decoderId);
            List<Double> socs = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (TraceRecord frame : frames) {
                decoder.decode(frame, message -> collect(message, socs, problems));
            }
            return new Run(decoder, frames, socs, problems);
        }
    }

    private static void collect(DecodedMessage message, List<Double> socs, List<String> problems) {
        problems.addAll(message.problems());
        if (message.id().equals("0x355")) {
            socs.add(message.signal("soc_pct").value());
        }
    }

    /** The scenario's SOC, rounded to the 1 % of 0x355, at each second it is not silent. */
    private static List<Double> expectedSocs(Scenario scenario) {
        List<Double> socs = new ArrayList<>();
        for (int second = 0; second < SECONDS; second++) {
            Scenario.Snapshot snapshot = scenario.at(second);
            if (!snapshot.silent()) {
                socs.add((double) Math.round(snapshot.state().get(Quantity.SOC).getAsDouble()));
            }
        }
        return socs;
    }

    private static double value(BatteryState state, Quantity quantity) {
        return state.get(quantity).orElseThrow(() -> new AssertionError(quantity.canonicalName() + " missing in "
                + state));
    }
}
