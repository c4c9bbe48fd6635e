package org.bmsw.protocol.rs485;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Every vector of pylontech_rs485.json, including the two bad vendor examples, gives its expected result. */
class PylonRs485VectorsTest {

    static Stream<Vector> vectors() {
        return TestData.vectors("pylontech_rs485.json").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(Vector vector) {
        switch (vector.protocol()) {
        case "pylontech_rs485_v2.0_frame" -> frame(vector);
        case "pylontech_rs485_checksum" -> checksumExample(vector);
        case "pylontech_rs485_lchksum" -> {
            int lenid = Integer.parseInt(vector.raw().replaceAll("LENID=(\\d+).*", "$1"));
            assertEquals(vector.expected().get("LCHKSUM").getAsString(),
                    String.format("%X", PylonRs485.lchksum(lenid)));
            assertEquals(vector.expected().get("LENGTH").getAsString(), String.format("%04X",
                    PylonRs485.length(lenid)));
        }
        case "pylontech_console_pwr" -> {
            List<DecodedSignal> signals = PylonConsole.parsePwrLine(null, vector.raw());
            for (Map.Entry<String, JsonElement> field : vector.expected().entrySet()) {
                DecodedSignal signal = signals.stream().filter(s -> s.name().equals(field.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError("no column for " + field.getKey()));
                if (signal.isText()) {
                    assertEquals(field.getValue().getAsString(), signal.text(), field.getKey());
                } else {
                    assertEquals(field.getValue().getAsDouble(), signal.value(), 1e-9, field.getKey());
                }
            }
        }
        default -> fail("no test for vector protocol " + vector.protocol());
        }
    }

    /** Spec 2.3.2: a nibble sum that is a multiple of 16 gives LCHKSUM 0, not the 0x10 of the common bug. */
    @org.junit.jupiter.api.Test
    void lchksumEdgeAndBadLengthAreFlagged() {
        assertEquals(0, PylonRs485.lchksum(0x088));
        assertEquals(0x0088, PylonRs485.length(0x088));
        // vector pylontech_rs485-09 with its LCHKSUM E changed to D: flagged, CHKSUM recomputed on the new text
        String body = "20024644D00202";
        String frameText = "~" + body + String.format("%04X", PylonRs485.chksum(body, 0, body.length())) + "\r";
        PylonFrame frame = PylonFrame.parse(frameText);
        assertFalse(frame.lchksumValid());
        assertEquals(List.of("bad LCHKSUM D for LENID 2, expected E"), frame.problems());
        assertEquals("~20024644E00202FD31\r", PylonRs485.frame(0x20, 2, 0x46, 0x44, new byte[] {2}),
                "vector pylontech_rs485-09 rebuilt");
    }

    private static void checksumExample(Vector vector) {
        String raw = vector.raw().replace("\\r", "\r");
        JsonObject expected = vector.expected();
        String body = raw.substring(1, raw.length() - 5);
        int sum = 0;
        for (char c : body.toCharArray()) {
            sum += c;
        }
        assertEquals(expected.get("recomputed_sum").getAsString(), String.format("%04X", sum));
        assertEquals(expected.get("recomputed_CHKSUM").getAsString(),
                String.format("%04X", PylonRs485.chksum(body, 0, body.length())));
        PylonFrame frame = PylonFrame.parse(raw);
        assertEquals(expected.get("spec_stated_CHKSUM").getAsString(), String.format("%04X", frame.chksum()));
        assertFalse(frame.chksumValid(), "the spec's printed checksum is wrong and must be flagged");
        assertTrue(frame.problems().stream().anyMatch(p -> p.contains("CHKSUM FC72, computed FC71")),
                frame.problems().toString());
    }

    private static void frame(Vector vector) {
        String raw = vector.raw().replace("\\r", "\r");
        JsonObject expected = vector.expected();
        // through the framer, split in two reads with garbage around it
        List<PylonFrame> frames = new ArrayList<>();
        PylonFramer framer = new PylonFramer();
        byte[] bytes = ("xx\n" + raw + "junk").getBytes(StandardCharsets.US_ASCII);
        int cut = bytes.length / 2;
        framer.feed(bytes, 0, cut, frames::add);
        framer.feed(bytes, cut, bytes.length - cut, frames::add);
        assertEquals(1, frames.size());
        assertEquals(3 + 4, framer.skippedBytes(), "garbage bytes counted");
        PylonFrame frame = frames.get(0);
        assertEquals(expected.get("VER").getAsString(), hex2(frame.ver()));
        assertEquals(expected.get("ADR").getAsString(), hex2(frame.adr()));
        assertEquals(expected.get("CID1").getAsString(), hex2(frame.cid1()));
        assertEquals(expected.get("CID2_or_RTN").getAsString(), hex2(frame.cid2()));
        assertEquals(expected.get("LENGTH").getAsString(), String.format("%04X", frame.length()));
        assertEquals(expected.get("LENID").getAsInt(), frame.lenid());
        assertEquals(expected.get("LCHKSUM").getAsString(), String.format("%X", frame.lchksum()));
        assertEquals(expected.get("LCHKSUM_valid").getAsBoolean(), frame.lchksumValid());
        StringBuilder info = new StringBuilder();
        for (byte b : frame.info()) {
            info.append(String.format("%02X", b & 0xFF));
        }
        assertEquals(expected.get("INFO").getAsString(), info.toString());
        assertEquals(expected.get("CHKSUM").getAsString(), String.format("%04X", frame.chksum()));
        assertEquals(expected.get("CHKSUM_computed").getAsString(), String.format("%04X", frame.chksumComputed()));
        assertEquals(expected.get("CHKSUM_valid").getAsBoolean(), frame.chksumValid());
        assertEquals(expected.get("CHKSUM_valid").getAsBoolean(), frame.isValid(), frame.problems().toString());

        PylonRs485Decoder decoder = new PylonRs485Decoder();
        DecodedMessage message = decoder.decode(0, "ttyUSB0", frame);
        if (!frame.isResponse()) {
            assertTrue(message.message().endsWith("request"), message.message());
            assertEquals("0x" + expected.get("CID2_or_RTN").getAsString(), message.id());
            if (expected.has("INFO") && !expected.get("INFO").getAsString().isEmpty()) {
                assertEquals(Integer.parseInt(expected.get("INFO").getAsString(), 16),
                        (int) message.signal("command_value").value());
            }
            return;
        }
        if (!frame.isValid()) {
            assertTrue(message.problems().stream().anyMatch(p -> p.contains("bad CHKSUM E1A2, computed E27A")),
                    message.problems().toString());
            assertTrue(decoder.state().isEmpty(), "a frame with a bad checksum is not folded into the state");
        }
        if (expected.has("modules")) {
            JsonArray modules = expected.getAsJsonArray("modules");
            assertEquals(expected.get("second_byte(module count for FF query / command value)").getAsString(),
                    hex2((int) (modules.size() > 1 ? message.signal("module_count") : message.signal("command_value"))
                            .value()));
            for (int m = 0; m < modules.size(); m++) {
                module(message, modules.size() > 1 ? "module_" + (m + 1) + "_" : "",
                        modules.get(m).getAsJsonObject());
            }
            assertInfoflag(expected, message);
        } else if (expected.has("module")) {
            assertEquals(Integer.parseInt(expected.get("command_value").getAsString(), 16),
                    (int) message.signal("command_value").value());
            module(message, "", expected.getAsJsonObject("module"));
            assertInfoflag(expected, message);
        } else if (expected.has("charge_voltage_limit_V")) {
            assertEquals("0x92", message.id());
            assertEquals(expected.get("charge_voltage_limit_V").getAsDouble(),
                    message.signal("charge_voltage_limit_V").value(), 1e-9);
            assertEquals(expected.get("discharge_voltage_limit_V").getAsDouble(),
                    message.signal("discharge_voltage_limit_V").value(), 1e-9);
            assertEquals(expected.get("charge_current_limit_A").getAsDouble(),
                    message.signal("charge_current_limit_A").value(), 1e-9);
            // the canonical DCL is a magnitude: the vector's -55.5 A comes out as 55.5 A, flagged
            assertEquals(Math.abs(expected.get("discharge_current_limit_A").getAsDouble()),
                    message.signal("discharge_current_limit_A").value(), 1e-9);
            assertTrue(message.problems().stream().anyMatch(p -> p.contains("-55.5")), message.problems().toString());
            assertEquals(Integer.parseInt(expected.get("status").getAsString(), 16),
                    (int) message.signal("status").value());
            Map<String, String> requests = Map.of("charge_enable", "charge_enable", "discharge_enable",
                    "discharge_enable", "charge_immediately_1", "force_charge_request_I", "charge_immediately_2",
                    "force_charge_request_II", "full_charge_request", "full_charge_request");
            requests.forEach((field, canonical) -> assertEquals(expected.get(field).getAsBoolean(),
                    message.signal(canonical).value() != 0, field));
            assertEquals(Boolean.TRUE, decoder.state().get(org.bmsw.core.state.Request.CHARGE_ENABLE).orElseThrow());
        }
    }

    private static void assertInfoflag(JsonObject expected, DecodedMessage message) {
        assertEquals(expected.get("INFOFLAG").getAsString(), hex2((int) message.signal("infoflag").value()));
    }

    private static void module(DecodedMessage message, String prefix, JsonObject module) {
        int cells = module.get("cells").getAsInt();
        assertEquals(cells, (int) value(message, prefix + "cell_count"));
        JsonArray voltages = module.getAsJsonArray("cell_voltages_V");
        for (int c = 0; c < cells; c++) {
            assertEquals(voltages.get(c).getAsDouble() * 1000, value(message, prefix + "cell_" + (c + 1) + "_mV"),
                    1e-6);
        }
        JsonArray temperatures = module.getAsJsonArray("temperatures_C(first=BMS board)");
        assertEquals(module.get("temperature_count").getAsInt(), temperatures.size());
        assertEquals(temperatures.size(), (int) value(message, prefix + "temperature_count"));
        assertEquals(temperatures.get(0).getAsDouble(), value(message, prefix + "bms_temperature_C"), 1e-9);
        for (int t = 1; t < temperatures.size(); t++) {
            assertEquals(temperatures.get(t).getAsDouble(), value(message, prefix + "temperature_" + (t + 1) + "_C"),
                    1e-9);
        }
        assertEquals(module.get("current_A").getAsDouble(), value(message, prefix + "current_A"), 1e-9);
        assertEquals(module.get("module_voltage_V").getAsDouble(), value(message, prefix + "module_voltage_V"), 1e-9);
        assertEquals(module.get("user_defined_items").getAsInt(), (int) value(message, prefix + "user_defined_items"));
        assertEquals(module.get("cycle_count").getAsInt(), (int) value(message, prefix + "cycle_count"));
        assertEquals(module.get("remaining_capacity_Ah").getAsDouble(),
                value(message, prefix + "remaining_capacity_Ah"), 1e-9);
        assertEquals(module.get("total_capacity_Ah").getAsDouble(), value(message, prefix + "total_capacity_Ah"),
                1e-9);
    }

    private static double value(DecodedMessage message, String name) {
        DecodedSignal signal = message.signal(name);
        assertNotNull(signal, name + " in " + message.signalMap().keySet());
        return signal.value();
    }

    private static String hex2(int value) {
        return String.format("%02X", value);
    }
}
