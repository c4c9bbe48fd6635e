package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.bmsw.engine.ProfileFiles;
import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code bmsw decode} and {@code bmsw state} on real captures from org.bmsw.testdata (turned into trace files where
 * the source printed them another way) and on test vectors. Plain Java: profiles come from a registry built here.
 */
class DecodeCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static final String decode = "decode";
    private static final String state = "state";
    private Services services = Services.of("0.1.0.test").withProfiles(ProfileRegistry::new,
            DecodeCommandTest::noBundles);

    private static java.io.InputStream noBundles(String bundle, String path) throws IOException {
        throw new FileNotFoundException("no plugins in this test");
    }

    private int run(String command, String... args) {
        out.reset();
        err.reset();
        List<String> words = new ArrayList<>(List.of(command));
        words.addAll(List.of(args));
        return new Bmsw(services).execute(words.toArray(new String[0]), new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /**
     * The setfirelabs page prints frames as {@code ID: 351 Buffer: 14 2 C0 12 ...} (leading zeros dropped); this
     * writes them as a candump log, 0.4 s apart from 1700000000 s, so the CSV gets two one-second slices.
     */
    private Path setfirelabsLog(String part, String... extraLines) throws IOException {
        String text = TestData.text("traces/setfirelabs_pylontech_US5000_v1.2_vs_v1.3.txt");
        int split = text.indexOf("New Pylontechs");
        text = part.equals("old") ? text.substring(0, split) : text.substring(split);
        Matcher m = Pattern.compile("(?m)^ID: ([0-9A-F]+) Buffer: ((?:[0-9A-F]{1,2} ?)+)").matcher(text);
        StringBuilder log = new StringBuilder();
        int n = 0;
        while (m.find()) {
            StringBuilder data = new StringBuilder();
            for (String b : m.group(2).trim().split(" ")) {
                data.append(String.format("%02X", Integer.parseInt(b, 16)));
            }
            log.append(String.format("(%d.%06d) can0 %s#%s%n", 1700000000 + n * 4 / 10, n * 4 % 10 * 100000,
                    m.group(1), data));
            n++;
        }
        for (String line : extraLines) {
            log.append(line).append('\n');
        }
        Path file = dir.resolve("us5000-" + part + ".log");
        Files.writeString(file, log);
        return file;
    }

    private static JsonObject byId(List<JsonObject> lines, String id) {
        return lines.stream().filter(l -> l.get("id").getAsString().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no message " + id + " in " + lines));
    }

    private List<JsonObject> jsonLines() {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : out().split("\n")) {
            lines.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return lines;
    }

    @Test
    void jsonlOfTheSetfirelabsUs5000FramesHasTheCanonicalValues() throws IOException {
        Path log = setfirelabsLog("old");
        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--format", "jsonl"), err());
        List<JsonObject> lines = jsonLines();
        assertEquals(6, lines.size(), out());
        JsonObject limits = byId(lines, "0x351");
        assertEquals(1700000000.0, limits.get("t").getAsDouble());
        assertEquals("can0", limits.get("channel").getAsString());
        assertEquals("Limits", limits.get("message").getAsString());
        JsonObject signals = limits.getAsJsonObject("signals");
        assertEquals(53.2, signals.get("charge_voltage_limit_V").getAsDouble(), 1e-9);
        assertEquals(480.0, signals.get("discharge_current_limit_A").getAsDouble(), 1e-9);
        assertEquals(88, byId(lines, "0x355").getAsJsonObject("signals").get("soc_pct").getAsDouble(), 1e-9);
        JsonObject measurements = byId(lines, "0x356").getAsJsonObject("signals");
        assertEquals(49.86, measurements.get("voltage_V").getAsDouble(), 1e-9);
        assertEquals(-27.0, measurements.get("current_A").getAsDouble(), 1e-9);
        assertEquals("PYLON   ", byId(lines, "0x35E").getAsJsonObject("signals").get("manufacturer").getAsString());
        // numbers as written, not 49.860000000000006 or 88.0; the time as in the candump log
        assertTrue(out().contains("\"voltage_V\": 49.86,"), out());
        assertTrue(out().contains("\"soc_pct\": 88,"), out());
        assertTrue(out().startsWith("{\"t\": 1700000000.000000, \"channel\": \"can0\", \"id\": \"0x351\""), out());
        assertEquals("", err());
    }

    /**
     * The JSONL writer gives, byte for byte, what {@code bmsw decode --format jsonl} wrote before it streamed bytes
     * (saved in org.bmsw.testdata's traces/decoded/ from the command as it was), for five real captures.
     */
    @Test
    void jsonlIsByteForByteTheSavedOutputOfRealCaptures() {
        for (String name : List.of("discover_lynx2_serialcan_candump_issue107", "ecoworthy_cubix100_pylon_can_candump",
                "pylontech_stack_candump_python_docstring", "rec_q_bms_sma_profile_candump_250k",
                "victron_gx_canbms_candump_syssi_issue3")) {
            Path trace = TestData.copyTo("traces/" + name + ".txt", dir);
            assertEquals(Bmsw.EXIT_OK, run(decode, trace.toString(), "--format", "jsonl"), err());
            String expected = TestData.text("traces/decoded/" + name + ".jsonl");
            assertTrue(expected.length() > 1000, name);
            assertEquals(expected, out(), name);
        }
    }

    /**
     * Values the real captures do not have: escapes, control and non-ASCII characters, numbers needing 15
     * significant digits, NaN, negative and sub-microsecond times, problems. The writer's bytes are the
     * String formatter's line and a newline, for each.
     */
    @Test
    void jsonlWriterMatchesTheLineFormatterOnEdgeValues() throws IOException {
        List<DecodedMessage> messages = List.of(
                new DecodedMessage(1_700_000_000_123_456_000L, "can0", "0x351", "Limits", List.of(
                        DecodedSignal.number("charge_voltage_limit_V", 53.2, "V", 532, true),
                        DecodedSignal.number("x", 0.1 * 3, "", 0, false),
                        DecodedSignal.number("big", 1e15, "", 0, false),
                        DecodedSignal.number("tiny", 1.5e-7, "", 0, false),
                        DecodedSignal.number("neg", -27.0, "A", 0, true),
                        DecodedSignal.number("negzero", -0.0, "", 0, false),
                        DecodedSignal.number("nan", Double.NaN, "", 0, false),
                        DecodedSignal.number("inf", Double.NEGATIVE_INFINITY, "", 0, false),
                        DecodedSignal.number("max", Long.MAX_VALUE, "", 0, false)), List.of()),
                new DecodedMessage(1_700_000_000_000_000_001L, "can\"1", "0x18FF50E5", "Na\u00efve \"m\"",
                        List.of(DecodedSignal.text("manufacturer", "PYL\u0001\tON\n\u2028\u00e9\ud83d\ude00", true),
                                DecodedSignal.text("lone", "a\ud800b", false)),
                        List.of("0x356: frame of 4 bytes, 6 expected", "back\\slash \u001f")),
                new DecodedMessage(-1_500_000_000L, "rs485", "0x42", "AnalogValues response", List.of(), List.of()),
                new DecodedMessage(0, "can0", "0x355", "SOC", List.of(DecodedSignal.number("soc_pct", 88, "%", 88,
                        true)), List.of()));
        for (int bufferBytes : List.of(300, 5000, 1 << 20)) { // 300: lines cross the buffer's end
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            JsonlWriter writer = new JsonlWriter(bytes, bufferBytes);
            StringBuilder expected = new StringBuilder();
            for (int round = 0; round < 40; round++) { // again, from the writer's caches
                for (DecodedMessage message : messages) {
                    // a replayed message: the same signals at another time and channel
                    DecodedMessage again = new DecodedMessage(message.timestampNs() + round * 1_000_001L,
                            round % 2 == 0 ? message.channel() : "can9", message.id(), message.message(),
                            message.signals(), message.problems(), null);
                    writer.write(again);
                    expected.append(DecodeOutput.jsonLine(again)).append('\n');
                }
            }
            writer.flush();
            assertTrue(Arrays.equals(expected.toString().getBytes(StandardCharsets.UTF_8), bytes.toByteArray()),
                    bufferBytes + ": " + bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void textLinesShowSignalsWithUnits() throws IOException {
        assertEquals(Bmsw.EXIT_OK, run(decode, setfirelabsLog("old").toString(), "--protocol", "pylon-can"));
        String text = out();
        assertTrue(text.contains("(1700000000.000000) can0  0x351  Limits  charge_voltage_limit_V=53.2 V  "
                + "charge_current_limit_A=480 A  discharge_current_limit_A=480 A  discharge_voltage_limit_V=45 V\n"), text);
        assertTrue(text.contains("(1700000000.800000) can0  0x356  Measurements  voltage_V=49.86 V  current_A=-27 A"),
                text);
        assertTrue(text.contains("charge_enable=1 (enabled)"), text);
        assertEquals(6, text.lines().count());
    }

    @Test
    void csvHasOneRowPerSliceWithValuesCarriedForward() throws IOException {
        Path log = setfirelabsLog("old");
        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--format", "csv"), err());
        List<String> rows = out().lines().toList();
        // frames at 0.0 0.4 0.8 | 1.2 1.6 2.0 s: slices 1700000000, 1700000001 and 1700000002
        assertEquals(4, rows.size(), out());
        List<String> header = List.of(rows.get(0).split(",", -1));
        assertEquals("t_s", header.get(0));
        assertTrue(header.containsAll(List.of("charge_voltage_limit_V", "soc_pct", "voltage_V", "module_count",
                "manufacturer", "protection_high_voltage", "charge_enable")), header.toString());
        List<String> first = List.of(rows.get(1).split(",", -1));
        List<String> last = List.of(rows.get(3).split(",", -1));
        assertEquals("1700000000.000", first.get(0));
        assertEquals("1700000002.000", last.get(0));
        int cvl = header.indexOf("charge_voltage_limit_V");
        int manufacturer = header.indexOf("manufacturer");
        assertEquals("53.2", first.get(cvl));
        assertEquals("53.2", last.get(cvl), "carried forward");
        assertEquals("", first.get(manufacturer), "empty before its first value");
        assertEquals("PYLON   ", last.get(manufacturer));
        assertEquals("49.86", last.get(header.indexOf("voltage_V")));

        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--format", "csv", "--slice-ms", "500"));
        assertEquals(List.of("t_s", "1700000000.000", "1700000000.500", "1700000001.000", "1700000001.500",
                "1700000002.000"), out().lines().map(l -> l.substring(0, l.indexOf(','))).toList());
    }

    @Test
    void csvTextThatASpreadsheetWouldRunAsAFormulaIsQuotedAsTextAndNumbersStayNumbers() throws IOException {
        // 0x35E carries the manufacturer as 8 ASCII bytes: anyone on the bus can make it "=SUM(A1)"
        Path log = dir.resolve("formula.log");
        Files.writeString(log, """
                (1700000000.000000) can0 356#7A13F2FE6B01
                (1700000000.100000) can0 35E#3D53554D28413129
                (1700000001.000000) can0 35E#40636D6420202020
                (1700000002.000000) can0 35E#2B312C2278222020
                """);
        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--format", "csv", "--protocol", "pylon-can"), err());
        List<String> rows = out().lines().toList();
        assertEquals(4, rows.size(), out());
        assertTrue(rows.get(0).startsWith("t_s,voltage_V,current_A,temperature_C,"), rows.get(0));
        assertEquals("1700000000.000,49.86,-27,36.3,\"'=SUM(A1)\"", rows.get(1));
        assertEquals("1700000001.000,49.86,-27,36.3,\"'@cmd    \"", rows.get(2));
        assertEquals("1700000002.000,49.86,-27,36.3,\"'+1,\"\"x\"\"  \"", rows.get(3));
    }

    /** --dbc: the user's DBC decodes 0x355 (SOC in 0.5 % steps), the protocol everything else. */
    @Test
    void aUsersDbcTakesPrecedenceByIdentifierAndTheRestKeepsTheProtocol() {
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        Path dbc = TestData.copyTo("dbc/user-soc.dbc", dir);
        assertEquals(Bmsw.EXIT_OK, run(state, trace.toString(), "--dbc", dbc.toString(), "--json"), err());
        assertTrue(err().startsWith("bmsw state: decoding with auto, with user-soc.dbc first for its 1 message"),
                err());
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        // 0x355 byte 0 = 0x1E = 30 x 0.5 = 15 %; 0x351 CVL 0x0248 x 0.1 = 58.4 V still by Pylon CAN
        assertEquals(15.0, json.get("soc_pct").getAsDouble(), 1e-9);
        assertEquals(58.4, json.get("charge_voltage_limit_V").getAsDouble(), 1e-9);
        assertEquals(Bmsw.EXIT_FAILED, run(state, trace.toString(), "--dbc", dir.resolve("none.dbc").toString()));
        assertEquals("bmsw state: " + dir.resolve("none.dbc") + ": no such file\n", err());
    }

    @Test
    void stateJsonIsTheFinalStateWithActiveAlarmsFromTheVectors() throws IOException {
        // vector pylontech_can-30: 0x359 00 08 00 09 -> system error protection, internal comm + charge OC warnings
        String raw = TestData.vectors("pylontech_can.json").stream().filter(v -> v.id().equals("pylontech_can-30"))
                .findFirst().orElseThrow().json().get("raw").getAsString().replace(" ", "");
        Path log = setfirelabsLog("old", "(1700000003.000000) can0 359#" + raw);
        assertEquals(Bmsw.EXIT_OK, run(state, log.toString(), "--json"), err());
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals(53.2, json.get("charge_voltage_limit_V").getAsDouble(), 1e-9);
        assertEquals(88, json.get("soc_pct").getAsDouble(), 1e-9);
        assertEquals(49.86, json.get("voltage_V").getAsDouble(), 1e-9);
        assertEquals(1, json.get("module_count").getAsDouble(), 1e-9);
        assertEquals("PYLON", json.get("manufacturer").getAsString());
        assertTrue(json.get("charge_enable").getAsBoolean());
        Set<Map<String, String>> alarms = json.getAsJsonArray("alarms").asList().stream()
                .map(JsonElement::getAsJsonObject).map(a -> Map.of("name", a.get("name").getAsString(), "level",
                        a.get("level").getAsString()))
                .collect(Collectors.toSet());
        assertEquals(Set.of(Map.of("name", "bms_internal", "level", "protection"),
                Map.of("name", "internal_communication", "level", "warning"),
                Map.of("name", "charge_over_current", "level", "warning")), alarms);
        assertEquals("protection", json.getAsJsonArray("alarms").get(0).getAsJsonObject().get("level").getAsString(),
                "protections first");
    }

    @Test
    void stateTextHasTheTableRequestsAlarmsVariantsAndDetection() throws IOException {
        assertEquals(Bmsw.EXIT_OK, run(state, setfirelabsLog("new").toString()), err());
        String text = out();
        assertTrue(text.contains("protocol    pylon-can  (auto)\n"), text);
        assertTrue(text.matches("(?s).*\n  charge_voltage_limit_V +52\\.8  V +Charge voltage limit \\(CVL\\)\n.*"), text);
        assertTrue(text.matches("(?s).*\n  soc_pct +84  % +State of charge\n.*"), text);
        assertTrue(text.contains("  manufacturer "), text);
        assertTrue(text.contains("active alarms\n  (none)\n"), text);
        assertTrue(text.contains("detected    pylon-can, layout 1.3\n"), text);
        assertTrue(text.contains("variant choices\n  0x356 voltage: 0.01 V"), text);
    }

    @Test
    void malformedLinesAreListedAndCountedOnStderr() {
        Path trace = TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt", dir);
        assertEquals(Bmsw.EXIT_OK, run(decode, trace.toString(), "--format", "jsonl"));
        assertTrue(err().contains(trace + ":3: "), err());
        assertTrue(err().contains(trace + ":33: "), err());
        assertTrue(err().contains("bmsw decode: " + trace + ": 3 malformed lines skipped of 34"), err());
        // the SMA-style frames of the capture: 0x351 57.9 V, 0x355 SOC 60 %
        JsonObject limits = byId(jsonLines(), "0x351");
        assertEquals(57.9, limits.getAsJsonObject("signals").get("charge_voltage_limit_V").getAsDouble(), 1e-9);

        assertEquals(Bmsw.EXIT_OK, run(state, trace.toString(), "--json"));
        assertEquals(60, JsonParser.parseString(out()).getAsJsonObject().get("soc_pct").getAsDouble(), 1e-9);

        assertEquals(Bmsw.EXIT_FAILED, run(decode, trace.toString(), "--strict"));
        assertTrue(err().startsWith("bmsw decode: " + trace + ":3: "), err());
    }

    @Test
    void serialDumpDecodesAsPylonRs485() throws IOException {
        Path dump = serialDump();
        assertEquals(Bmsw.EXIT_OK, run(state, dump.toString(), "--json"), err());
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        // vector pylontech_rs485-04: one 8-cell module, 26.638 V, -0.6 A, 111 Ah total
        assertEquals(26.638, json.get("voltage_V").getAsDouble(), 1e-9);
        assertEquals(-0.6, json.get("current_A").getAsDouble(), 1e-9);
        assertEquals(111, json.get("installed_capacity_Ah").getAsDouble(), 1e-9);
        assertEquals(Bmsw.EXIT_OK, run(decode, dump.toString(), "--format", "jsonl"));
        assertEquals(List.of("AnalogValues request", "AnalogValues response"),
                jsonLines().stream().map(l -> l.get("message").getAsString()).toList());
    }

    /** Request vector pylontech_rs485-01 (TX) and response pylontech_rs485-04 (RX) as a serial byte dump. */
    private Path serialDump() throws IOException {
        StringBuilder dump = new StringBuilder("# bmsw serial dump 1\n");
        String[][] frames = { { "pylontech_rs485-01", "TX" }, { "pylontech_rs485-04", "RX" } };
        for (int i = 0; i < frames.length; i++) {
            String id = frames[i][0];
            String raw = TestData.vectors("pylontech_rs485.json").stream().filter(v -> v.id().equals(id)).findFirst()
                    .orElseThrow().json().get("raw").getAsString().replace("\\r", "\r");
            StringBuilder hex = new StringBuilder();
            for (byte b : raw.getBytes(StandardCharsets.US_ASCII)) {
                hex.append(String.format(" %02X", b));
            }
            dump.append(String.format("(%d.000000) ttyUSB0 %s%s%n", 1700000000 + i, frames[i][1], hex));
        }
        Path file = dir.resolve("rs485.dump");
        Files.writeString(file, dump);
        return file;
    }

    @Test
    void twoBatteriesOnTwoChannelsArePickedWithChannel() throws IOException {
        // the setfirelabs page's two US5000 firmwares, one per bus: SOC 88 % (old) and 84 % (new)
        Path log = dir.resolve("two.log");
        Files.writeString(log, """
                (1700000000.000000) can0 355#58005E00
                (1700000000.100000) can1 355#540060000000
                (1700000001.000000) can0 356#7A13F2FE6B01
                (1700000001.100000) can1 356#7B13E9FE6B01
                """);
        assertEquals(Bmsw.EXIT_OK, run(state, log.toString(), "--json", "--protocol", "pylon-can"));
        assertTrue(err().contains("battery messages on 2 channels (can0, can1); the state mixes them, choose one"
                + " with --channel NAME"), err());
        assertEquals(Bmsw.EXIT_OK, run(state, log.toString(), "--json", "--channel", "can1"), err());
        JsonObject can1 = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals(84, can1.get("soc_pct").getAsDouble(), 1e-9);
        assertEquals(49.87, can1.get("voltage_V").getAsDouble(), 1e-9);
        assertEquals("", err());
        assertEquals(Bmsw.EXIT_FAILED, run(state, log.toString(), "--channel", "can7"));
        assertEquals("bmsw state: " + log + ": no channel can7; it has can0, can1\n", err());

        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--format", "csv", "--protocol", "pylon-can"));
        List<String> rows = out().lines().toList();
        assertTrue(rows.get(0).startsWith("t_s,can0.soc_pct,can0.soh_pct,can1.soc_pct,can1.soh_pct,"), rows.get(0));
        assertTrue(rows.get(2).startsWith("1700000001.000,88,94,84,96,"), rows.get(2));
    }

    @Test
    void numbersAndTimesAreWrittenAsPeopleWriteThem() {
        assertEquals("49.86", DecodeOutput.number(4986 * 0.01));
        assertEquals("0.3", DecodeOutput.number(0.1 + 0.2));
        assertEquals("88", DecodeOutput.number(88.0));
        assertEquals("-27", DecodeOutput.number(-270 * 0.1));
        assertEquals("3.14159265358979", DecodeOutput.number(Math.PI));
        assertEquals("", DecodeOutput.number(Double.NaN));
        assertEquals("1700000000.123456", DecodeOutput.seconds(1_700_000_000_123_456_000L));
        assertEquals("0.000001500", DecodeOutput.seconds(1_500L));
        assertEquals("-1.500000", DecodeOutput.seconds(-1_500_000_000L));
    }

    @Test
    void errorsSayWhatToDo() throws IOException {
        Path missing = dir.resolve("site.log");
        assertEquals(Bmsw.EXIT_FAILED, run(decode, missing.toString()));
        assertEquals("bmsw decode: " + missing + ": no such file\n", err());

        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] { 0, 1, 2, 3, (byte) 0xFF, 0, 0, 7, 8, 9 });
        assertEquals(Bmsw.EXIT_FAILED, run(state, garbage.toString()));
        assertTrue(err().startsWith("bmsw state: " + garbage + ": "), err());

        Path log = setfirelabsLog("old");
        assertEquals(Bmsw.EXIT_USAGE, run(decode, log.toString(), "--protocol", "pylon"));
        assertTrue(err().startsWith("bmsw decode: unknown protocol 'pylon'; known: modbus, pylon-can, pylon-rs485, "
                + "sma-can, auto"), err());
        assertEquals(Bmsw.EXIT_USAGE, run(state, missing.toString(), "--protocol", "pylon-can+nonsense"));
        assertTrue(err().contains("has no variant 'nonsense'"), err());
        assertEquals(Bmsw.EXIT_USAGE, run(decode, log.toString(), "--format", "xml"));
        assertEquals(Bmsw.EXIT_USAGE, run(decode, log.toString(), "--slice-ms", "0"));
        assertEquals(Bmsw.EXIT_USAGE, run(decode, log.toString(), "--protocol", "auto", "--profile", "x"));
        assertEquals(Bmsw.EXIT_USAGE, run(decode));
        assertEquals(Bmsw.EXIT_USAGE, run(decode, log.toString(), "--profile", "no.such-profile"));
        assertTrue(err().contains("unknown profile 'no.such-profile'"), err());
    }

    // ---- --profile, with a registry and plugin files of the test's own (the OSGi lookup is the engine's)

    private static final String DESCRIPTOR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <battery xmlns="urn:bmsw:profile:1" id="test.x48" vendor="Test" model="X48">
              <description>Test battery with Pylon CAN, its own DBC frame and Pylon RS485.</description>
              <source>DecodeCommandTest</source>
              <port id="BMS" label="BMS" connector="rj45">
                <pin number="1" name="RS485-B" signal="rs485-b" bus="RS485"/>
                <pin number="2" name="RS485-A" signal="rs485-a" bus="RS485"/>
                <pin number="4" name="CAN-H" signal="can-h" bus="CAN"/>
                <pin number="5" name="CAN-L" signal="can-l" bus="CAN"/>
                <pin number="6" name="CAN-GND" signal="can-gnd" bus="CAN"/>
              </port>
              <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" dbc="dbc/x48.dbc" role="sender"/>
              <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" decoder="pylon-can" role="sender"/>
              <protocol port="BMS" bus="RS485" layer="rs485" bitrate-bps="115200" decoder="pylon-rs485" role="responder"/>
            </battery>
            """;

    private static final String VENDOR_DESCRIPTOR = """
            <?xml version="1.0" encoding="UTF-8"?>
            <battery xmlns="urn:bmsw:profile:1" id="test.vendor" vendor="Test" model="Vendor">
              <description>Test battery whose protocol is a contributed decoder class.</description>
              <source>DecodeCommandTest</source>
              <port id="BMS" label="BMS" connector="rj45">
                <pin number="4" name="CAN-H" signal="can-h" bus="CAN"/>
                <pin number="5" name="CAN-L" signal="can-l" bus="CAN"/>
                <pin number="6" name="CAN-GND" signal="can-gnd" bus="CAN"/>
              </port>
              <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" decoder="test.vendor-can" role="sender"/>
            </battery>
            """;

    private static final String DBC = """
            VERSION ""

            NS_ :

            BS_:

            BU_: BMS INVERTER

            BO_ 1184 CellExtremes: 8 BMS
             SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] "mV" INVERTER
             SG_ min_cell_mV : 16|16@1+ (1,0) [0|5000] "mV" INVERTER
             SG_ balancer_current : 32|16@1- (0.1,0) [-100|100] "mA" INVERTER
             SG_ board_temperature : 48|16@1- (0.1,0) [-40|100] "degC" INVERTER

            """;

    private ProfileRegistry testRegistry() {
        ProfileRegistry registry = new ProfileRegistry();
        // a vendor's own decoder class, as contributed through the extension point: here it runs sma-can
        assertTrue(registry.addDecoder("test.vendor-can", () -> registry.decoders().create("sma-can")));
        Map<String, String> files = Map.of("profiles/x48.xml", DESCRIPTOR.strip(), "dbc/x48.dbc", DBC);
        List<?> problems = registry.add(new ProfileSource(new ProfileOrigin("com.test.x48", "profiles/x48.xml"),
                () -> new ByteArrayInputStream(files.get("profiles/x48.xml").getBytes(StandardCharsets.UTF_8)),
                path -> Optional.ofNullable(files.get(path))
                        .map(text -> () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))));
        assertEquals(List.of(), problems);
        assertEquals(List.of(), registry.add(new ProfileSource(new ProfileOrigin("com.test.vendor", "vendor.xml"),
                () -> new ByteArrayInputStream(VENDOR_DESCRIPTOR.strip().getBytes(StandardCharsets.UTF_8)),
                ProfileSource.FileLookup.none())));
        return registry;
    }

    private ProfileFiles testPlugin() {
        return (bundle, path) -> {
            assertEquals("com.test.x48", bundle);
            assertEquals("dbc/x48.dbc", path);
            return new ByteArrayInputStream(DBC.getBytes(StandardCharsets.UTF_8));
        };
    }

    @Test
    void profileDecodesWithItsProtocolAndItsDbcOnTopAndSaysSo() throws IOException {
        ProfileRegistry registry = testRegistry();
        services = services.withProfiles(() -> registry, testPlugin());
        Path log = dir.resolve("x48.log");
        Files.writeString(log, """
                (1700000000.000000) can0 4A0#E80CD00CF6FFE400
                (1700000000.500000) can0 351#1402C012C012C201
                (1700000001.000000) can0 4A0#E90CD00CF6FFE600
                """);
        assertEquals(Bmsw.EXIT_OK, run(decode, log.toString(), "--profile", "test.x48", "--format", "csv"),
                err());
        assertEquals("bmsw decode: decoding with profile test.x48, binding 2 of 3: pylon-can on port BMS bus CAN"
                + " (CAN, 500000 bit/s), with binding 1 of 3: DBC dbc/x48.dbc on port BMS bus CAN (CAN, 500000 bit/s)"
                + " first for its identifiers\n", err());
        // canonical names keep theirs; the DBC's own signals get their unit: mA as is, degC as _C; 0x351 is
        // pylon-can's: CVL 0x0214 x 0.1 = 53.2 V, CCL and DCL 0x12C0 x 0.1 = 480 A, DVL 0x01C2 x 0.1 = 45 V
        assertEquals(List.of("t_s,max_cell_mV,min_cell_mV,balancer_current_mA,board_temperature_C,"
                + "charge_voltage_limit_V,charge_current_limit_A,discharge_current_limit_A,discharge_voltage_limit_V",
                "1700000000.000,3304,3280,-1,22.8,53.2,480,480,45", "1700000001.000,3305,3280,-1,23,53.2,480,480,45"),
                out().lines().toList());
    }

    @Test
    void profileWithAContributedDecoderUsesIt() {
        ProfileRegistry registry = testRegistry();
        services = services.withProfiles(() -> registry, testPlugin());
        Path trace = TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt", dir);
        assertEquals(Bmsw.EXIT_OK, run(state, trace.toString(), "--profile", "test.vendor", "--json"), err());
        assertTrue(err().startsWith("bmsw state: decoding with profile test.vendor, binding 1 of 1: test.vendor-can"
                + " on port BMS bus CAN"), err());
        assertEquals(57.9, JsonParser.parseString(out()).getAsJsonObject().get("charge_voltage_limit_V")
                .getAsDouble(), 1e-9);
    }

    @Test
    void profileDecodesASerialTraceWithItsRs485Binding() throws IOException {
        ProfileRegistry registry = testRegistry();
        services = services.withProfiles(() -> registry, testPlugin());
        assertEquals(Bmsw.EXIT_OK, run(state, serialDump().toString(), "--profile", "test.x48"), err());
        assertEquals("bmsw state: decoding with profile test.x48, binding 3 of 3: pylon-rs485 on port BMS bus RS485"
                + " (RS485, 115200 bit/s)\n", err());
        assertTrue(out().contains("protocol    pylon-rs485  (profile test.x48, binding 3 of 3"), out());
        assertTrue(out().matches("(?s).*\n  voltage_V +26\\.638  V .*"), out());
        assertFalse(out().contains("detected"), "no detection without auto");
    }
}
