package org.bmsw.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.bmsw.core.state.BatteryState;

/**
 * Simulated Modbus devices serving one {@link Plant}: a battery (its register map filled from what the battery
 * measures and reports, silent while the scenario says so) and an inverter (its measured battery voltage and
 * current, the limits it received, its charge and discharge setpoints, whether it hears the battery). Each
 * {@link #tick()} moves the plant to the clock's time and updates the devices' registers; the devices answer
 * their masters on j2mod's threads in between.
 * <p>
 * The names an inverter map's entries take: canonical names are the limits and values the inverter received,
 * {@code inverter_voltage_V}, {@code inverter_current_A} (+ charging),
 * {@code inverter_battery_power_W}, {@code inverter_battery_soc_pct}, {@code charge_setpoint_A},
 * {@code discharge_setpoint_A}, {@code bms_communication_ok}.
 */
public final class ModbusSimulator implements AutoCloseable {

    /** How often {@link #run} updates the registers. */
    public static final Duration TICK = Duration.ofMillis(100);

    private final Plant plant;
    private final SimClock clock;
    private ModbusDevice battery;
    private ModbusDevice inverter;

    public ModbusSimulator(Plant plant, SimClock clock) {
        this.plant = Objects.requireNonNull(plant, "plant");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Serves the battery's map on {@code device}. */
    public ModbusSimulator battery(ModbusDevice device) {
        this.battery = device;
        return this;
    }

    /** Serves the inverter's map on {@code device}. */
    public ModbusSimulator inverter(ModbusDevice device) {
        this.inverter = device;
        return this;
    }

    public Plant plant() {
        return plant;
    }

    /** Moves the plant to the clock's time and sets the devices' registers from it. */
    public Plant.Snapshot tick() {
        Plant.Snapshot now = plant.step(clock.nanos() / 1e9);
        if (battery != null) {
            battery.serve(now.battery(), Map.of());
            battery.silent(now.batterySilent());
        }
        if (inverter != null) {
            inverter.serve(inverterValues(now));
        }
        return now;
    }

    /** What a simulated inverter shows, by the names of {@link ModbusSimulator}. */
    public static java.util.function.Function<String, Object> inverterValues(Plant.Snapshot now) {
        InverterModel.Output output = now.inverter();
        Map<String, Object> own = new HashMap<>();
        double voltage = now.voltageV();
        own.put("inverter_voltage_V", voltage);
        own.put("inverter_current_A", output.currentA());
        own.put("inverter_battery_power_W", voltage * output.currentA());
        own.put("inverter_battery_soc_pct", now.battery().get(org.bmsw.core.state.Quantity.SOC).orElse(0));
        own.put("charge_setpoint_A", output.chargeSetpointA());
        own.put("discharge_setpoint_A", output.dischargeSetpointA());
        own.put("bms_communication_ok", output.bmsCommunicationOk());
        BatteryState received = output.received() != null ? output.received() : BatteryState.EMPTY;
        return ModbusDevice.valuesOf(received, own);
    }

    /** Ticks every {@link #TICK} until {@code duration} of clock time has passed (null: until stopped). */
    public void run(Duration duration, BooleanSupplier stop) throws InterruptedException {
        long endNs = duration == null ? Long.MAX_VALUE : clock.nanos() + duration.toNanos();
        while (!stop.getAsBoolean() && clock.nanos() < endNs) {
            tick();
            clock.sleepUntil(Math.min(endNs, clock.nanos() + TICK.toNanos()));
        }
    }

    /** Closes the devices. */
    @Override
    public void close() {
        if (battery != null) {
            battery.close();
        }
        if (inverter != null) {
            inverter.close();
        }
    }
}
