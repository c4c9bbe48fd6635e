package org.bmsw.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.TraceLines;
import org.junit.jupiter.api.Test;

/**
 * The register maps that ship: each cites its source and decodes example responses. The Seplos frames are quoted,
 * CRCs included, from real packs' captures in syssi/esphome-seplos-bms (docs/pdus/v3/SG16S200A-SP57B-A-all-frames.txt,
 * docs/pdus/v3/SP05B2312190075-coil-frames.txt). No Deye capture was found in the public sources; its responses
 * are laid out by the cited register table, CRCs computed.
 */
class BuiltInMapsTest {

    @Test
    void everyBuiltInMapParsesCitesItsSourceAndFitsTheRequestsAPollMakes() {
        for (String id : RegisterMap.builtInIds()) {
            RegisterMap map = RegisterMap.builtIn(id);
            assertTrue(map.source().contains("https://"), id + " cites no public source: " + map.source());
            assertFalse(map.entries().isEmpty(), id);
            assertFalse(map.blocks(125, 2000).isEmpty(), id);
            assertEquals(map, RegisterMap.builtIn("builtin:" + id));
        }
        assertEquals("no built-in register map 'pylontech'; known: deye-hybrid-lp1, seplos-v3-bms",
                assertThrows(IllegalArgumentException.class, () -> RegisterMap.builtIn("builtin:pylontech"))
                        .getMessage());
    }

    /** Request (built, with its CRC) and response (as given) through the decoder with {@code map}. */
    static List<DecodedMessage> decode(ModbusDecoder decoder, String request, String response) {
        List<DecodedMessage> messages = new ArrayList<>();
        decoder.decode(TraceRecord.serial(1_000_000_000L, "rs485", true, ModbusRtu.withCrc(TraceLines.bytes(request))),
                messages::add);
        decoder.decode(TraceRecord.serial(1_050_000_000L, "rs485", false, TraceLines.bytes(response)), messages::add);
        return messages;
    }

    static double value(List<DecodedMessage> messages, String name) {
        return signal(messages, name).value();
    }

    static DecodedSignal signal(List<DecodedMessage> messages, String name) {
        return messages.stream().flatMap(m -> m.signals().stream()).filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + messages));
    }

    /** Request and response as captured, both with their CRCs. */
    static List<DecodedMessage> decodeCaptured(ModbusDecoder decoder, String request, String response) {
        List<DecodedMessage> messages = new ArrayList<>();
        decoder.decode(TraceRecord.serial(1_000_000_000L, "rs485", true, TraceLines.bytes(request.replace('.', ' '))),
                messages::add);
        decoder.decode(TraceRecord.serial(1_050_000_000L, "rs485", false, TraceLines.bytes(response.replace('.', ' '))),
                messages::add);
        return messages;
    }

    @Test
    void seplosPackInfoFromARealPacksPiaResponseFoldsIntoTheState() {
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn("seplos-v3-bms"));
        // SG16S200A-SP57B-A-all-frames.txt: the master reads 17 input registers from 0x1000 of unit 1, as this map's
        // block does
        assertEquals("input 4096..4112 every 1000 ms", RegisterMap.builtIn("seplos-v3-bms").blocks(125, 2000).get(0)
                .toString());
        List<DecodedMessage> messages = decodeCaptured(decoder, "01.04.10.00.00.11.34.C6", "01.04.22.14.CD.FF.77.6B.40"
                + ".80.E8.01.22.03.40.03.E7.00.0A.0C.FF.0B.7F.0D.00.0C.FF.0B.81.0B.7E.00.00.00.B4.00.B4.D3.2E");
        assertEquals(2, messages.size(), messages.toString());
        assertEquals(List.of(), messages.get(1).problems(), "the captured CRC is right");
        BatteryState state = decoder.state();
        assertEquals(53.25, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        assertEquals(-1.37, state.get(Quantity.CURRENT).orElseThrow(), 1e-9);
        assertEquals(83.2, state.get(Quantity.SOC).orElseThrow(), 1e-9);
        assertEquals(99.9, state.get(Quantity.SOH).orElseThrow(), 1e-9);
        assertEquals(330.0, state.get(Quantity.INSTALLED_CAPACITY).orElseThrow(), 1e-9);
        assertEquals(3328, state.get(Quantity.MAX_CELL_VOLTAGE).orElseThrow());
        assertEquals(3327, state.get(Quantity.MIN_CELL_VOLTAGE).orElseThrow());
        assertEquals(21.35, state.get(Quantity.MAX_CELL_TEMPERATURE).orElseThrow(), 1e-9); // 2945 × 0.1 K
        assertEquals(21.05, state.get(Quantity.MIN_CELL_TEMPERATURE).orElseThrow(), 1e-9);
        assertEquals(180, state.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow());
        assertEquals(180, state.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow());
        assertEquals(274.56, value(messages, "remaining_capacity_Ah"), 1e-9);
        assertEquals(10, value(messages, "cycle_count"));
    }

    @Test
    void seplosCellVoltagesAndTemperaturesFromARealPacksPibResponse() {
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn("seplos-v3-bms"));
        // SG16S200A-SP57B-A-all-frames.txt: 26 input registers from 0x1100
        List<DecodedMessage> messages = decodeCaptured(decoder, "01.04.11.00.00.1A.74.FD", "01.04.34.0C.FF.0C.FF.0D.00"
                + ".0D.00.0D.00.0C.FF.0D.00.0C.FF.0D.00.0D.00.0D.00.0D.00.0D.00.0C.FF.0C.FF.0D.00.0B.82.0B.7F.0B.81.0B.7E"
                + ".0A.AB.0A.AB.0A.AB.0A.AB.0B.8C.0B.7F.01.13");
        assertEquals(List.of(), messages.get(1).problems(), "the captured CRC is right");
        assertEquals(3327, value(messages, "cell_1_mV"));
        assertEquals(3328, value(messages, "cell_3_mV"));
        assertEquals(3328, value(messages, "cell_16_mV"));
        assertEquals(21.45, value(messages, "cell_temp_1_C"), 1e-9);
        assertEquals(21.05, value(messages, "cell_temp_4_C"), 1e-9);
        assertEquals(22.45, value(messages, "environment_temp_C"), 1e-9);
        assertEquals(21.15, value(messages, "power_temp_C"), 1e-9);
    }

    @Test
    void aCapturedExceptionResponseIsNamed() {
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn("seplos-v3-bms"));
        // SG16S200A-SP57B-A-all-frames.txt: 0x0900 coils asked for, more than the protocol allows: exception 2
        List<DecodedMessage> messages = decodeCaptured(decoder, "01.01.12.00.09.00.3F.22", "01.81.02.C1.91");
        assertEquals("ReadCoils exception", messages.get(1).message());
        assertEquals(List.of("exception 2: illegal data address"), messages.get(1).problems());
    }

    @Test
    void seplosFetStateFromARealPacksPicResponseFoldsIntoTheRequests() {
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn("seplos-v3-bms"));
        // SP05B2312190075-coil-frames.txt line 55: unit 1, FC 1, 18 bytes = coils 0x1200-0x128F
        List<DecodedMessage> messages = decode(decoder, "01 01 12 00 00 90", "01 01 12 00 00 00 00 00 00 00 00 10 00 "
                + "00 00 00 00 00 03 00 00 7a f5");
        assertEquals(List.of(), messages.get(1).problems());
        assertEquals(1, value(messages, "system_standby")); // 0x1244: byte 8 = 0x10
        assertEquals(0, value(messages, "system_charging"));
        assertEquals(1, value(messages, "discharge_enable")); // 0x1278-0x1279: byte 15 = 0x03
        assertEquals(1, value(messages, "charge_enable"));
        assertEquals(0, value(messages, "protection_high_voltage"));
        BatteryState state = decoder.state();
        assertEquals(true, state.get(Request.CHARGE_ENABLE).orElseThrow());
        assertEquals(true, state.get(Request.DISCHARGE_ENABLE).orElseThrow());
        assertTrue(state.alarms().isEmpty(), state.alarms().toString());
    }

    @Test
    void deyeInverterShowsTheLimitsItReceivedAndItsOwnMeasurements() {
        ModbusDecoder decoder = new ModbusDecoder(RegisterMap.builtIn("deye-hybrid-lp1"));
        // registers 312-319 as the cited table lays them out: CVL 56.80 V, DVL 46.00 V, CCL 50 A, DCL 100 A,
        // SOC 64 %, 51.20 V, -12 A, 25.0
        List<DecodedMessage> bms = decode(decoder, "01 03 01 38 00 08", hexWithCrc("01 03 10 16 30 11 f8 00 32 00 64 "
                + "00 40 14 00 ff f4 00 fa"));
        assertEquals(List.of(), bms.get(1).problems());
        // registers 182-191: 25.0, 51.17 V, 64 %, status, -615 W, -12.02 A as the inverter measures them
        List<DecodedMessage> own = decode(decoder, "01 03 00 b6 00 0a", hexWithCrc("01 03 14 00 fa 13 fd 00 40 00 00 "
                + "00 00 00 00 00 00 00 02 fd 99 fb 4e"));
        // registers 108-109: charge and discharge current setpoints
        List<DecodedMessage> setpoints = decode(decoder, "01 03 00 6c 00 02", hexWithCrc("01 03 04 00 3c 00 50"));
        BatteryState received = decoder.state();
        assertEquals(56.8, received.get(Quantity.CHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
        assertEquals(46.0, received.get(Quantity.DISCHARGE_VOLTAGE_LIMIT).orElseThrow(), 1e-9);
        assertEquals(50, received.get(Quantity.CHARGE_CURRENT_LIMIT).orElseThrow());
        assertEquals(100, received.get(Quantity.DISCHARGE_CURRENT_LIMIT).orElseThrow());
        assertEquals(64, received.get(Quantity.SOC).orElseThrow());
        assertEquals(-12, received.get(Quantity.CURRENT).orElseThrow());
        assertEquals(51.17, value(own, "inverter_voltage_V"), 1e-9);
        assertEquals(-12.02, value(own, "inverter_current_A"), 1e-9);
        assertEquals(-615, value(own, "inverter_battery_power_W"));
        assertFalse(signal(own, "inverter_current_A").canonical(), "its own measurement stays out of the battery state");
        assertEquals(60, value(setpoints, "charge_setpoint_A"));
        assertEquals(80, value(setpoints, "discharge_setpoint_A"));
    }

    static String hexWithCrc(String hex) {
        return org.bmsw.core.record.Hex.spaced(ModbusRtu.withCrc(TraceLines.bytes(hex)));
    }
}
