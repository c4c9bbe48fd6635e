package org.bmsw.sim;

import java.util.Objects;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;

/**
 * One battery and one inverter on one DC bus, driven by a scenario: the scenario gives what the battery knows (its
 * limits, SOC, alarms, silences) and, in {@code current_A}, what the site asks of the battery (+ charging); the
 * {@link InverterModel} decides the current that flows, and that current is what the battery measures and reports.
 * The simulated battery and inverter (CAN or Modbus) both serve from one plant, so their traces agree. Thread-safe.
 */
public final class Plant {

    /**
     * The plant at one moment.
     *
     * @param battery what the battery measures and reports, its current the one that flows
     * @param batterySilent whether the battery says nothing now (a scenario silence)
     * @param inverter what the inverter does and shows
     */
    public record Snapshot(double atS, BatteryState battery, boolean batterySilent, InverterModel.Output inverter) {

        /** The battery voltage both sides measure. */
        public double voltageV() {
            return battery.get(Quantity.VOLTAGE).orElse(0);
        }
    }

    private final Scenario scenario;
    private final InverterModel inverter;
    private Snapshot last;

    public Plant(Scenario scenario, InverterModel inverter) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.inverter = Objects.requireNonNull(inverter, "inverter");
    }

    /** Moves the plant to {@code atS} seconds after the start (forward only; an earlier time returns the last). */
    public synchronized Snapshot step(double atS) {
        if (last != null && atS <= last.atS()) {
            return last;
        }
        Scenario.Snapshot moment = scenario.at(atS);
        BatteryState known = moment.state();
        if (!moment.silent()) {
            // the battery reports the current it measures (the one flowing), not what the site asks for
            double flowingA = last != null ? last.inverter().currentA() : 0;
            inverter.report(atS, known.toBuilder().set(Quantity.CURRENT, flowingA).build());
        }
        double demandA = known.get(Quantity.CURRENT).orElse(0);
        double voltageV = known.get(Quantity.VOLTAGE).orElse(0);
        InverterModel.Output output = inverter.step(atS, demandA, voltageV);
        BatteryState measured = known.toBuilder().set(Quantity.CURRENT, output.currentA()).build();
        last = new Snapshot(atS, measured, moment.silent(), output);
        return last;
    }

    /** The scenario the plant follows. */
    public Scenario scenario() {
        return scenario;
    }

    /** The last step, or the plant at 0 s before the first. */
    public synchronized Snapshot last() {
        return last != null ? last : step(0);
    }
}
