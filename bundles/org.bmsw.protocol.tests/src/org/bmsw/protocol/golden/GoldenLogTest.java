package org.bmsw.protocol.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.detect.Detection;
import org.bmsw.protocol.rs485.PylonConsole;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;

/**
 * Golden logs: each real capture in org.bmsw.testdata/traces goes through the {@code auto} decoder; the test
 * asserts the detected protocol, the decoded values (every frame that is also a vector must decode to the vector's
 * canonical values) and the final battery state with its alarms, as the capture's source states them.
 */
class GoldenLogTest {

    private record Run(Detection detection, List<DecodedMessage> messages, BatteryState state, Decoder decoder) {
    }

    private static Run run(List<TraceRecord> records) {
        Decoder decoder = DecoderRegistry.getDefault().create("auto");
        List<DecodedMessage> messages = new ArrayList<>();
        records.forEach(r -> decoder.decode(r, messages::add));
        decoder.finish(messages::add);
        return new Run(((AutoDecoder) decoder).detection(), messages, decoder.state(), decoder);
    }

    private static Run can(String trace) {
        return run(TraceLines.canRecords(trace));
    }

    /** Frames that are also vectors decode to the vectors' canonical values. */
    private static int checkAgainstVectors(Run run) {
        List<Vector> vectors = new ArrayList<>(TestData.vectors("pylontech_can.json"));
        vectors.addAll(TestData.vectors("sma_can.json"));
        int checked = 0;
        for (DecodedMessage message : run.messages()) {
            for (Vector vector : vectors) {
                if (!Integer.decode(vector.field("can_id")).equals(Integer.decode(message.id()))) {
                    continue;
                }
                for (Map.Entry<String, JsonElement> e : vector.expected().entrySet()) {
                    DecodedSignal signal = message.signal(e.getKey());
                    if (signal != null && Quantity.byName(e.getKey()).isPresent() && matches(vector, message, run)) {
                        assertEquals(e.getValue().getAsDouble(), signal.value(), 1e-9, vector.id() + " " + e.getKey());
                        checked++;
                    }
                }
            }
        }
        return checked;
    }

    private static boolean matches(Vector vector, DecodedMessage message, Run run) {
        // the message's own bytes are not kept; identify the frame by its values: every canonical signal agrees
        int compared = 0;
        for (Map.Entry<String, JsonElement> e : vector.expected().entrySet()) {
            if (Quantity.byName(e.getKey()).isEmpty()) {
                continue; // alarms, text and raw fields are checked by CanVectorsTest
            }
            compared++;
            DecodedSignal signal = message.signal(e.getKey());
            if (signal == null || !e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isNumber()
                    || Math.abs(signal.value() - e.getValue().getAsDouble()) > 1e-9) {
                return false;
            }
        }
        return compared > 0;
    }

    private static double q(BatteryState state, Quantity quantity) {
        return state.get(quantity).orElseThrow(() -> new AssertionError(quantity.canonicalName() + " absent"));
    }

    @Test
    void setfirelabsUs5000OldFirmwareIsPylonLayout12() {
        String text = TestData.text("traces/setfirelabs_pylontech_US5000_v1.2_vs_v1.3.txt");
        Run run = can(text.substring(0, text.indexOf("New Pylontechs")));
        assertEquals("pylon-can", run.detection().protocolId());
        assertEquals("1.2", run.detection().layout());
        assertEquals(List.of(), run.detection().missing());
        BatteryState s = run.state();
        // page values (vectors pylontech_can-01..06)
        assertEquals(53.2, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(480.0, q(s, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(88, q(s, Quantity.SOC), 1e-9);
        assertEquals(49.86, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals(-27.0, q(s, Quantity.CURRENT), 1e-9);
        assertEquals(6, q(s, Quantity.MODULE_COUNT), 1e-9);
        assertEquals("PYLON", s.manufacturer().orElseThrow());
        assertEquals(Boolean.TRUE, s.get(Request.CHARGE_ENABLE).orElseThrow());
        assertTrue(s.alarms().isEmpty());
        assertTrue(checkAgainstVectors(run) >= 10);
    }

    @Test
    void setfirelabsUs5000NewFirmwareIsPylonLayout13() {
        String text = TestData.text("traces/setfirelabs_pylontech_US5000_v1.2_vs_v1.3.txt");
        Run run = can(text.substring(text.indexOf("New Pylontechs")));
        assertEquals("pylon-can", run.detection().protocolId());
        assertEquals("1.3", run.detection().layout());
        assertEquals(List.of(), run.detection().missing());
        BatteryState s = run.state();
        assertEquals(52.8, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(84, q(s, Quantity.SOC), 1e-9);
        assertEquals(49.87, q(s, Quantity.VOLTAGE), 1e-9);
        assertFalse(s.get(Quantity.SOC_HIRES).isPresent(), "HiResSOC 0 means not sent");
        assertTrue(s.alarms().isEmpty(), "0x35A all zero: no pair raised");
        assertTrue(checkAgainstVectors(run) >= 8);
    }

    @Test
    void ecoWorthyCubix100InPylonMode() {
        Run run = can(TestData.text("traces/ecoworthy_cubix100_pylon_can_candump.txt"));
        assertEquals("pylon-can", run.detection().protocolId());
        assertEquals(List.of("0x371"), run.detection().unknownIds());
        BatteryState s = run.state();
        // the author's decode table: 58.4 V, 200.0 A, 200.0 A, 44.8 V; SOC 30 %, SOH 100 %; 52.41 V, 0.0 A,
        // 11.3 C; 2 modules, no flags; charge+discharge enabled; PYLON; 0x379 200 Ah
        assertEquals(58.4, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(200.0, q(s, Quantity.CHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(44.8, q(s, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(30, q(s, Quantity.SOC), 1e-9);
        assertEquals(52.41, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals(11.3, q(s, Quantity.TEMPERATURE), 1e-9);
        assertEquals(2, q(s, Quantity.MODULE_COUNT), 1e-9);
        assertEquals(200, q(s, Quantity.INSTALLED_CAPACITY), 1e-9);
        assertEquals("PYLON", s.manufacturer().orElseThrow());
        // 0x35F 00 00 0D 05: bytes 2-3 the BMS version, not BCD, so read in decimal; 0x370 is cell extremes here
        assertEquals("13.5", s.get(Identity.FIRMWARE_VERSION).orElseThrow());
        assertFalse(s.get(Identity.MODEL).isPresent());
        assertTrue(s.alarms().isEmpty());
        assertEquals(Boolean.TRUE, s.get(Request.DISCHARGE_ENABLE).orElseThrow());
        // 0x373 (cell info, K - 273) comes after 0x370 and holds 3274/3279 mV, 283/284 K
        assertEquals(3274, q(s, Quantity.MIN_CELL_VOLTAGE), 1e-9);
        assertEquals(11, q(s, Quantity.MAX_CELL_TEMPERATURE), 1e-9);
        assertEquals("0204", message(run, "0x374").signal("min_cell_voltage_id").text());
        assertTrue(checkAgainstVectors(run) >= 15);
    }

    @Test
    void pylontechStackDocstring() {
        Run run = can(TestData.text("traces/pylontech_stack_candump_python_docstring.txt"));
        assertEquals("pylon-can", run.detection().protocolId());
        BatteryState s = run.state();
        assertEquals(4, q(s, Quantity.MODULE_COUNT), 1e-9);
        assertEquals(160.0, q(s, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(-1.5, q(s, Quantity.CURRENT), 1e-9);
        assertEquals(5.5, q(s, Quantity.TEMPERATURE), 1e-9);
        assertTrue(s.alarms().isEmpty());
        assertTrue(checkAgainstVectors(run) >= 10);
    }

    @Test
    void setfirelabsReplicationSample() {
        Run run = can(TestData.text("traces/setfirelabs_pylontech_US2000_US3000_replication_sample.txt"));
        assertEquals(6, run.messages().size());
        assertEquals("1.2", run.detection().layout());
        assertEquals(10, q(run.state(), Quantity.MODULE_COUNT), 1e-9);
        assertEquals(370.0, q(run.state(), Quantity.CHARGE_CURRENT_LIMIT), 1e-9);
        assertTrue(checkAgainstVectors(run) >= 6);
    }

    @Test
    void recQBmsSmaProfile() {
        Run run = can(TestData.text("traces/rec_q_bms_sma_profile_candump_250k.txt"));
        assertEquals("sma-can", run.detection().protocolId());
        BatteryState s = run.state();
        assertEquals(28.7, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(50.0, q(s, Quantity.SOC_HIRES), 1e-9);
        assertEquals(26.1, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals("REC-BMS", s.manufacturer().orElseThrow());
        assertTrue(s.alarms().isEmpty(), "A8 A0 82 00 00 00 80 0A: pairs cleared or not reported");
        assertEquals("1Q-1845", message(run, "0x380").signal("serial_number_1").text());
        // identity: 0x380 the serial (no 0x381 in the capture), 0x35F bytes 2-3 02 06 the firmware 2.6
        assertEquals("1Q-1845", s.get(Identity.SERIAL_NUMBER).orElseThrow());
        assertEquals("2.6", s.get(Identity.FIRMWARE_VERSION).orElseThrow());
        assertFalse(s.get(Identity.MODEL).isPresent(), "no 0x370/0x371 name in this capture");
        assertEquals(100, q(s, Quantity.INSTALLED_CAPACITY), 1e-9);
        assertTrue(checkAgainstVectors(run) >= 10);
    }

    @Test
    void victronGxWithShenergyBms() {
        Run run = can(TestData.text("traces/victron_gx_canbms_candump_syssi_issue3.txt"));
        assertEquals("sma-can", run.detection().protocolId());
        BatteryState s = run.state();
        assertEquals("SHEnergy", s.manufacturer().orElseThrow());
        assertEquals(60.2, q(s, Quantity.SOC_HIRES), 1e-9);
        assertEquals(-30.1, q(s, Quantity.CURRENT), 1e-9);
        // the last 0x373 of the capture: B9 0C C2 0C 27 01 28 01
        assertEquals(3257, q(s, Quantity.MIN_CELL_VOLTAGE), 1e-9);
        assertEquals(296 - 273, q(s, Quantity.MAX_CELL_TEMPERATURE), 1e-9);
        assertTrue(s.alarms().isEmpty());
        assertEquals("CAN-SMAR", message(run, "0x370").signal("battery_name_1").text());
        // identity: 0x370 + 0x371 the battery's name, 0x35F bytes 2-3 10 04 the BMS version
        assertEquals("CAN-SMARTBMS-BAT", s.get(Identity.MODEL).orElseThrow());
        assertEquals("10.4", s.get(Identity.FIRMWARE_VERSION).orElseThrow());
        assertEquals(0.0, message(run, "0x305").signal("inverter_voltage_V").value(), "GX keep-alive: all zero");
        assertTrue(checkAgainstVectors(run) >= 8);
    }

    @Test
    void discoverLynxIiSends356InDecivolts() {
        Run run = can(TestData.text("traces/discover_lynx2_serialcan_candump_issue107.txt"));
        assertEquals("sma-can+voltage-0.1V", run.detection().decoderSpec());
        assertTrue(run.decoder().variants().stream().anyMatch(v -> v.startsWith("0x356 voltage: 0.1 V")),
                run.decoder().variants().toString());
        BatteryState s = run.state();
        // reporter's decode: 558 / 2820 / 2820 / 432 (0.1 V, 0.1 A); SOC 62, SOH 100
        assertEquals(55.8, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(282.0, q(s, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(43.2, q(s, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(62, q(s, Quantity.SOC), 1e-9);
        assertEquals(52.2, q(s, Quantity.VOLTAGE), 1e-9); // vector sma_can-30 voltage_V_if_0.1
        assertEquals(-23.9, q(s, Quantity.CURRENT), 1e-9);
        assertEquals("DISCOVER", s.manufacturer().orElseThrow());
        // identity: 0x370 "Discover" + 0x371 " AES" make the battery's name; no 0x35F, so no firmware
        assertEquals("Discover AES", s.get(Identity.MODEL).orElseThrow());
        assertFalse(s.get(Identity.FIRMWARE_VERSION).isPresent());
        assertTrue(s.alarms().isEmpty(), "7-byte 0x35A: pairs 10 cleared, 11 no change");
        assertEquals(List.of("0x354"), run.detection().unknownIds());
    }

    @Test
    void bydRevovOnVictron() {
        Run run = can(TestData.text("traces/byd_revov_victron_dump_powerforum_comment.txt"));
        assertEquals("sma-can", run.detection().protocolId());
        assertEquals(7, run.messages().size());
        BatteryState s = run.state();
        assertEquals(57.0, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9); // source comment: 570 100 100 420
        assertEquals(42.0, q(s, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(53.0, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals("BYD", s.manufacturer().orElseThrow());
        assertTrue(s.alarms().isEmpty());
    }

    @Test
    void emulatorNegativeDischargeLimitIsFlagged() {
        Run run = can(TestData.text("traces/emulator_outputs_not_real_batteries.txt"));
        DecodedMessage diyBms = run.messages().get(0);
        assertEquals("0x351", diyBms.id());
        // diyBMS sends 0xFF9C = -10.0 A; the canonical DCL is a magnitude, the sign flagged
        assertEquals(10.0, diyBms.signal("discharge_current_limit_A").value(), 1e-9);
        assertEquals(-100, diyBms.signal("discharge_current_limit_A").raw());
        assertTrue(diyBms.problems().get(0).contains("discharge_current_limit_A = -10 is negative"),
                diyBms.problems().toString());
        // ArminJo's comment decodes: 55.2 V, 50.0 A, 80.0 A, 48.0 V; 52.28 V, 0.4 A, 22.0 C; PYLON
        BatteryState s = run.state();
        assertEquals(55.2, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(80.0, q(s, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(52.28, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals(60, q(s, Quantity.SOC), 1e-9);
        assertEquals(33, message(run, "0x305").signal("inverter_keep_alive").value(), "ArminJo sends 0x21");
        assertTrue(s.alarms().isEmpty());
    }

    @Test
    void pythonPylontechRs485Responses() {
        String text = TestData.text("traces/pylontech_rs485_responses_python-pylontech_tests.txt");
        List<TraceRecord> records = new ArrayList<>();
        for (String frame : TraceLines.rs485Frames(text)) {
            byte[] bytes = frame.getBytes(StandardCharsets.US_ASCII);
            // split every frame over two reads, as a serial port delivers it
            records.add(TraceRecord.serial(records.size(), "ttyUSB0", false,
                    java.util.Arrays.copyOfRange(bytes, 0, bytes.length / 3)));
            records.add(TraceRecord.serial(records.size(), "ttyUSB0", false,
                    java.util.Arrays.copyOfRange(bytes, bytes.length / 3, bytes.length)));
        }
        Run run = run(records);
        assertEquals("pylon-rs485", run.detection().protocolId());
        assertEquals(5, run.messages().size());
        // test_us3000_4modules_info_parsing_1 frame: four modules of 15 cells
        DecodedMessage us3000 = run.messages().get(1);
        assertEquals("0x42", us3000.id());
        assertEquals(4, us3000.signal("module_count").value());
        assertEquals(15, us3000.signal("module_4_cell_count").value());
        for (int i = 0; i < 4; i++) {
            assertTrue(run.messages().get(i).problems().isEmpty(), run.messages().get(i).problems().toString());
        }
        // test_up2500_management_info: 28.4 V, 23.2 V, 55.5 A, -55.5 A, charge + discharge enabled
        BatteryState s = run.state();
        assertEquals(28.4, q(s, Quantity.CHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(23.2, q(s, Quantity.DISCHARGE_VOLTAGE_LIMIT), 1e-9);
        assertEquals(55.5, q(s, Quantity.DISCHARGE_CURRENT_LIMIT), 1e-9);
        assertEquals(Boolean.TRUE, s.get(Request.DISCHARGE_ENABLE).orElseThrow());
        // test_up2500_1module_status_info_parsing_1: 26.638 V, -0.6 A, 95.46 of 111 Ah
        assertEquals(26.638, q(s, Quantity.VOLTAGE), 1e-9);
        assertEquals(-0.6, q(s, Quantity.CURRENT), 1e-9);
        assertEquals(86.0, q(s, Quantity.SOC), 1e-9); // 95.46 / 111 = 86.0 %
        assertEquals(111, q(s, Quantity.INSTALLED_CAPACITY), 1e-9);
    }

    @Test
    void rs485SpecExampleAndIssueFrameFromHexBytes() {
        String text = TestData.text("traces/pylontech_rs485_spec_v3.3_example_and_issue_frames.txt");
        StringBuilder hex = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.matches("^[0-9a-fA-F]{2}[0-9a-fA-F |]*$")) {
                hex.append(line.replaceAll("[ |]", ""));
            }
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        List<String> transcribed = TraceLines.rs485Frames(text);
        assertEquals(String.join("", transcribed), new String(bytes, StandardCharsets.US_ASCII),
                "the verbatim bytes are the transcription");
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += 37) { // arbitrary read sizes, frames split anywhere
            records.add(TraceRecord.serial(i, "ttyS0", false,
                    java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 37))));
        }
        Run run = run(records);
        assertEquals("pylon-rs485", run.detection().protocolId());
        assertEquals(3, run.messages().size());
        assertEquals("AnalogValues request", run.messages().get(0).message());
        DecodedMessage spec = run.messages().get(1);
        assertTrue(spec.problems().contains("bad CHKSUM E1A2, computed E27A"), spec.problems().toString());
        DecodedMessage issue = run.messages().get(2);
        assertEquals("AnalogValues response", issue.message());
        assertEquals("42", issue.signal("command_inferred").text(), "no request captured before it");
        assertTrue(issue.problems().isEmpty());
        // reporter: cell 1 0x0D6A = 3.434 V, cell 2 3.458 V
        assertEquals(3434, issue.signal("cell_1_mV").value());
        assertEquals(3458, issue.signal("cell_2_mV").value());
        BatteryState s = run.state();
        assertEquals(51.849, q(s, Quantity.VOLTAGE), 1e-9); // only the valid frame is folded
        assertEquals(3434, q(s, Quantity.MIN_CELL_VOLTAGE), 1e-9);
        assertEquals(100.0, q(s, Quantity.SOC), 1e-9);
    }

    @Test
    void consolePwrLinesBothFirmwares() {
        String text = TestData.text("traces/pylontech_console_pwr_lines_esphome.txt");
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.trim().startsWith("// ") && !line.contains("example")) {
                lines.add(line.trim().substring(3));
            }
        }
        // old header, two rows, new header, one row
        List<DecodedSignal> sysError = PylonConsole.parsePwrLine(lines.get(0), lines.get(2));
        assertEquals("SysError", find(sysError, "base_state").text());
        assertEquals(46.012, find(sysError, "voltage_V").value(), 1e-9);
        assertEquals(4, find(sysError, "coulomb_pct").value(), 1e-9);
        List<DecodedSignal> newer = PylonConsole.parsePwrLine(lines.get(3), lines.get(4));
        assertEquals(49.405, find(newer, "voltage_V").value(), 1e-9);
        assertEquals("8", find(newer, "Tlow.Id").text());
        assertEquals("Normal", find(newer, "system_alarm_state").text());
    }

    @Test
    void periodsAreComparedWithTheProtocol() {
        List<TraceRecord> cycle = TraceLines.canRecords(
                TestData.text("traces/pylontech_stack_candump_python_docstring.txt"));
        List<TraceRecord> timed = new ArrayList<>();
        for (int second = 0; second < 5; second++) {
            for (TraceRecord r : cycle) {
                timed.add(TraceRecord.can(second * 1_000_000_000L + r.timestampNs(), "can0", r.identifier(),
                        r.payload()));
            }
        }
        Detection detection = org.bmsw.protocol.detect.ProtocolDetector.detect(timed);
        assertEquals(6, detection.periods().size());
        detection.periods().forEach(p -> {
            assertEquals(1000.0, p.measuredMs(), 1e-6);
            assertTrue(p.withinLimits(), p.toString());
        });
        List<TraceRecord> fast = new ArrayList<>();
        for (int tick = 0; tick < 5; tick++) {
            for (TraceRecord r : cycle) {
                fast.add(TraceRecord.can(tick * 100_000_000L, "can0", r.identifier(), r.payload()));
            }
        }
        assertTrue(org.bmsw.protocol.detect.ProtocolDetector.detect(fast).periods().stream()
                .noneMatch(p -> p.withinLimits()), "100 ms is faster than Pylon's 1 s cycle allows");
        // a cycle without 0x35C is reported missing
        List<TraceRecord> without = timed.stream().filter(r -> r.identifier() != 0x35C).toList();
        assertEquals(List.of("0x35C"), org.bmsw.protocol.detect.ProtocolDetector.detect(without).missing());
    }

    @Test
    void alarmsFoldAndClear() {
        // vectors pylontech_can-29 (protection bits), then -04 (no bits): the 0x359 frame reports every alarm
        Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        decoder.decode(TraceRecord.can(0, "can0", 0x359, TraceLines.bytes("82 00 00 00 01 50 4E")), m -> { });
        assertEquals(List.of(new Alarm(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION),
                new Alarm(AlarmName.DISCHARGE_OVER_CURRENT, AlarmLevel.PROTECTION)),
                List.copyOf(decoder.state().alarms()));
        decoder.decode(TraceRecord.can(1, "can0", 0x359, TraceLines.bytes("00 00 00 00 06 50 4E")), m -> { });
        assertTrue(decoder.state().alarms().isEmpty());
        // SMA pairs: sma_can-31 raises general (protection) and high voltage (warning); all-AA clears them
        Decoder sma = DecoderRegistry.getDefault().create("sma-can");
        sma.decode(TraceRecord.can(0, "can0", 0x35A, TraceLines.bytes("01 00 00 00 04 00 00 00")), m -> { });
        assertEquals(List.of(new Alarm(AlarmName.GENERAL, AlarmLevel.PROTECTION),
                new Alarm(AlarmName.HIGH_VOLTAGE, AlarmLevel.WARNING)), List.copyOf(sma.state().alarms()));
        sma.decode(TraceRecord.can(1, "can0", 0x35A, TraceLines.bytes("AA AA AA AA AA AA AA AA")), m -> { });
        assertTrue(sma.state().alarms().isEmpty());
    }

    @Test
    void shortFrameIsFlaggedAndDecodingGoesOn() {
        Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        List<DecodedMessage> out = new ArrayList<>();
        decoder.decode(TraceRecord.can(0, "can0", 0x351, (byte) 0x14), out::add);
        decoder.decode(TraceRecord.can(1, "can0", 0x355, TraceLines.bytes("5A 00 64 00")), out::add);
        assertEquals("0x351: 1 data byte, layout needs 6 (pylon-can Limits): 14", out.get(0).problems().get(0));
        assertEquals(6, out.get(0).layoutMismatch().expectedLength());
        assertTrue(decoder.state().get(Quantity.CHARGE_VOLTAGE_LIMIT).isEmpty());
        assertEquals(90, q(decoder.state(), Quantity.SOC), 1e-9);
    }

    private static DecodedMessage message(Run run, String id) {
        DecodedMessage found = null;
        for (DecodedMessage m : run.messages()) {
            if (m.id().equals(id)) {
                found = m;
            }
        }
        assertNotNull(found, "no message " + id);
        return found;
    }

    private static DecodedSignal find(List<DecodedSignal> signals, String name) {
        return signals.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
