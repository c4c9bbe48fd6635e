package org.bmsw.protocol.rs485;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.protocol.DecodedSignal;

/**
 * The Pylontech console port's {@code pwr} table (115200 8N1, not the RS485 protocol): one line per battery,
 * whitespace columns named by the header line; millivolts, milliamperes and milli-degrees as ESPHome reads them.
 * Works with the older header and the newer one that adds {@code .Id} columns.
 */
public final class PylonConsole {

    /** The header of the older firmware, used when a line comes without one. */
    public static final String OLD_HEADER = "Power Volt Curr Tempr Tlow Thigh Vlow Vhigh Base.St Volt.St Curr.St "
            + "Temp.St Coulomb Time B.V.St B.T.St MosTempr M.T.St";

    private static final Map<String, String[]> COLUMNS = Map.ofEntries(
            Map.entry("Power", new String[] {"battery", "", "1"}),
            Map.entry("Volt", new String[] {"voltage_V", "V", "0.001"}),
            Map.entry("Curr", new String[] {"current_A", "A", "0.001"}),
            Map.entry("Tempr", new String[] {"temperature_C", "°C", "0.001"}),
            Map.entry("Tlow", new String[] {"temp_low_C", "°C", "0.001"}),
            Map.entry("Thigh", new String[] {"temp_high_C", "°C", "0.001"}),
            Map.entry("Vlow", new String[] {"cell_v_low_V", "V", "0.001"}),
            Map.entry("Vhigh", new String[] {"cell_v_high_V", "V", "0.001"}),
            Map.entry("Base.St", new String[] {"base_state", null, null}),
            Map.entry("Volt.St", new String[] {"volt_state", null, null}),
            Map.entry("Curr.St", new String[] {"curr_state", null, null}),
            Map.entry("Temp.St", new String[] {"temp_state", null, null}),
            Map.entry("Coulomb", new String[] {"coulomb_pct", "%", "1"}),
            Map.entry("B.V.St", new String[] {"battery_voltage_state", null, null}),
            Map.entry("B.T.St", new String[] {"battery_temperature_state", null, null}),
            Map.entry("MosTempr", new String[] {"mos_temp_C", "°C", "0.001"}),
            Map.entry("M.T.St", new String[] {"mos_temperature_state", null, null}),
            Map.entry("SysAlarm.St", new String[] {"system_alarm_state", null, null}));

    private PylonConsole() {
    }

    /**
     * Reads one data line under {@code header} (null for {@link #OLD_HEADER}).
     *
     * @throws IllegalArgumentException naming the column that does not read
     */
    public static List<DecodedSignal> parsePwrLine(String header, String line) {
        String[] names = (header == null ? OLD_HEADER : header).trim().split("\\s+");
        String[] raw = line.trim().split("\\s+");
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < raw.length; i++) {
            // Time is "YYYY-MM-DD hh:mm:ss": one column, two words
            if (raw[i].matches("\\d{4}-\\d{2}-\\d{2}") && i + 1 < raw.length) {
                cells.add(raw[i] + " " + raw[++i]);
            } else {
                cells.add(raw[i]);
            }
        }
        if (cells.size() < names.length) {
            throw new IllegalArgumentException("pwr line has " + cells.size() + " columns, header " + names.length);
        }
        Map<String, DecodedSignal> out = new LinkedHashMap<>();
        for (int c = 0; c < names.length; c++) {
            String[] column = COLUMNS.get(names[c]);
            String cell = cells.get(c);
            if (column == null) {
                out.put(names[c], DecodedSignal.text(names[c], cell, false));
            } else if (column[1] == null) {
                out.put(column[0], DecodedSignal.text(column[0], cell, false));
            } else {
                String digits = cell.endsWith("%") ? cell.substring(0, cell.length() - 1) : cell;
                try {
                    long value = Long.parseLong(digits);
                    out.put(column[0], DecodedSignal.number(column[0], value * Double.parseDouble(column[2]),
                            column[1], value, false));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("column " + (c + 1) + " (" + names[c] + "): '" + cell
                            + "' is not a number");
                }
            }
        }
        return List.copyOf(out.values());
    }
}
