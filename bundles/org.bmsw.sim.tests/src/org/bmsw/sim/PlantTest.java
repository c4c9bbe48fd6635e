package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsw.core.state.Quantity;
import org.junit.jupiter.api.Test;

/** The battery reports the current the inverter drives: one plant for both. */
class PlantTest {

    @Test
    void theBatteryMeasuresWhatTheInverterDrives() {
        Scenario scenario = Scenario.parse("plant.scenario", """
                set current_A=60 charge_current_limit_A=50 voltage_V=52
                at 10 set charge_current_limit_A=25
                at 30 silence 20
                """);
        Plant plant = new Plant(scenario, new InverterModel(InverterModel.Settings.obedient().withReactionLagS(2)
                .withRampAps(10)));
        Plant.Snapshot at9 = null;
        for (int t = 0; t <= 9; t++) {
            at9 = plant.step(t);
        }
        assertEquals(50, at9.battery().get(Quantity.CURRENT).orElseThrow(), 1e-9, "demand 60 A held at CCL 50 A");
        assertEquals(at9.inverter().currentA(), at9.battery().get(Quantity.CURRENT).orElseThrow());
        Plant.Snapshot at15 = null;
        for (int t = 10; t <= 15; t++) {
            at15 = plant.step(t);
        }
        assertEquals(25, at15.battery().get(Quantity.CURRENT).orElseThrow(), 1e-9);
        Plant.Snapshot silent = null;
        for (int t = 30; t <= 41; t++) {
            silent = plant.step(t);
        }
        assertTrue(silent.batterySilent());
        assertEquals(0, silent.inverter().currentA(), 1e-9, "10 s without the battery: the inverter stopped");
        assertEquals(silent, plant.step(5), "time only goes forward");
    }
}
