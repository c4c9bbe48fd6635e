package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.Quantity;
import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void rampsStepsAlarmsAndSilenceFollowTheClock() {
        Scenario scenario = Scenario.parse("t.scenario", """
                # a comment
                set soc_pct=20 current_A=-10   # trailing comment
                at 10 ramp soc_pct=80 over 60
                at 20 set current_A=30
                at 30 raise warning high_temperature
                at 40 clear warning high_temperature
                at 50 silence 5
                at 120 end
                """);
        assertEquals(20, scenario.at(5).state().get(Quantity.SOC).getAsDouble(), 1e-9);
        assertEquals(50, scenario.at(40).state().get(Quantity.SOC).getAsDouble(), 1e-9);
        assertEquals(80, scenario.at(100).state().get(Quantity.SOC).getAsDouble(), 1e-9);
        assertEquals(-10, scenario.at(19.9).state().get(Quantity.CURRENT).getAsDouble());
        assertEquals(30, scenario.at(20).state().get(Quantity.CURRENT).getAsDouble());
        assertTrue(scenario.at(35).state().alarms().contains(new Alarm(AlarmName.HIGH_TEMPERATURE, AlarmLevel.WARNING)));
        assertTrue(scenario.at(40).state().alarms().isEmpty());
        assertFalse(scenario.at(49.9).silent());
        assertTrue(scenario.at(50).silent());
        assertTrue(scenario.at(54.9).silent());
        assertFalse(scenario.at(55).silent());
        assertEquals("line 5: at 30 raise warning high_temperature", scenario.at(35).step());
        assertEquals(120, scenario.endS().getAsDouble());
        assertEquals(51.2, scenario.at(0).state().get(Quantity.VOLTAGE).getAsDouble(), "defaults fill the rest");
    }

    @Test
    void errorsNameTheFileAndLine() {
        assertEquals("s.scenario:2: unknown alarm 'hot'; known: general, high_voltage, low_voltage, high_temperature, "
                + "low_temperature, high_charge_temperature, low_charge_temperature, discharge_over_current, "
                + "charge_over_current, contactor, short_circuit, bms_internal, internal_communication, cell_imbalance",
                message("set soc_pct=1\nat 3 raise warning hot\n"));
        assertTrue(message("\n\nat 3 set soc=1").startsWith("s.scenario:3: 'soc' is not a canonical battery state name"));
        assertEquals("s.scenario:1: soc_pct takes a number, not 'full'", message("set soc_pct=full"));
        assertEquals("s.scenario:1: ramp needs 'over SECONDS' at the end: ramp soc_pct=80 over 60",
                message("at 1 ramp soc_pct=80"));
        assertEquals("s.scenario:1: at takes seconds (0 or more), not '-1'", message("at -1 silence 3"));
        assertEquals("s.scenario:1: unknown action 'sett'; use set, ramp, raise, clear, silence or end",
                message("sett soc_pct=3"));
    }

    @Test
    void theBundledExampleParses() throws Exception {
        String text = null;
        try (InputStream in = ScenarioTest.class.getResourceAsStream("/scenarios/example.scenario")) {
            if (in != null) { // inside OSGi: the bundle's scenarios/ folder
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        for (String candidate : new String[] { "bundles/org.bmsw.sim", "../org.bmsw.sim", "." }) {
            Path file = Path.of(candidate, "scenarios/example.scenario");
            if (text == null && Files.exists(file)) { // a plain JVM started in the checkout
                text = Files.readString(file);
            }
        }
        Scenario scenario = Scenario.parse("example.scenario", text);
        assertTrue(scenario.endS().isPresent());
        assertEquals(2, scenario.at(0).state().get(Quantity.MODULE_COUNT).getAsDouble());
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Scenario.parse("s.scenario", text)).getMessage();
    }
}
