package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inverter simulator polls the battery simulator over a socat pty pair, both through {@code serial:}
 * transports: 0x42 (INFO FF, two modules), 0x44 and 0x92 to ADR 2. What the inverter decoded with the protocol
 * bundle is the scenario's state; during the scenario's silence no poll is answered.
 */
@Timeout(120)
class Rs485SimulatorEndToEndTest {

    private static final Duration LIVENESS = Duration.ofSeconds(20);

    @TempDir
    Path directory;

    private final TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());

    @Test
    void inverterDecodesTheScenarioOfTwoModulesAndGetsNoAnswerWhileTheBatteryIsSilent() throws Exception {
        Scenario scenario = Scenario.parse("rs485.scenario", """
                set module_count=2 installed_capacity_Ah=200 voltage_V=53.1 current_A=-12.5 temperature_C=27.5
                set charge_voltage_limit_V=56.5 discharge_voltage_limit_V=46 charge_current_limit_A=90
                set discharge_current_limit_A=100 min_cell_mV=3530 max_cell_mV=3545 soc_pct=10
                at 10 ramp soc_pct=65 over 20
                at 20 raise warning high_temperature
                at 20 raise protection charge_over_current
                at 25 set charge_enable=false force_charge_request_I=true
                at 60 silence 10
                """);
        try (var pty = PtyPair.start(directory);
                Transport batteryPort = registry.create("serial:" + pty.endB() + "?baud=115200");
                Transport inverterPort = registry.create("serial:" + pty.endA() + "?baud=115200")) {
            batteryPort.open();
            inverterPort.open();
            ManualClock batteryClock = new ManualClock();
            try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_RS485, batteryPort, scenario, batteryClock);
                    InverterSimulator inverter = new InverterSimulator(SimProtocol.PYLON_RS485, inverterPort,
                            new ManualClock()).responseTimeout(LIVENESS)) {
                batteryClock.setSeconds(40);
                assertEquals(3, inverter.poll());
                BatteryState state = inverter.state();

                assertEquals(53.1, value(state, Quantity.VOLTAGE), 1e-9);
                assertEquals(65, value(state, Quantity.SOC), 1e-9);
                assertEquals(-12.5, value(state, Quantity.CURRENT), 1e-9);
                assertEquals(27.5, value(state, Quantity.TEMPERATURE), 1e-9);
                assertEquals(2, value(state, Quantity.MODULE_COUNT));
                assertEquals(200, value(state, Quantity.INSTALLED_CAPACITY), 1e-9);
                assertEquals(3530, value(state, Quantity.MIN_CELL_VOLTAGE));
                assertEquals(3545, value(state, Quantity.MAX_CELL_VOLTAGE));
                assertEquals(56.5, value(state, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
                assertEquals(46, value(state, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
                assertEquals(90, value(state, Quantity.CHARGE_CURRENT_LIMIT), 1e-9);
                assertEquals(100, value(state, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
                assertEquals(false, state.get(Request.CHARGE_ENABLE).orElseThrow());
                assertEquals(true, state.get(Request.DISCHARGE_ENABLE).orElseThrow());
                assertEquals(true, state.get(Request.FORCE_CHARGE_REQUEST_I).orElseThrow());
                assertEquals(List.of(Map.of("name", "charge_over_current", "level", "protection"),
                        Map.of("name", "high_temperature", "level", "warning")), state.toCanonicalMap().get("alarms"));
                assertEquals(3, battery.status().framesSent());

                // silent: the polls arrive and go unanswered; an answer sent anyway would come before the next ones
                batteryClock.setSeconds(65);
                inverter.responseTimeout(Duration.ofMillis(200));
                inverter.poll();
                long decoded = inverter.messagesDecoded();
                batteryClock.setSeconds(70);
                inverter.responseTimeout(LIVENESS);
                assertEquals(3, inverter.poll());
                assertEquals(decoded + 3, inverter.messagesDecoded());
                assertEquals(6, battery.status().framesSent());
                assertEquals(9, battery.status().framesReceived());
            }
        }
    }

    private static double value(BatteryState state, Quantity quantity) {
        return state.get(quantity).orElseThrow(() -> new AssertionError(quantity.canonicalName() + " missing in "
                + state));
    }
}
