package org.bmsw.protocol.can;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.TraceLines;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

/**
 * Every CAN vector of pylontech_can.json and sma_can.json decodes to its expected values. The vectors' own field
 * names are mapped onto the canonical vocabulary here, explicitly; a field without a mapping fails the test.
 */
class CanVectorsTest {

    /** pylontech_can.json 0x359 field names to canonical alarms (protection = bytes 0-1, alarm = bytes 2-3). */
    private static final Map<String, AlarmName> PYLON_PROTECTION = Map.of(
            "cell_or_module_overvolt", AlarmName.HIGH_VOLTAGE,
            "cell_or_module_undervolt", AlarmName.LOW_VOLTAGE,
            "cell_overtemp", AlarmName.HIGH_TEMPERATURE,
            "cell_undertemp", AlarmName.LOW_TEMPERATURE,
            "discharge_overcurrent", AlarmName.DISCHARGE_OVER_CURRENT,
            "charge_overcurrent", AlarmName.CHARGE_OVER_CURRENT,
            "system_error_b1bit3", AlarmName.BMS_INTERNAL);
    private static final Map<String, AlarmName> PYLON_WARNING = Map.of(
            "cell_or_module_high_volt", AlarmName.HIGH_VOLTAGE,
            "cell_or_module_low_volt", AlarmName.LOW_VOLTAGE,
            "cell_high_temp", AlarmName.HIGH_TEMPERATURE,
            "cell_low_temp", AlarmName.LOW_TEMPERATURE,
            "discharge_high_current", AlarmName.DISCHARGE_OVER_CURRENT,
            "charge_high_current", AlarmName.CHARGE_OVER_CURRENT,
            "internal_comm_fail_b3bit3", AlarmName.INTERNAL_COMMUNICATION);
    /** sma_can.json 0x35A pair names to the decoder's signal suffixes (canonical alarm names where one exists). */
    private static final Map<String, String> SMA_PAIRS = Map.ofEntries(
            Map.entry("general", "general"), Map.entry("high_voltage", "high_voltage"),
            Map.entry("low_voltage", "low_voltage"), Map.entry("high_temp", "high_temperature"),
            Map.entry("low_temp", "low_temperature"), Map.entry("high_temp_charge", "high_charge_temperature"),
            Map.entry("low_temp_charge", "low_charge_temperature"),
            Map.entry("high_current", "discharge_over_current"),
            Map.entry("high_charge_current", "charge_over_current"), Map.entry("contactor", "contactor"),
            Map.entry("short_circuit", "short_circuit"), Map.entry("bms_internal", "bms_internal"),
            Map.entry("cell_imbalance", "cell_imbalance"), Map.entry("reserved14", "reserved_14"),
            Map.entry("reserved15", "reserved_15"), Map.entry("generator", "generator"));
    private static final Map<String, Long> PAIR_STATES = Map.of("ignored(00)", 0L, "raised", 1L, "cleared", 2L,
            "ignored(11)", 3L);

    static Stream<Vector> pylonVectors() {
        return TestData.vectors("pylontech_can.json").stream();
    }

    static Stream<Vector> smaVectors() {
        return TestData.vectors("sma_can.json").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pylonVectors")
    void pylonVector(Vector vector) {
        check(vector, CanProtocol.PYLON, List.of());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smaVectors")
    void smaVector(Vector vector) {
        check(vector, CanProtocol.SMA, List.of());
    }

    private static void check(Vector vector, String protocol, List<String> variants) {
        int id = Integer.decode(vector.field("can_id"));
        byte[] payload = TraceLines.bytes(vector.raw());
        if (vector.field("dlc") != null) {
            assertEquals(Integer.parseInt(vector.field("dlc")), payload.length, "dlc");
        }
        CanDecoder decoder = new CanDecoder(CanProtocol.builtIn(protocol, variants));
        DecodedMessage message = decoder.decode(0, "can0", id, 0, payload);
        assertNotNull(message, vector.id() + ": no message for " + vector.field("can_id"));
        assertTrue(message.problems().isEmpty(), message.problems().toString());
        BatteryState state = decoder.state();
        for (Map.Entry<String, JsonElement> field : vector.expected().entrySet()) {
            String key = field.getKey();
            JsonElement value = field.getValue();
            switch (key) {
            case "protection", "alarm" -> {
                Map<String, AlarmName> names = key.equals("protection") ? PYLON_PROTECTION : PYLON_WARNING;
                AlarmLevel level = key.equals("protection") ? AlarmLevel.PROTECTION : AlarmLevel.WARNING;
                for (Map.Entry<String, JsonElement> bit : value.getAsJsonObject().entrySet()) {
                    AlarmName alarm = names.get(bit.getKey());
                    assertNotNull(alarm, "no mapping for " + key + "." + bit.getKey());
                    assertEquals(bit.getValue().getAsBoolean(), state.alarms().contains(new Alarm(alarm, level)),
                            key + "." + bit.getKey());
                }
            }
            case "alarms", "warnings" -> {
                String prefix = key.equals("alarms") ? "protection_" : "warning_";
                AlarmLevel level = key.equals("alarms") ? AlarmLevel.PROTECTION : AlarmLevel.WARNING;
                for (Map.Entry<String, JsonElement> pair : value.getAsJsonObject().entrySet()) {
                    String suffix = SMA_PAIRS.get(pair.getKey());
                    assertNotNull(suffix, "no mapping for " + key + "." + pair.getKey());
                    DecodedSignal signal = message.signal(prefix + suffix);
                    assertNotNull(signal, prefix + suffix);
                    long expected = PAIR_STATES.get(pair.getValue().getAsString());
                    assertEquals(expected, signal.raw(), key + "." + pair.getKey());
                    AlarmName.byName(suffix).ifPresent(alarm -> assertEquals(expected == 1,
                            state.alarms().contains(new Alarm(alarm, level)), "state " + key + "." + pair.getKey()));
                }
            }
            case "module_count", "soc_pct", "soh_pct", "voltage_V", "current_A", "temperature_C",
                    "charge_voltage_limit_V", "charge_current_limit_A", "discharge_current_limit_A",
                    "discharge_voltage_limit_V", "max_cell_temp_C", "min_cell_temp_C", "max_cell_mV", "min_cell_mV",
                    "installed_capacity_Ah", "charged_energy_kWh", "discharged_energy_kWh" -> {
                assertEquals(value.getAsDouble(), signal(message, key).value(), 1e-9, key);
                assertEquals(value.getAsDouble(), state.get(Quantity.byName(key).orElseThrow()).orElseThrow(), 1e-9,
                        "state " + key);
            }
            case "min_cell_temp_K", "max_cell_temp_K" -> {
                // kelvin on the wire; the definition applies K - 273 (OpenDTU), the variant choice under test
                String canonical = key.replace("_K", "_C");
                assertEquals(value.getAsDouble() - 273, signal(message, canonical).value(), 1e-9, key);
                assertEquals(value.getAsDouble() - 273,
                        state.get(Quantity.byName(canonical).orElseThrow()).orElseThrow(), 1e-9, key);
            }
            case "soc_hires_pct_0.01" -> {
                assertEquals(value.getAsDouble(), signal(message, "soc_hires_pct").value(), 1e-9, key);
                // raw 0 is the "not sent" marker (Pylon 1.3, BYD): shown but not folded into the state
                assertEquals(value.getAsDouble() != 0, state.get(Quantity.SOC_HIRES).isPresent(), key);
            }
            case "charge_enable", "discharge_enable", "force_charge_request_I", "force_charge_request_II",
                    "full_charge_request" -> {
                assertEquals(value.getAsBoolean() ? 1.0 : 0.0, signal(message, key).value(), key);
                assertEquals(value.getAsBoolean(), state.get(Request.byName(key).orElseThrow()).orElseThrow(), key);
            }
            case "manufacturer_ascii" -> {
                assertEquals(value.getAsString(), signal(message, "manufacturer").text(), key);
                assertEquals(value.getAsString().strip(), state.manufacturer().orElseThrow(), key);
            }
            case "marker_ascii" -> assertEquals(value.getAsString(), signal(message, "marker").text(), key);
            case "bat_type_raw_u16" -> assertEquals(value.getAsLong(), signal(message, "battery_type").raw(), key);
            case "bat_type_ascii" -> {
                long raw = signal(message, "battery_type").raw();
                assertEquals(value.getAsString(), "" + (char) (raw & 0xFF) + (char) (raw >> 8), key);
            }
            case "bms_version_bytes" -> {
                JsonArray bytes = value.getAsJsonArray();
                assertEquals(bytes.get(0).getAsLong(), signal(message, "bms_version_major").raw(), key);
                assertEquals(bytes.get(1).getAsLong(), signal(message, "bms_version_minor").raw(), key);
            }
            case "capacity_Ah" -> assertEquals(value.getAsDouble(), signal(message, "installed_capacity_Ah").value(),
                    key);
            case "reserved_or_manufacturer_id_u16" -> assertEquals(value.getAsLong(),
                    signal(message, "manufacturer_id").raw(), key);
            case "modules_online", "modules_blocking_charge", "modules_blocking_discharge", "modules_offline" ->
                assertEquals(value.getAsDouble(), signal(message, key).value(), key);
            case "ascii" -> assertEquals(value.getAsString(), signal(message, "serial_number_1").text(), key);
            case "raw_bytes" -> {
                assertEquals(value.getAsString(), vector.raw(), key);
                // SMA-TI: 0x307 bytes 0-1 relay state; a Victron GX puts its signature here
                assertEquals((payload[0] & 0xFF) | (payload[1] & 0xFF) << 8,
                        signal(message, "inverter_relay_state").raw(), key);
            }
            case "voltage_V_if_0.01" -> assertEquals(value.getAsDouble(), signal(message, "voltage_V").value(), 1e-9,
                    key);
            case "voltage_V_if_0.1" -> {
                CanDecoder variant = new CanDecoder(CanProtocol.builtIn(protocol, List.of(
                        CanProtocol.VARIANT_VOLTAGE_DV)));
                DecodedMessage decoded = variant.decode(0, "can0", id, 0, payload);
                assertEquals(value.getAsDouble(), decoded.signal("voltage_V").value(), 1e-9, key);
                assertTrue(variant.variants().stream().anyMatch(v -> v.contains("0.1 V")), "variant reported");
            }
            default -> fail(vector.id() + ": no mapping for expected field '" + key + "'");
            }
        }
    }

    private static DecodedSignal signal(DecodedMessage message, String name) {
        DecodedSignal signal = message.signal(name);
        if (signal == null) {
            List<String> names = new ArrayList<>();
            message.signals().forEach(s -> names.add(s.name()));
            fail(message.id() + " has no signal " + name + "; it has " + names);
        }
        return signal;
    }

}
