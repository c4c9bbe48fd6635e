package org.bmsw.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

class BatteryStateTest {

    static Stream<Vector> canVectors() {
        return Stream.concat(TestData.vectors("pylontech_can.json").stream(),
                TestData.vectors("sma_can.json").stream());
    }

    private static boolean isCanonical(String name) {
        return Quantity.byName(name).isPresent() || Request.byName(name).isPresent();
    }

    /** Every canonical key a vector expects can be set by name and reads back unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("canVectors")
    void canonicalKeysOfVectorRoundTripThroughTheState(Vector vector) {
        BatteryState.Builder builder = BatteryState.builder();
        JsonObject expected = vector.expected();
        for (Map.Entry<String, JsonElement> entry : expected.entrySet()) {
            if (isCanonical(entry.getKey())) {
                JsonPrimitive value = entry.getValue().getAsJsonPrimitive();
                builder.setByName(entry.getKey(), value.isBoolean() ? (Object) value.getAsBoolean() : value.getAsDouble());
            }
        }
        BatteryState state = builder.build();
        for (Map.Entry<String, JsonElement> entry : expected.entrySet()) {
            Quantity.byName(entry.getKey()).ifPresent(quantity -> assertEquals(entry.getValue().getAsDouble(),
                    state.get(quantity).orElseThrow(), 1e-9, quantity.canonicalName()));
            Request.byName(entry.getKey()).ifPresent(request -> assertEquals(entry.getValue().getAsBoolean(),
                    state.get(request).orElseThrow(), request.canonicalName()));
        }
    }

    /** The vectors were written in the canonical vocabulary: this is the part of it they exercise. */
    /** Two decoders of one channel make one state: the upper one's values, requests and identity win. */
    @Test
    void aStateOverlaidByAnotherTakesItsValuesAndJoinsItsAlarms() {
        BatteryState below = BatteryState.builder().timestampNs(2_000).set(Quantity.SOC, 80).set(Quantity.VOLTAGE, 52.1)
                .set(Request.CHARGE_ENABLE, true).manufacturer("PYLON")
                .raise(AlarmName.HIGH_VOLTAGE, AlarmLevel.WARNING).build();
        BatteryState above = BatteryState.builder().timestampNs(1_000).set(Quantity.SOC, 79)
                .set(Request.CHARGE_ENABLE, false).set(Identity.SERIAL_NUMBER, "PPTAP0202")
                .raise(AlarmName.LOW_VOLTAGE, AlarmLevel.PROTECTION).build();
        BatteryState merged = below.overlaidBy(above);
        assertEquals(79, merged.get(Quantity.SOC).orElseThrow());
        assertEquals(52.1, merged.get(Quantity.VOLTAGE).orElseThrow());
        assertFalse(merged.get(Request.CHARGE_ENABLE).orElseThrow());
        assertEquals("PYLON", merged.manufacturer().orElseThrow());
        assertEquals("PPTAP0202", merged.get(Identity.SERIAL_NUMBER).orElseThrow());
        assertEquals(2, merged.alarms().size());
        assertEquals(2_000, merged.timestampNs());
        assertEquals(below, below.overlaidBy(BatteryState.EMPTY));
        assertEquals(above, BatteryState.EMPTY.overlaidBy(above));
    }

    @Test
    void vectorsSpeakTheCanonicalVocabulary() {
        Set<String> used = new TreeSet<>();
        canVectors().forEach(v -> v.expected().keySet().stream().filter(BatteryStateTest::isCanonical)
                .forEach(used::add));
        assertEquals(new TreeSet<>(List.of("charge_current_limit_A", "charge_enable", "charge_voltage_limit_V",
                "charged_energy_kWh", "current_A", "discharge_current_limit_A", "discharge_enable",
                "discharge_voltage_limit_V", "discharged_energy_kWh", "force_charge_request_I",
                "force_charge_request_II", "full_charge_request", "installed_capacity_Ah", "max_cell_mV",
                "max_cell_temp_C", "min_cell_mV", "min_cell_temp_C", "module_count", "soc_pct", "soh_pct",
                "temperature_C", "voltage_V")), used);
    }

    /** "Units are in the name": every quantity's name ends in its unit. */
    @Test
    void everyQuantityCarriesItsUnitInItsName() {
        Map<String, String> suffixByUnit = Map.of("V", "_V", "A", "_A", "%", "_pct", "°C", "_C", "mV", "_mV",
                "Ah", "_Ah", "kWh", "_kWh");
        for (Quantity quantity : Quantity.values()) {
            if (quantity == Quantity.MODULE_COUNT) {
                assertEquals("1", quantity.unit());
                continue;
            }
            String suffix = suffixByUnit.get(quantity.unit());
            assertTrue(quantity.canonicalName().endsWith(suffix), quantity + " unit " + quantity.unit());
            assertEquals(quantity, Quantity.byName(quantity.canonicalName()).orElseThrow());
        }
    }

    @Test
    void alarmVocabularyMatchesTheTableOfBatteryStateMd() {
        assertEquals(List.of("general", "high_voltage", "low_voltage", "high_temperature", "low_temperature",
                "high_charge_temperature", "low_charge_temperature", "discharge_over_current", "charge_over_current",
                "contactor", "short_circuit", "bms_internal", "internal_communication", "cell_imbalance"),
                Stream.of(AlarmName.values()).map(AlarmName::canonicalName).toList());
        assertEquals(AlarmLevel.WARNING, AlarmLevel.byName("warning").orElseThrow());
    }

    /** The identity texts (REC Q's 0x35E, 0x380 and 0x35F): by name, after the quantities, in a fixed order. */
    @Test
    void identityTextsKeepTheirOrderAndSurviveFolding() {
        BatteryState state = BatteryState.builder().setByName("firmware_version", "2.6")
                .setByName("serial_number", "1Q-1845").manufacturer("REC-BMS").set(Quantity.SOC, 50).build();
        assertEquals("{soc_pct=50.0, manufacturer=REC-BMS, serial_number=1Q-1845, firmware_version=2.6, alarms=[]}",
                state.toCanonicalMap().toString());
        assertEquals("1Q-1845", state.get(Identity.SERIAL_NUMBER).orElseThrow());
        assertEquals("REC-BMS", state.manufacturer().orElseThrow());
        assertFalse(state.get(Identity.MODEL).isPresent());
        BatteryState next = state.toBuilder().set(Identity.MODEL, "Q-BMS").build();
        assertEquals("Q-BMS", next.get(Identity.MODEL).orElseThrow());
        assertEquals("2.6", next.get(Identity.FIRMWARE_VERSION).orElseThrow(), "kept by toBuilder");
        assertFalse(next.equals(state));
        assertEquals(state, next.toBuilder().set(Identity.MODEL, null).build());
        assertFalse(BatteryState.builder().set(Identity.HARDWARE_VERSION, "B").build().isEmpty());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> BatteryState.builder().setByName("serial_number", 1845));
        assertEquals("serial_number takes a text, not Integer 1845", wrong.getMessage());
        assertEquals(List.of("manufacturer", "model", "serial_number", "firmware_version", "hardware_version"),
                java.util.Arrays.stream(Identity.values()).map(Identity::canonicalName).toList());
    }

    /** The Pylontech 0x351/0x355/0x356 trio of the US5000 capture, folded frame by frame, as a decoder will. */
    @Test
    void foldingFramesKeepsEarlierValuesAndSerializesCanonically() {
        BatteryState limits = BatteryState.builder().timestampNs(1_000)
                .set(Quantity.CHARGE_VOLTAGE_LIMIT, 53.2).set(Quantity.CHARGE_CURRENT_LIMIT, 480.0)
                .set(Quantity.DISCHARGE_CURRENT_LIMIT, 480.0).set(Quantity.DISCHARGE_VOLTAGE_LIMIT, 45.0).build();
        BatteryState withSoc = limits.toBuilder().timestampNs(2_000).set(Quantity.SOC, 88).set(Quantity.SOH, 94)
                .build();
        BatteryState full = withSoc.toBuilder().timestampNs(3_000).set(Quantity.VOLTAGE, 49.86)
                .set(Quantity.CURRENT, -27.0).set(Quantity.TEMPERATURE, 36.3).manufacturer("PYLON")
                .set(Request.CHARGE_ENABLE, true).raise(AlarmName.LOW_TEMPERATURE, AlarmLevel.WARNING)
                .raise(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION).build();

        assertTrue(BatteryState.EMPTY.isEmpty());
        assertFalse(limits.get(Quantity.SOC).isPresent(), "absent, never zero");
        assertEquals(53.2, full.get(Quantity.CHARGE_VOLTAGE_LIMIT).getAsDouble());
        assertEquals(3_000, full.timestampNs());
        assertEquals("[high_voltage/protection, low_temperature/warning]", full.alarms().toString());

        String json = new Gson().toJson(full.toCanonicalMap());
        assertEquals("{\"charge_voltage_limit_V\":53.2,\"charge_current_limit_A\":480.0,"
                + "\"discharge_current_limit_A\":480.0,\"discharge_voltage_limit_V\":45.0,\"soc_pct\":88.0,"
                + "\"soh_pct\":94.0,\"voltage_V\":49.86,\"current_A\":-27.0,\"temperature_C\":36.3,"
                + "\"manufacturer\":\"PYLON\",\"charge_enable\":true,\"alarms\":["
                + "{\"name\":\"high_voltage\",\"level\":\"protection\"},"
                + "{\"name\":\"low_temperature\",\"level\":\"warning\"}]}", json);

        BatteryState cleared = full.toBuilder().clearAlarms(AlarmLevel.PROTECTION).build();
        assertFalse(cleared.hasAlarm(AlarmLevel.PROTECTION));
        assertTrue(cleared.hasAlarm(AlarmLevel.WARNING));
        assertEquals(full, full.toBuilder().build());
    }

    @Test
    void alarmMasksRaiseAndClearExactlyTheirAlarms() {
        long highVoltage = BatteryState.alarmMask(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION);
        long lowTemperature = BatteryState.alarmMask(AlarmName.LOW_TEMPERATURE, AlarmLevel.WARNING);
        BatteryState both = BatteryState.builder().raiseAlarms(highVoltage | lowTemperature).build();
        assertEquals(BatteryState.builder().raise(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION)
                .raise(AlarmName.LOW_TEMPERATURE, AlarmLevel.WARNING).build(), both);
        BatteryState one = both.toBuilder().clearAlarms(highVoltage).build();
        assertEquals(List.of(new Alarm(AlarmName.LOW_TEMPERATURE, AlarmLevel.WARNING)), List.copyOf(one.alarms()));
        // a warning's mask is not the protection's of the same name
        assertEquals(one, one.toBuilder().clearAlarms(BatteryState.alarmMask(AlarmName.LOW_TEMPERATURE,
                AlarmLevel.PROTECTION)).build());
        // bits that name no alarm are ignored
        assertEquals(BatteryState.EMPTY, BatteryState.builder().raiseAlarms(~(highVoltage | lowTemperature))
                .clearAlarms(-1L).build());
        // every level's clear leaves the other level alone
        BatteryState all = BatteryState.builder().raiseAlarms(-1L).build();
        for (Alarm alarm : all.toBuilder().clearAlarms(AlarmLevel.WARNING).build().alarms()) {
            assertEquals(AlarmLevel.PROTECTION, alarm.level());
        }
        assertEquals(AlarmName.values().length * AlarmLevel.values().length, all.alarms().size());
    }

    @Test
    void wrongNamesAndTypesAreRefusedWithTheName() {
        BatteryState.Builder builder = BatteryState.builder();
        assertEquals("'soc' is not a canonical battery state name",
                assertThrows(IllegalArgumentException.class, () -> builder.setByName("soc", 50)).getMessage());
        assertEquals("soc_pct takes a number, not String 50",
                assertThrows(IllegalArgumentException.class, () -> builder.setByName("soc_pct", "50")).getMessage());
        assertEquals("charge_enable takes true or false, not Integer 1",
                assertThrows(IllegalArgumentException.class, () -> builder.setByName("charge_enable", 1))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.set(Quantity.VOLTAGE, Double.NaN));
    }
}
