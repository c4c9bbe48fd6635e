package org.bmsw.protocol.dbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.protocol.TraceLines;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonElement;

class DbcTest {

    /** In the style CANdb++ writes (NS_ block, J1939 extended id, EV_, multi-line comments, ENUM attributes). */
    static final String REAL_WORLD = """
            VERSION ""


            NS_ :\s
            \tNS_DESC_
            \tCM_
            \tBA_DEF_
            \tBA_
            \tVAL_
            \tCAT_DEF_
            \tBA_DEF_DEF_
            \tEV_DATA_
            \tSIG_VALTYPE_
            \tBO_TX_BU_
            \tSG_MUL_VAL_

            BS_:

            BU_: ECU1 ECU2 Logger

            VAL_TABLE_ OnOff 1 "On" 0 "Off" ;


            BO_ 2364540158 EEC1: 8 ECU1
             SG_ EngineSpeed : 24|16@1+ (0.125,0) [0|8031.875] "rpm" Logger,ECU2
             SG_ Torque : 7|8@0- (1,-125) [-125|125] "%" Vector__XXX

            BO_ 1024 Muxed: 8 ECU2
             SG_ Selector M : 0|8@1+ (1,0) [0|255] "" Logger
             SG_ TempA m0 : 8|16@1- (0.1,0) [-3276.8|3276.7] "degC" Logger
             SG_ TempB m1 : 8|16@1- (0.1,0) [-3276.8|3276.7] "degC" Logger
             SG_ Level : 39|12@0+ (1,0) [0|4095] "" Logger

            BO_ 1025 Floats: 8 ECU2
             SG_ Ratio : 0|32@1- (1,0) [0|0] "" Logger

            BO_ 3221225472 VECTOR__INDEPENDENT_SIG_MSG: 0 Vector__XXX
             SG_ Unplaced : 0|8@1+ (1,0) [0|0] "" Vector__XXX

            BO_TX_BU_ 1024 : ECU2,ECU1;

            EV_ EnvKlemme: 0 [0|1] "" 0 1 DUMMY_NODE_VECTOR0 Vector__XXX;

            CM_ "Sample network
            spanning two lines";
            CM_ BU_ ECU1 "engine controller";
            CM_ BO_ 2364540158 "Electronic Engine Controller 1";
            CM_ SG_ 2364540158 EngineSpeed "Actual engine speed which is calculated
            over a minimum crankshaft angle";
            BA_DEF_ BO_  "GenMsgCycleTime" INT 0 65535;
            BA_DEF_ SG_  "SPN" INT 0 524287;
            BA_DEF_  "BusType" STRING ;
            BA_DEF_ BU_  "NodeLayerModules" STRING ;
            BA_DEF_ BO_  "VFrameFormat" ENUM  "StandardCAN","ExtendedCAN","reserved","J1939PG";
            BA_DEF_DEF_  "GenMsgCycleTime" 0;
            BA_DEF_DEF_  "SPN" 0;
            BA_DEF_DEF_  "BusType" "CAN";
            BA_DEF_DEF_  "VFrameFormat" "J1939PG";
            BA_ "BusType" "CAN";
            BA_ "NodeLayerModules" BU_ ECU1 "CANoeILNLVector.dll";
            BA_ "GenMsgCycleTime" BO_ 2364540158 100;
            BA_ "VFrameFormat" BO_ 2364540158 3;
            BA_ "SPN" SG_ 2364540158 EngineSpeed 190;
            VAL_ 1024 Selector 1 "B" 0 "A" ;
            SIG_VALTYPE_ 1025 Ratio : 1;
            SG_MUL_VAL_ 1024 TempA Selector 0-0;
            """;

    /** As String.format("0x%03X") and ("0x%08X") wrote it; an 11-bit identifier's text is made once. */
    @Test
    void idTextIsHexWithThreeOrEightDigits() {
        assertEquals("0x351", DbcMessage.of(0x351, false, "Limits", 8, List.of()).idText());
        assertEquals("0x007", DbcMessage.of(0x7, false, "Seven", 8, List.of()).idText());
        assertEquals("0x7FF", DbcMessage.of(0x7FF, false, "Last", 8, List.of()).idText());
        assertEquals("0x00000005", DbcMessage.of(0x5, true, "Five", 8, List.of()).idText());
        assertEquals("0x1FFFFFFF", DbcMessage.of(0x1FFF_FFFF, true, "Max", 8, List.of()).idText());
        assertTrue(DbcMessage.of(0x35E, false, "A", 8, List.of()).idText() == DbcMessage.of(0x35E, false, "B", 8,
                List.of()).idText());
    }

    @Test
    void readsRealWorldSections() {
        DbcParser.Result result = DbcParser.parse("sample.dbc", REAL_WORLD);
        assertFalse(result.hasErrors(), result.diagnostics().toString());
        DbcDatabase db = result.database();
        assertEquals(List.of("ECU1", "ECU2", "Logger"), db.nodes());
        assertEquals("Sample network\nspanning two lines", db.comment());
        assertEquals(Map.of(1L, "On", 0L, "Off"), db.valueTables().get("OnOff"));
        DbcMessage eec1 = db.message(0x0CF004FE, true);
        assertNotNull(eec1, "bit 31 marks a 29-bit identifier");
        assertEquals("0x0CF004FE", eec1.idText());
        assertEquals("100", eec1.attribute("GenMsgCycleTime"));
        assertEquals("190", eec1.signal("EngineSpeed").attribute("SPN"));
        assertTrue(eec1.signal("EngineSpeed").comment().startsWith("Actual engine speed"));
        assertEquals(List.of("Logger", "ECU2"), eec1.signal("EngineSpeed").receivers());
        DbcMessage muxed = db.message("Muxed");
        assertEquals(List.of("ECU2", "ECU1"), muxed.transmitters());
        assertTrue(muxed.signal("Selector").multiplexor());
        assertEquals(1, muxed.signal("TempB").multiplexValue());
        assertEquals("B", muxed.signal("Selector").valueDescriptions().get(1L));
        assertEquals(DbcValueType.FLOAT32, db.message("Floats").signal("Ratio").valueType());
        assertEquals("Selector", muxed.signal("TempA").multiplexorName()); // SG_MUL_VAL_ is modelled
        assertEquals(List.of(new DbcMultiplexRange(0, 0)), muxed.signal("TempA").multiplexRanges());
        assertEquals(3, db.preserved().size(), db.preserved().toString()); // EV_, CM_ BU_, BA_ BU_
    }

    @Test
    void decodesIntelMotorolaMultiplexedAndFloat() {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("sample.dbc", REAL_WORLD));
        Map<String, Double> values = new HashMap<>();
        // EEC1: bytes 3-4 little-endian 0x0D20 = 3360 × 0.125 = 420 rpm; byte 0 (Motorola, start 7) 0xF0 - 125
        byte[] eec1 = TraceLines.bytes("F0 7D 7D 20 0D 00 F0 FF");
        int m = codec.decode(0x0CF004FE, FrameFlags.EXTENDED, eec1, 0, 8,
                (i, v) -> values.put(codec.signalName(i), v));
        assertEquals("EEC1", codec.message(m).name());
        assertEquals(420.0, values.get("EngineSpeed"));
        assertEquals((byte) 0xF0 - 125.0, values.get("Torque")); // signed 8-bit: -16 - 125
        assertEquals(DbcCodec.NO_MESSAGE, codec.decode(0x0CF004FE, 0, eec1, 0, 8, (i, v) -> { }),
                "the same number as an 11-bit identifier is another message");

        // Muxed: selector 1 selects TempB; Level Motorola start 39, 12 bits = byte 4 and the high nibble of byte 5
        values.clear();
        codec.decode(1024, 0, TraceLines.bytes("01 E7 00 00 AB C0 00 00"), 0, 8,
                (i, v) -> values.put(codec.signalName(i), v));
        assertEquals(Map.of("Selector", 1.0, "TempB", 23.1, "Level", (double) 0xABC), values);

        values.clear();
        codec.decode(1025, 0, TraceLines.bytes("00 00 B4 41 00 00 00 00"), 0, 8,
                (i, v) -> values.put(codec.signalName(i), v));
        assertEquals(22.5, values.get("Ratio")); // IEEE 0x41B40000
        // CANdb++'s holder of unplaced signals is no frame
        assertEquals(DbcCodec.NO_MESSAGE, codec.messageIndex(0, 0));
        assertEquals(DbcCodec.NO_MESSAGE, codec.messageIndex(0, FrameFlags.EXTENDED));
    }

    /**
     * Motorola cross-check against another implementation: the layout of cantools' MotoHawk example message
     * (Temperature 0|12@0- (0.01,250), AverageRadius 6|6@0+ (0.1,0), Enable 7|1@0+) and the byte strings its test
     * suite asserts (cantools tests/test_database.py: 250.55 / 3.2 / 1 and 229.53 / 0 / 0).
     */
    @Test
    void motorolaMatchesCantools() {
        DbcDatabase db = DbcParser.parseStrict("motohawk-layout.dbc", """
                BO_ 496 ExampleMessage: 8 PCM1
                 SG_ Temperature : 0|12@0- (0.01,250) [229.52|270.47] "degK" Vector__XXX
                 SG_ AverageRadius : 6|6@0+ (0.1,0) [0|5] "m" Vector__XXX
                 SG_ Enable : 7|1@0+ (1,0) [0|0] "-" Vector__XXX
                """);
        DbcCodec codec = DbcCodec.compile(db);
        Map<String, Double> first = Map.of("Temperature", 250.55, "AverageRadius", 3.2, "Enable", 1.0);
        Map<String, Double> second = Map.of("Temperature", 229.53, "AverageRadius", 0.0, "Enable", 0.0);
        assertArrayEquals(TraceLines.bytes("C0 06 E0 00 00 00 00 00"), codec.encode(0, first));
        assertArrayEquals(TraceLines.bytes("01 00 20 00 00 00 00 00"), codec.encode(0, second));
        for (Map<String, Double> expected : List.of(first, second)) {
            byte[] frame = codec.encode(0, expected);
            Map<String, Double> decoded = new HashMap<>();
            codec.decode(496, 0, frame, 0, 8, (i, v) -> decoded.put(codec.signalName(i), v));
            expected.forEach((name, value) -> assertEquals(value, decoded.get(name), 1e-9, name));
        }
    }

    @Test
    void canFdSignalsPastByte8() {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("fd.dbc", """
                BO_ 2147484160 Wide: 64 X
                 SG_ Low : 0|8@1+ (1,0) [0|255] "" X
                 SG_ IntelFar : 400|16@1+ (1,0) [0|65535] "" X
                 SG_ MotorolaFar : 487|16@0+ (1,0) [0|65535] "" X
                """));
        byte[] frame = new byte[64];
        frame[0] = 7;
        frame[50] = 0x34;
        frame[51] = 0x12;
        frame[60] = (byte) 0xAB;
        frame[61] = (byte) 0xCD;
        Map<String, Double> values = new HashMap<>();
        codec.decode(0x200, FrameFlags.EXTENDED | FrameFlags.FD, frame, 0, 64,
                (i, v) -> values.put(codec.signalName(i), v));
        assertEquals(Map.of("Low", 7.0, "IntelFar", (double) 0x1234, "MotorolaFar", (double) 0xABCD), values);
        values.clear();
        codec.decode(0x200, FrameFlags.EXTENDED | FrameFlags.FD, frame, 0, 8,
                (i, v) -> values.put(codec.signalName(i), v));
        assertEquals(Map.of("Low", 7.0), values, "an 8-byte frame carries only the first signal");
        assertArrayEquals(frame, codec.encode(0, Map.of("Low", 7.0, "IntelFar", (double) 0x1234, "MotorolaFar",
                (double) 0xABCD)));
    }

    @Test
    void encodeWritesWhatDecodeReads() {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("sample.dbc", REAL_WORLD));
        int muxed = codec.messageIndex(1024, 0);
        byte[] frame = codec.encode(muxed, Map.of("Selector", 1.0, "TempB", -12.5, "Level", 2748.0));
        Map<String, Double> values = new HashMap<>();
        codec.decode(1024, 0, frame, 0, frame.length, (i, v) -> values.put(codec.signalName(i), v));
        assertEquals(Map.of("Selector", 1.0, "TempB", -12.5, "Level", 2748.0), values);
    }

    @Test
    void encodingVectorValuesGivesTheVectorBytes() {
        CanProtocol pylon = CanProtocol.builtIn(CanProtocol.PYLON, List.of());
        DbcCodec codec = pylon.codec();
        for (Vector vector : TestData.vectors("pylontech_can.json")) {
            if (!vector.field("can_id").equals("0x351") && !vector.field("can_id").equals("0x356")) {
                continue;
            }
            byte[] raw = TraceLines.bytes(vector.raw());
            if (raw.length != 8 && vector.field("can_id").equals("0x351")) {
                continue;
            }
            int m = codec.messageIndex(Integer.decode(vector.field("can_id")), 0);
            Map<String, Double> values = new HashMap<>();
            for (Map.Entry<String, JsonElement> e : vector.expected().entrySet()) {
                values.put(e.getKey(), e.getValue().getAsDouble());
            }
            byte[] encoded = codec.encode(m, values);
            assertArrayEquals(raw, java.util.Arrays.copyOf(encoded, raw.length), vector.id());
        }
    }

    @Test
    void brokenStatementsAreReportedWithFileLineColumnAndReadingGoesOn() {
        String broken = """
                BO_ 100 A: 8 X
                 SG_ s1 : 0|8@1+ (1,0) [0|255] "" X
                 SG_ s2 : 8|8@2+ (1,0) [0|255] "" X
                 SG_ s3 : 16|8@1+ (1,0) [0|255] "" X
                FOO_ something odd
                BO_ 101 B: 8 X
                 SG_ t : 0|8@1+ (1,0 [0|255] "" X
                 SG_ u : 60|8@1+ (1,0) [0|255] "" X
                """;
        DbcParser.Result result = DbcParser.parse("broken.dbc", broken);
        List<String> messages = result.diagnostics().stream().map(DbcDiagnostic::toString).toList();
        assertEquals(List.of("broken.dbc:3:15: byte order '2' is not 0 (Motorola) or 1 (Intel)",
                "broken.dbc:5:1: warning: unknown section 'FOO_' skipped",
                "broken.dbc:7:22: ')' expected, found '['",
                "broken.dbc:8:2: signal u ends at bit 67, beyond the 8 bytes of B"), messages);
        assertEquals(List.of("s1", "s3"), result.database().message("A").signals().stream().map(DbcSignal::name)
                .toList());
        assertTrue(result.database().message("B").signals().isEmpty());
        DbcParseException e = assertThrows(DbcParseException.class, () -> DbcParser.parseStrict("broken.dbc", broken));
        assertEquals(3, e.diagnostics().size());
    }

    @Test
    void unclosedStringNamesWhereItStarted() {
        DbcParser.Result result = DbcParser.parse("x.dbc", "VERSION \"1\"\nCM_ \"never closed;\n");
        assertEquals("x.dbc:2:5: string not closed", result.diagnostics().get(0).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pylon-can.dbc", "sma-can.dbc", "victron-ext.dbc", "variant-voltage-0.1V.dbc",
        "variant-system-error-bit7.dbc", "variant-cell-temp-272.dbc"})
    void builtInDefinitionsRoundTrip(String file) {
        DbcDatabase database = CanProtocol.load(file);
        assertEquals(database, DbcParser.parseStrict("written", DbcWriter.write(database)));
    }

    @Test
    void realWorldAndBenchmarkFilesRoundTrip() throws IOException {
        DbcDatabase sample = DbcParser.parseStrict("sample.dbc", REAL_WORLD);
        DbcDatabase again = DbcParser.parseStrict("written", DbcWriter.write(sample));
        assertEquals(sample, again);
        DbcDatabase bench = DbcParser.parseStrict("bench-pylon.dbc", resource("bench-pylon.dbc"));
        assertEquals(6, bench.messages().size());
        assertEquals(bench, DbcParser.parseStrict("written", DbcWriter.write(bench)));
    }

    /** The benchmark's DBC on the hot path decodes the vectors' values (counting into an array sink). */
    @Test
    void benchmarkDbcDecodesVectorsOnTheHotPath() throws IOException {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("bench-pylon.dbc", resource("bench-pylon.dbc")));
        double[] values = new double[codec.signalCount()];
        int checked = 0;
        for (Vector vector : TestData.vectors("pylontech_can.json")) {
            byte[] raw = TraceLines.bytes(vector.raw());
            java.util.Arrays.fill(values, Double.NaN);
            int m = codec.decode(Integer.decode(vector.field("can_id")), 0, raw, 0, raw.length,
                    (i, v) -> values[i] = v);
            if (m < 0) {
                continue;
            }
            for (Map.Entry<String, JsonElement> e : vector.expected().entrySet()) {
                int index = codec.signalIndex(Integer.decode(vector.field("can_id")), false, e.getKey());
                if (index >= 0 && e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()) {
                    assertEquals(e.getValue().getAsDouble(), values[index], 1e-9, vector.id() + " " + e.getKey());
                    checked++;
                }
            }
        }
        assertTrue(checked > 40, "checked " + checked);
    }

    /** The store's inline form (first 8 bytes as a little-endian long) decodes like the byte array. */
    @Test
    void inlinePayloadDecodesLikeTheArray() {
        DbcCodec codec = CanProtocol.builtIn(CanProtocol.SMA, List.of()).codec();
        int compared = 0;
        for (Vector vector : TestData.vectors("sma_can.json")) {
            byte[] raw = TraceLines.bytes(vector.raw());
            long inline = 0;
            for (int b = 0; b < raw.length; b++) {
                inline |= (raw[b] & 0xFFL) << (8 * b);
            }
            Map<Integer, Double> fromArray = new HashMap<>();
            Map<Integer, Double> fromLong = new HashMap<>();
            int id = Integer.decode(vector.field("can_id"));
            assertEquals(codec.decode(id, 0, raw, 0, raw.length, fromArray::put),
                    codec.decode(id, 0, inline, raw.length, fromLong::put));
            assertEquals(fromArray, fromLong, vector.id());
            compared += fromArray.size();
        }
        assertTrue(compared > 100, "compared " + compared);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = DbcTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
