package org.bmsw.protocol.can;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.detect.Detection;
import org.bmsw.protocol.detect.ProtocolDetector;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames that do not fit their layout (too short, or values no battery can have) are reported as layout mismatches
 * and kept out of the battery state, for every message of every built-in definition; the detector tries the
 * variants on them.
 */
class PlausibilityTest {

    private static double q(BatteryState state, Quantity quantity) {
        return state.get(quantity).orElseThrow(() -> new AssertionError(quantity.canonicalName() + " absent"));
    }

    private static DecodedMessage decode(Decoder decoder, int id, String bytes) {
        List<DecodedMessage> out = new ArrayList<>();
        decoder.decode(TraceRecord.can(0, "can0", id, TraceLines.bytes(bytes)), out::add);
        assertEquals(1, out.size(), String.format("0x%03X %s", id, bytes));
        return out.get(0);
    }

    /** Every built-in definition with every variant of it on its own. */
    static Stream<String> builtInSpecs() {
        List<String> specs = new ArrayList<>();
        for (String protocol : List.of(CanProtocol.PYLON, CanProtocol.SMA)) {
            specs.add(protocol);
            for (String variant : CanProtocol.variantsOf(protocol)) {
                specs.add(protocol + "+" + variant);
            }
        }
        return specs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtInSpecs")
    void everyMessageCutShortIsAMismatchAndLeavesTheStateAlone(String spec) {
        String[] parts = spec.split("\\+");
        CanProtocol protocol = CanProtocol.builtIn(parts[0], List.of(parts).subList(1, parts.length));
        int checked = 0;
        for (int m = 0; m < protocol.codec().messageCount(); m++) {
            int needed = protocol.minimumLength(m);
            int id = protocol.codec().message(m).canId();
            if (needed == 0) {
                continue; // text only (0x35E, names) or no signal (0x00F)
            }
            CanDecoder decoder = new CanDecoder(protocol);
            byte[] shorter = new byte[needed - 1];
            java.util.Arrays.fill(shorter, (byte) 0x11);
            DecodedMessage message = decoder.decode(0, "can0", id, 0, shorter);
            assertNotNull(message.layoutMismatch(), spec + " " + message.id());
            assertEquals(needed, message.layoutMismatch().expectedLength());
            assertEquals(message.layoutMismatch().text(), message.problems().get(0));
            assertTrue(message.layoutMismatch().text().startsWith(message.id() + ": " + (needed - 1) + " data byte"),
                    message.layoutMismatch().text());
            assertTrue(message.signals().stream().noneMatch(DecodedSignal::valid), message.signals().toString());
            assertEquals(BatteryState.EMPTY.toCanonicalMap(), decoder.state().toCanonicalMap(), message.id());
            checked++;
        }
        assertTrue(checked >= 12, spec + ": " + checked + " messages checked");
    }

    @Test
    void lengthsFollowTheLayoutsOptionalTrailingBytes() {
        CanProtocol pylon = CanProtocol.builtIn(CanProtocol.PYLON, List.of());
        DbcLengths lengths = new DbcLengths(pylon);
        assertEquals(6, lengths.of(0x351)); // DVL in bytes 6-7 is optional (Battery-Emulator, DBC-PL send 6)
        assertEquals(4, lengths.of(0x355)); // old firmware: SOC and SOH only
        assertEquals(6, lengths.of(0x356));
        assertEquals(5, lengths.of(0x359)); // up to module_count; 'PN' is text
        assertEquals(1, lengths.of(0x35C));
        assertEquals(0, lengths.of(0x35E)); // text, Pytes sends 5 bytes
        assertEquals(8, lengths.of(0x370));
        assertEquals(8, lengths.of(0x372));
        assertEquals(8, lengths.of(0x373));
        assertEquals(7, lengths.of(0x35A)); // the Discover Lynx II sends 7
        assertEquals(4, lengths.of(0x307)); // the GX signature; 'VIC' is text
    }

    private record DbcLengths(CanProtocol protocol) {
        int of(int id) {
            return protocol.minimumLength(protocol.codec().messageIndex(id, 0));
        }
    }

    @Test
    void discoverLynxShortVictronFramesAreMismatchesWithTheirBytes() {
        Decoder decoder = DecoderRegistry.getDefault().create("auto");
        List<DecodedMessage> messages = new ArrayList<>();
        TraceLines.canRecords(TestData.text("traces/discover_lynx2_serialcan_candump_issue107.txt"))
                .forEach(r -> decoder.decode(r, messages::add));
        decoder.finish(messages::add);
        DecodedMessage bank = messages.stream().filter(m -> m.id().equals("0x372")).findFirst().orElseThrow();
        DecodedMessage cells = messages.stream().filter(m -> m.id().equals("0x373")).findFirst().orElseThrow();
        assertEquals("0x372: 4 data bytes, layout needs 8 (sma-can BankInfo): 00 00 00 02",
                bank.layoutMismatch().text());
        assertEquals("0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00",
                cells.layoutMismatch().text());
        assertEquals(List.of(cells.layoutMismatch().text()), cells.problems());
        // the values the 8-byte layout would read are shown, flagged not valid
        assertEquals(1.0, cells.signal("min_cell_mV").value());
        assertFalse(cells.signal("min_cell_mV").valid());
        assertEquals(512.0, bank.signal("modules_blocking_charge").value());
        BatteryState state = decoder.state();
        assertTrue(state.get(Quantity.MIN_CELL_VOLTAGE).isEmpty());
        assertTrue(state.get(Quantity.MAX_CELL_VOLTAGE).isEmpty());
        // the other frames fold as before
        assertEquals(62, q(state, Quantity.SOC), 1e-9);
        assertEquals(52.2, q(state, Quantity.VOLTAGE), 1e-9);
        assertEquals(7, messages.stream().filter(m -> !m.isLayoutMismatch()).count()); // 0x354 is not defined

        Detection detection = ((AutoDecoder) decoder).detection();
        assertEquals("sma-can+voltage-0.1V", detection.decoderSpec(), "cell-temp-272 tried on 0x373, fits no better");
        assertEquals(List.of("0x372: 4 data bytes, layout needs 8 (sma-can BankInfo): 00 00 00 02 (1 frame of 0x372)",
                "0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00 (1 frame of 0x373)"),
                detection.notUnderstood());
    }

    @Test
    void shortLimitsImpossibleTemperatureAndSocStayOutWhileTheFramesAroundThemDecode() {
        Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        // Eco-Worthy's 0x351: CVL 58.4 V, CCL 200 A, DCL 200 A, DVL 44.8 V
        assertFalse(decode(decoder, 0x351, "48 02 D0 07 D0 07 C0 01").isLayoutMismatch());
        // 4 bytes: CVL and CCL but no DCL; a layout this battery does not send
        DecodedMessage limits = decode(decoder, 0x351, "F4 01 E8 03");
        assertEquals("0x351: 4 data bytes, layout needs 6 (pylon-can Limits): F4 01 E8 03", limits.problems().get(0));
        assertEquals(50.0, limits.signal("charge_voltage_limit_V").value(), 1e-9);
        assertEquals(58.4, q(decoder.state(), Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(200, q(decoder.state(), Quantity.CHARGE_CURRENT_LIMIT), 1e-9);

        // 0x356: 51.00 V, 10.0 A, 25.0 degC; then the same with the temperature word at -2730 (0 K read as 0.1 degC)
        assertFalse(decode(decoder, 0x356, "EC 13 64 00 FA 00").isLayoutMismatch());
        DecodedMessage cold = decode(decoder, 0x356, "F0 13 C8 00 56 F5");
        assertEquals("0x356: temperature_C = -273 °C, a battery sends -60..150 °C (pylon-can Measurements): "
                + "F0 13 C8 00 56 F5", cold.layoutMismatch().text());
        // none of the frame's values is taken, though voltage and current look fine: the layout is in doubt
        assertEquals(25.0, q(decoder.state(), Quantity.TEMPERATURE), 1e-9);
        assertEquals(51.0, q(decoder.state(), Quantity.VOLTAGE), 1e-9);
        assertEquals(10.0, q(decoder.state(), Quantity.CURRENT), 1e-9);

        // 0x355: SOC 30 %, then 250 % (FA 00), then 31 %
        assertFalse(decode(decoder, 0x355, "1E 00 64 00").isLayoutMismatch());
        DecodedMessage full = decode(decoder, 0x355, "FA 00 64 00");
        assertEquals(List.of("soc_pct = 250 %, a battery sends 0..100 %"), full.layoutMismatch().reasons());
        assertEquals(30, q(decoder.state(), Quantity.SOC), 1e-9);
        assertFalse(decode(decoder, 0x355, "1F 00 64 00").isLayoutMismatch());
        assertEquals(31, q(decoder.state(), Quantity.SOC), 1e-9);
        assertFalse(decode(decoder, 0x356, "F0 13 C8 00 FA 00").isLayoutMismatch());
        assertEquals(20.0, q(decoder.state(), Quantity.CURRENT), 1e-9);
        assertEquals(3, ((CanDecoder) decoder).layoutMismatches());
    }

    @Test
    void minimumAboveMaximumAndMoreModulesBlockingThanOnlineAreMismatches() {
        Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        // Eco-Worthy's 0x373: 3274 / 3279 mV, 283 / 284 K; then min and max swapped
        assertFalse(decode(decoder, 0x373, "CA 0C CF 0C 1B 01 1C 01").isLayoutMismatch());
        DecodedMessage swapped = decode(decoder, 0x373, "CF 0C CA 0C 1B 01 1C 01");
        assertEquals(List.of("min_cell_mV 3279 above max_cell_mV 3274"), swapped.layoutMismatch().reasons());
        assertEquals(3274, q(decoder.state(), Quantity.MIN_CELL_VOLTAGE), 1e-9);
        assertEquals(3279, q(decoder.state(), Quantity.MAX_CELL_VOLTAGE), 1e-9);
        // a cell temperature word of 0 is 0 K: -273 degC
        assertEquals(List.of("min_cell_temp_C = -273 °C, a battery sends -60..150 °C"),
                decode(decoder, 0x373, "CA 0C CF 0C 00 00 1C 01").layoutMismatch().reasons());
        assertEquals(10, q(decoder.state(), Quantity.MIN_CELL_TEMPERATURE), 1e-9);
        // Victron 0x372: 2 online, 0 blocking (Eco-Worthy), then 3 blocking charge of 2 online
        DecodedMessage bank = decode(decoder, 0x372, "02 00 00 00 00 00 00 00");
        assertFalse(bank.isLayoutMismatch());
        assertEquals(List.of("modules_blocking_charge 3 above modules_online 2"),
                decode(decoder, 0x372, "02 00 03 00 00 00 00 00").layoutMismatch().reasons());
        // 0x370 cell extremes (Pylon V2.0.6): 11.8 / 10.8 degC, 3279 / 3274 mV, then a cell at 1 mV
        assertFalse(decode(decoder, 0x370, "76 00 6C 00 CF 0C CA 0C").isLayoutMismatch());
        assertEquals(List.of("min_cell_mV = 1 mV, a battery sends 500..5500 mV"),
                decode(decoder, 0x370, "76 00 6C 00 CF 0C 01 00").layoutMismatch().reasons());
        assertEquals(3274, q(decoder.state(), Quantity.MIN_CELL_VOLTAGE), 1e-9);
    }

    @Test
    void notSentMarkersAreNotMismatches() {
        // SMA-TI: 0xFFFF = SOC not sent; BYD's HiResSOC 0 = not sent
        Decoder decoder = DecoderRegistry.getDefault().create("sma-can");
        DecodedMessage message = decode(decoder, 0x355, "FF FF 64 00 00 00 00 00");
        assertNull(message.layoutMismatch());
        assertFalse(message.signal("soc_pct").valid());
        assertEquals(100, q(decoder.state(), Quantity.SOH), 1e-9);
    }

    @Test
    void theDetectorChoosesTheVariantWhoseLayoutFits() {
        // A Pylon battery (0x359, 0x35C) that sends the Victron ASCII name in 0x370/0x371: read as cell extremes,
        // "Discover" would be 2694.8 degC
        String trace = """
                  can0  351   [8]  2E 02 04 0B 04 0B B0 01
                  can0  355   [4]  3E 00 64 00
                  can0  356   [6]  EC 13 00 00 FA 00
                  can0  359   [7]  00 00 00 00 01 50 4E
                  can0  35C   [2]  C0 00
                  can0  35E   [8]  50 59 4C 4F 4E 20 20 20
                  can0  370   [8]  44 69 73 63 6F 76 65 72
                  can0  371   [8]  20 41 45 53 00 00 00 00
                """;
        List<TraceRecord> records = TraceLines.canRecords(trace);
        Detection detection = ProtocolDetector.detect(records);
        assertEquals("pylon-can+name-370", detection.decoderSpec());
        String why = detection.evidence().stream().filter(e -> e.startsWith("0x370")).findFirst().orElseThrow();
        assertTrue(why.startsWith("0x370: max_cell_temp_C = 2694.8 °C, a battery sends -60..150 °C; "
                + "min_cell_temp_C = 2545.9 °C, a battery sends -60..150 °C; max_cell_mV = 30319 mV"), why);
        assertTrue(why.endsWith("(pylon-can CellExtremes): 44 69 73 63 6F 76 65 72 does not fit, variant name-370 "
                + "does: name-370"), why);
        assertEquals(List.of(), detection.notUnderstood());
        assertEquals(List.of(), detection.unknownIds(), "0x371 is the name's second half in the variant");

        Decoder decoder = DecoderRegistry.getDefault().create("auto");
        List<DecodedMessage> messages = new ArrayList<>();
        records.forEach(r -> decoder.decode(r, messages::add));
        decoder.finish(messages::add);
        // auto chose pylon-can at 0x35C, before 0x370 came; 0x370's mismatch made it choose again, the state
        // rebuilt from the records before
        assertEquals("pylon-can+name-370", ((AutoDecoder) decoder).chosenSpec());
        assertTrue(messages.stream().noneMatch(DecodedMessage::isLayoutMismatch), messages.toString());
        assertEquals(8, messages.size());
        assertEquals(62, q(decoder.state(), Quantity.SOC), 1e-9);
        assertEquals(55.8, q(decoder.state(), Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals("PYLON", decoder.state().manufacturer().orElseThrow());
        DecodedMessage name = messages.stream().filter(m -> m.id().equals("0x370")).findFirst().orElseThrow();
        assertEquals("Discover", name.signal("battery_name_1").text());
        assertTrue(decoder.state().get(Quantity.MAX_CELL_TEMPERATURE).isEmpty());
        assertTrue(decoder.variants().contains("0x370/0x371: Victron ASCII battery name (variant name-370, as "
                + "sma-can)"), decoder.variants().toString());

        // Eco-Worthy's 0x370 is cell extremes: no variant
        Detection ecoWorthy = ProtocolDetector.detect(TraceLines.canRecords(
                TestData.text("traces/ecoworthy_cubix100_pylon_can_candump.txt")));
        assertEquals("pylon-can", ecoWorthy.decoderSpec());
        assertEquals(List.of(), ecoWorthy.notUnderstood());
    }

    @Test
    void badRulesNameFileAndLine() {
        IllegalArgumentException words = assertThrows(IllegalArgumentException.class,
                () -> Plausibility.parse("rules.txt", "range soc_pct 0 100\n\nrange soh_pct 0\n"));
        assertEquals("rules.txt:3: 'range soh_pct 0' is neither 'range NAME LOW HIGH' nor 'order LOW HIGH'",
                words.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class,
                () -> Plausibility.parse("rules.txt", "# comment\nrange soc_pct zero 100"));
        assertEquals("rules.txt:2: range soc_pct: 'zero 100' are not two numbers", number.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> Plausibility.parse("rules.txt", "range soc_pct 100 0"));
        assertEquals("rules.txt:1: range soc_pct: 100 is above 0", order.getMessage());
        Plausibility rules = Plausibility.parse("rules.txt", "range soc_pct 0 100 # percent\norder a b\n");
        assertEquals(100, rules.range("soc_pct")[1]);
        assertEquals("b", rules.orders().get(0)[1]);
    }

    @Test
    void theBuiltInRulesCoverTheBatteryQuantities() {
        for (Quantity quantity : List.of(Quantity.SOC, Quantity.SOC_HIRES, Quantity.SOH, Quantity.VOLTAGE,
                Quantity.MIN_CELL_VOLTAGE, Quantity.MAX_CELL_VOLTAGE, Quantity.TEMPERATURE,
                Quantity.MIN_CELL_TEMPERATURE, Quantity.MAX_CELL_TEMPERATURE, Quantity.CHARGE_VOLTAGE_LIMIT,
                Quantity.DISCHARGE_VOLTAGE_LIMIT)) {
            assertNotNull(Plausibility.BUILT_IN.range(quantity.canonicalName()), quantity.canonicalName());
        }
        // a built-in signal's own [min|max] narrows: the Sunny Island's SOH 0-100 % has no rule of its own
        CanProtocol sma = CanProtocol.builtIn(CanProtocol.SMA, List.of());
        int soh = sma.codec().signalIndex(0x306, false, "inverter_soh_pct");
        assertEquals(100, sma.plausibleRange(soh)[1]);
        // a vendor's DBC keeps the rules by name only
        CanProtocol vendor = CanProtocol.fromDbc("vendor",
                CanProtocol.load("sma-can.dbc").overlay(CanProtocol.load("victron-ext.dbc")));
        assertEquals(Double.POSITIVE_INFINITY, vendor.plausibleRange(
                vendor.codec().signalIndex(0x306, false, "inverter_soh_pct"))[1]);
        assertEquals(5500, vendor.plausibleRange(vendor.codec().signalIndex(0x373, false, "min_cell_mV"))[1],
                1e-9);
    }
}
