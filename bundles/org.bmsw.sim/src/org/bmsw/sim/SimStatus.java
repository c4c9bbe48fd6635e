package org.bmsw.sim;

import java.util.Locale;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;

/**
 * Where a simulator is, for a status line.
 *
 * @param framesSent CAN frames or RS485 frames written so far
 * @param framesReceived CAN frames or RS485 frames read from the other side so far
 * @param elapsedS simulated seconds since the start
 * @param state the battery state sent (BMS) or decoded (inverter)
 * @param silent true while the scenario keeps the battery silent
 * @param step the scenario step running, e.g. {@code line 4: at 30 raise warning high_temperature}
 */
public record SimStatus(long framesSent, long framesReceived, double elapsedS, BatteryState state, boolean silent,
        String step) {

    /** {@code 12.0 s  sent 72  received 12  SOC 51.0 %  52.10 V  -20.0 A  [line 3: at 10 ramp ...]}. */
    public String line() {
        return String.format(Locale.ROOT, "%7.1f s  sent %d  received %d  SOC %s %%  %s V  %s A%s  [%s]", elapsedS,
                framesSent, framesReceived, value(Quantity.SOC, "%.1f"), value(Quantity.VOLTAGE, "%.2f"),
                value(Quantity.CURRENT, "%.1f"), silent ? "  SILENT" : "", step);
    }

    private String value(Quantity quantity, String format) {
        var value = state.get(quantity);
        return value.isPresent() ? String.format(Locale.ROOT, format, value.getAsDouble()) : "-";
    }
}
