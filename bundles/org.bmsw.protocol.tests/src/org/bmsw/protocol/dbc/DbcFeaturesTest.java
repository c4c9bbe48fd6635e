package org.bmsw.protocol.dbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.TraceLines;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DBC features real-world files use, each on a file written the way CANdb++ writes it (NS_ block, two spaces
 * before the receivers, long-name and FD attributes as Vector defines them). Expected values are worked out by hand
 * from the DBC rules; the arithmetic is in the comments.
 */
class DbcFeaturesTest {

    // ---- extended multiplexing

    /**
     * Diagnostics (0x18FEF115, extended): Service M selects Pid (SG_MUL_VAL_ 1-1), Pid m1M selects EngineSpeed (12),
     * VehicleSpeed (13), CoolantTemp (5); Service 3 selects DtcCount, which lies where Pid lies.
     */
    @Test
    void cascadedMultiplexorsSelectDownTheirChain() throws IOException {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("extended-mux.dbc", resource("extended-mux.dbc")));
        int extended = FrameFlags.EXTENDED;
        // Service 1, Pid 0x0C = 12: EngineSpeed = bytes 2-3 little-endian 0x1F40 = 8000 × 0.25 = 2000 rpm;
        // Counter byte 7 = 0x2A = 42
        assertEquals(map("Service", 1, "Pid", 12, "EngineSpeed", 2000, "Counter", 42),
                decode(codec, 0x18FEF115, extended, "01 0C 40 1F 00 00 00 2A"));
        // Pid 13: VehicleSpeed = byte 2 = 0x58 = 88 km/h
        assertEquals(map("Service", 1, "Pid", 13, "VehicleSpeed", 88, "Counter", 7),
                decode(codec, 0x18FEF115, extended, "01 0D 58 00 00 00 00 07"));
        // Pid 5: CoolantTemp = 0x5A = 90, offset -40 → 50 degC
        assertEquals(map("Service", 1, "Pid", 5, "CoolantTemp", 50, "Counter", 0),
                decode(codec, 0x18FEF115, extended, "01 05 5A 00 00 00 00 00"));
        // Service 3: Pid is not selected, so byte 1 = 12 is DtcCount, and EngineSpeed is not decoded although
        // byte 1 holds Pid 12's value: the chain Service → Pid is broken at Service
        assertEquals(map("Service", 3, "DtcCount", 12, "Counter", 1),
                decode(codec, 0x18FEF115, extended, "03 0C 40 1F 00 00 00 01"));
        // Service 2 selects nothing: the frame does not fit the definition, no signal is given (as cantools raises)
        assertUndefinedMultiplex(codec, 0x18FEF115, extended, "02 0C 40 1F 00 00 00 00");
        // Pid 12 selected but the frame ends before EngineSpeed's byte 3: left out, as any short-frame signal
        assertEquals(map("Service", 1, "Pid", 12), decode(codec, 0x18FEF115, extended, "01 0C 40"));

        int engineSpeed = codec.signalIndex(0x18FEF115, true, "EngineSpeed");
        int pid = codec.signalIndex(0x18FEF115, true, "Pid");
        assertEquals(pid, codec.multiplexorOf(engineSpeed));
        assertTrue(codec.isPresent(engineSpeed, TraceLines.bytes("01 0C 40 1F 00 00 00 2A"), 0, 8));
        assertFalse(codec.isPresent(engineSpeed, TraceLines.bytes("03 0C 40 1F 00 00 00 2A"), 0, 8));
    }

    /** Pages (0x500): Page M; LowPages m0 plus SG_MUL_VAL_ 0-3, 5-5; HighPages m10 plus SG_MUL_VAL_ 10-20. */
    @Test
    void multiplexValueRangesSelectEveryValueInThem() throws IOException {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("extended-mux.dbc", resource("extended-mux.dbc")));
        // Page 0 (the m0 of the SG_ line): LowPages = 0xFFFF = 65535
        assertEquals(map("Page", 0, "LowPages", 65535), decode(codec, 0x500, 0, "00 FF FF 00 00 00 00 00"));
        // Page 2 (in 0-3): LowPages = bytes 1-2 little-endian 0x1234 = 4660
        assertEquals(map("Page", 2, "LowPages", 4660), decode(codec, 0x500, 0, "02 34 12 00 00 00 00 00"));
        // Page 5 (5-5)
        assertEquals(map("Page", 5, "LowPages", 1), decode(codec, 0x500, 0, "05 01 00 00 00 00 00 00"));
        // Page 4 is in no range
        assertUndefinedMultiplex(codec, 0x500, 0, "04 34 12 00 00 00 00 00");
        // Page 15 (10-20): HighPages signed 0x8000 = -32768 × 0.5 = -16384 V
        assertEquals(map("Page", 15, "HighPages", -16384), decode(codec, 0x500, 0, "0F 00 80 00 00 00 00 00"));
        // Page 21: past the range
        assertUndefinedMultiplex(codec, 0x500, 0, "15 00 80 00 00 00 00 00");
    }

    /**
     * A decoder of the same file gives a frame whose multiplexor value selects nothing as a message that does not fit
     * its definition: no signals, a layout mismatch naming the bytes, nothing folded.
     */
    @Test
    void aDecoderReportsAnUndefinedMultiplexValueAsAMismatch() throws IOException {
        CanDecoder decoder = new CanDecoder(CanProtocol.fromDbc("extended-mux.dbc", DbcParser.parseStrict(
                "extended-mux.dbc", resource("extended-mux.dbc"))));
        DecodedMessage page4 = decoder.decode(0, "can0", 0x500, 0, TraceLines.bytes("04 34 12 00 00 00 00 00"));
        assertTrue(page4.isLayoutMismatch(), page4.toString());
        assertEquals(List.of(), page4.signals());
        assertTrue(page4.problems().get(0).contains("a multiplexor's value selects none of its signals"),
                page4.problems().toString());
        DecodedMessage page2 = decoder.decode(0, "can0", 0x500, 0, TraceLines.bytes("02 34 12 00 00 00 00 00"));
        assertEquals(4660.0, page2.signals().stream().filter(signal -> signal.name().equals("LowPages")).findFirst()
                .orElseThrow().value(), 1e-9);
    }

    /** BrokenChains (0x501): a signal under a non-multiplexor and two multiplexors selecting each other. */
    @Test
    void brokenChainsAreNeverDecoded() throws IOException {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("extended-mux.dbc", resource("extended-mux.dbc")));
        for (String never : List.of("UnderPlain", "LoopA", "LoopB")) {
            assertFalse(codec.isDecodable(codec.signalIndex(0x501, false, never)), never);
        }
        // every byte 1: Top selects UnderTop (1-1), Plain is always there; the rest never
        assertEquals(map("Top", 1, "Plain", 1, "UnderTop", 1), decode(codec, 0x501, 0, "01 01 01 01 01 01 01 01"));
    }

    @Test
    void extendedMultiplexingIsWrittenBack() throws IOException {
        DbcDatabase database = DbcParser.parseStrict("extended-mux.dbc", resource("extended-mux.dbc"));
        String written = DbcWriter.write(database);
        assertTrue(written.contains(" SG_ Pid m1M : 8|8@1+ (1,0) [0|255] \"\" Tester\n"), written);
        assertTrue(written.contains("SG_MUL_VAL_ 1280 LowPages Page 0-3, 5-5;\n"), written);
        assertTrue(written.contains("SG_MUL_VAL_ 2566844693 EngineSpeed Pid 12-12;\n"), written);
        assertEquals(database, DbcParser.parseStrict("written", written));
    }

    // ---- long names

    @Test
    void longNameAttributesReplaceTheShortNames() throws IOException {
        DbcParser.Result result = DbcParser.parse("long-names.dbc", resource("long-names.dbc"));
        assertEquals(List.of(), result.diagnostics());
        DbcDatabase database = result.database();
        String bms = "Battery_Management_System_Master_Controller";
        assertEquals(List.of(bms, "Inverter"), database.nodes());
        DbcMessage statistics = database.message(0x701, false);
        assertEquals("Battery_Pack_Cell_Voltage_Statistics_Extended", statistics.name());
        assertEquals(statistics, database.message("Battery_Pack_Cell_Voltage_Statistics_Extended"));
        assertEquals(List.of(bms), statistics.transmitters());
        assertEquals(Map.of("GenMsgCycleTime", "100"), statistics.attributes(), "the long name is the name, not an "
                + "attribute");
        assertEquals(List.of("Maximum_Cell_Voltage_Of_All_Modules_In_Pack",
                "Maximum_Cell_Voltage_Of_All_Modules_Position", "Cells"),
                statistics.signals().stream().map(DbcSignal::name).toList());
        DbcSignal maximum = statistics.signal("Maximum_Cell_Voltage_Of_All_Modules_In_Pack");
        assertEquals("Highest cell voltage of the pack", maximum.comment(), "CM_ names the short name");
        assertEquals(Map.of(255L, "not available"),
                statistics.signal("Maximum_Cell_Voltage_Of_All_Modules_Position").valueDescriptions());
        assertEquals(List.of("Inverter", bms), statistics.signal("Cells").receivers());
        assertEquals(List.of(bms), database.message("Short").signal("Request").receivers());
        assertTrue(database.attributeDefinitions().stream().noneMatch(d -> d.name().startsWith("System")),
                "the long-name definitions are implied by the names");

        DbcCodec codec = DbcCodec.compile(database);
        // bytes 0-1 little-endian 0x0FA0 = 4000 × 0.001 = 4.0 V; byte 2 = 3
        assertEquals(map("Maximum_Cell_Voltage_Of_All_Modules_In_Pack", 4.0,
                "Maximum_Cell_Voltage_Of_All_Modules_Position", 3, "Cells", 16),
                decode(codec, 0x701, 0, "A0 0F 03 10 00 00 00 00"));
    }

    @Test
    void longNamesAreWrittenAsCandbWritesThem() throws IOException {
        DbcDatabase database = DbcParser.parseStrict("long-names.dbc", resource("long-names.dbc"));
        String written = DbcWriter.write(database);
        // the first 32 characters; the second name with the same 32 gets the first 27 and _0000
        for (String expected : List.of(
                "BU_: Battery_Management_System_Master Inverter\n",
                "BO_ 1793 Battery_Pack_Cell_Voltage_Statis: 8 Battery_Management_System_Master\n",
                " SG_ Maximum_Cell_Voltage_Of_All_Modu : 0|16@1+ (0.001,0) [0|65.535] \"V\" Inverter\n",
                " SG_ Maximum_Cell_Voltage_Of_All_0000 : 16|8@1+",
                "BA_DEF_ SG_  \"SystemSignalLongSymbol\" STRING ;\n",
                "BA_DEF_DEF_  \"SystemSignalLongSymbol\" \"\";\n",
                "BA_ \"SystemNodeLongSymbol\" BU_ Battery_Management_System_Master "
                        + "\"Battery_Management_System_Master_Controller\";\n",
                "BA_ \"SystemMessageLongSymbol\" BO_ 1793 \"Battery_Pack_Cell_Voltage_Statistics_Extended\";\n",
                "BA_ \"SystemSignalLongSymbol\" SG_ 1793 Maximum_Cell_Voltage_Of_All_0000 "
                        + "\"Maximum_Cell_Voltage_Of_All_Modules_Position\";\n",
                "CM_ SG_ 1793 Maximum_Cell_Voltage_Of_All_Modu \"Highest cell voltage of the pack\";\n",
                "VAL_ 1793 Maximum_Cell_Voltage_Of_All_0000 255 \"not available\" ;\n")) {
            assertTrue(written.contains(expected), expected + " in\n" + written);
        }
        assertEquals(database, DbcParser.parseStrict("written", written));
    }

    /** A name that is no C identifier (a model built in code) is written short, with its long name beside it. */
    @Test
    void namesThatAreNoIdentifiersGetShortNames() {
        DbcSignal odd = DbcSignal.of("cell voltage (mV)", 0, 16, DbcByteOrder.INTEL, false, 1, 0, "mV");
        DbcDatabase database = DbcDatabase.of(List.of(DbcMessage.of(0x100, false, "3rd message", 8, List.of(odd))));
        String written = DbcWriter.write(database);
        assertTrue(written.contains("BO_ 256 _3rd_message: 8 Vector__XXX\n"), written);
        assertTrue(written.contains(" SG_ cell_voltage__mV_ : 0|16@1+"), written);
        assertEquals(database, DbcParser.parseStrict("written", written));
    }

    // ---- value types and lengths

    /**
     * Wide (64 bytes, extended 0x601): u64 Intel bytes 0-7, s64 Motorola bytes 8-15 (start 71 = byte 8 bit 7),
     * float Intel bytes 16-19, float Motorola 20-23 (start 167 = byte 20 bit 7), double Intel 24-31, double
     * Motorola 32-39 (start 263), u64 Motorola 40-47 (start 327), Tail byte 63.
     */
    @Test
    void sixtyFourBitAndFloatSignalsDecodeExactlyInBothByteOrders() throws IOException {
        DbcDatabase database = DbcParser.parseStrict("value-types.dbc", resource("value-types.dbc"));
        DbcCodec codec = DbcCodec.compile(database);
        byte[] frame = new byte[64];
        put(frame, 0, "FF FF FF FF FF FF FF FF");  // 2^64 - 1
        put(frame, 8, "FF FF FF FF FF FF FF FE");  // big-endian two's complement: -2
        put(frame, 16, "DB 0F 49 C0");             // little-endian 0xC0490FDB: sign 1, exponent 128 (2^1),
                                                   // mantissa 1 + 0x490FDB/2^23 = 1.57079637050628662109375 → -π(f)
        put(frame, 20, "42 F6 E9 79");             // 0x42F6E979: exponent 133 (2^6), mantissa 1 + 0x76E979/2^23
                                                   // = 1.92900002002716064453125 × 64 = 123.45600128173828125
        put(frame, 24, "18 2D 44 54 FB 21 09 40"); // little-endian 0x400921FB54442D18 = Math.PI
        put(frame, 32, "C0 5E DD 2F 1A 9F BE 77"); // big-endian 0xC05EDD2F1A9FBE77 = -123.456
        put(frame, 40, "12 34 56 78 9A BC DE F0"); // 0x123456789ABCDEF0 = 1311768467463790320
        frame[63] = 0x5A;
        Map<String, Double> values = decode(codec, 0x601, FrameFlags.EXTENDED | FrameFlags.FD, frame);
        assertEquals(18446744073709551615.0, values.get("Unsigned64Intel"), "2^64 - 1 is nearest to 2^64, never -1");
        assertEquals(-2.0, values.get("Signed64Motorola"));
        assertEquals(-3.1415927410125732421875, values.get("FloatIntel"));
        assertEquals(123.45600128173828125, values.get("FloatMotorola"));
        assertEquals(Math.PI, values.get("DoubleIntel"));
        assertEquals(-123.456, values.get("DoubleMotorola"));
        // 61 significant bits: the double keeps 53, ulp 2^8 = 256; the low byte 0xF0 = 240 rounds up to 0x100:
        // 1311768467463790320 - 240 + 256 = 1311768467463790336
        assertEquals(1311768467463790336.0, values.get("Unsigned64Motorola"));
        assertEquals(90.0, values.get("Tail"));

        // the raw value is exact: the long's bits, read unsigned for u64
        int u64 = codec.signalIndex(0x601, true, "Unsigned64Intel");
        int u64m = codec.signalIndex(0x601, true, "Unsigned64Motorola");
        assertEquals("18446744073709551615", codec.rawText(u64, codec.rawValue(u64, frame, 0, 64)));
        assertEquals("1311768467463790320", codec.rawText(u64m, codec.rawValue(u64m, frame, 0, 64)));
        int s64 = codec.signalIndex(0x601, true, "Signed64Motorola");
        assertEquals("-2", codec.rawText(s64, codec.rawValue(s64, frame, 0, 64)));

        // encoding writes the same bits back, but for the u64 whose physical double was rounded to ...DF00
        byte[] expected = frame.clone();
        put(expected, 40, "12 34 56 78 9A BC DF 00");
        assertArrayEquals(expected, codec.encode(codec.messageIndex(0x601, FrameFlags.EXTENDED), values));
        assertEquals(DbcValueType.FLOAT32, database.message("Wide").signal("FloatMotorola").valueType());
        assertEquals(DbcValueType.FLOAT64, database.message("Wide").signal("DoubleMotorola").valueType());
    }

    @Test
    void unsignedSixtyFourBitsAboveTwoToThe53AreExactAsRawValues() throws IOException {
        DbcCodec codec = DbcCodec.compile(DbcParser.parseStrict("value-types.dbc", resource("value-types.dbc")));
        int counter = codec.signalIndex(1537, false, "Counter64"); // Classic, standard 0x601
        assertTrue(counter >= 0);
        // 0x0020000000000001 = 2^53 + 1: raw exact, the physical double ties to the even 2^53
        byte[] frame = TraceLines.bytes("01 00 00 00 00 00 20 00");
        assertEquals(9007199254740993L, codec.rawValue(counter, frame, 0, 8));
        assertEquals(9007199254740992.0, decode(codec, 1537, 0, frame).get("Counter64"));
        // 0x8000000000000000 = 2^63: positive, the long reads Long.MIN_VALUE
        frame = TraceLines.bytes("00 00 00 00 00 00 00 80");
        assertEquals("9223372036854775808", codec.rawText(counter, codec.rawValue(counter, frame, 0, 8)));
        assertEquals(9223372036854775808.0, decode(codec, 1537, 0, frame).get("Counter64"));
        assertArrayEquals(frame, codec.encode(codec.messageIndex(1537, 0), Map.of("Counter64", 0x1p63)));
        // beyond 2^64 - 1 is clipped to all ones; the VAL_ entry 18446744073709551615 is that raw value
        byte[] ones = codec.encode(codec.messageIndex(1537, 0), Map.of("Counter64", 0x1p70));
        assertArrayEquals(TraceLines.bytes("FF FF FF FF FF FF FF FF"), ones);
        assertEquals("wrapped", codec.signal(counter).valueDescriptions().get(codec.rawValue(counter, ones, 0, 8)));
    }

    @Test
    void canFdLengthsAndDataLengthCodes() throws IOException {
        DbcDatabase database = DbcParser.parseStrict("value-types.dbc", resource("value-types.dbc"));
        assertEquals(12, database.message("Fd12").length());
        assertTrue(database.message("Fd12").isFd());
        assertFalse(database.message("Classic").isFd());
        DbcCodec codec = DbcCodec.compile(database);
        byte[] frame = new byte[12];
        frame[0] = 1;
        frame[11] = 0x7F; // Last: start 88 = byte 11
        assertEquals(map("First", 1, "Last", 127), decode(codec, 0x600, FrameFlags.FD, frame));
        assertEquals(map("First", 1), decode(codec, 0x600, 0, java.util.Arrays.copyOf(frame, 8)));
        // DLC 9-15 → 12, 16, 20, 24, 32, 48, 64 bytes
        int[] lengths = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};
        for (int dlc = 0; dlc < 16; dlc++) {
            assertEquals(lengths[dlc], DbcMessage.lengthOfDlc(dlc));
            assertEquals(dlc, DbcMessage.dlcOf(lengths[dlc]));
        }
        assertEquals(9, DbcMessage.dlcOf(9), "9 bytes need DLC 9 (12 bytes)");
        assertEquals(15, DbcMessage.dlcOf(49));
        assertThrows(IllegalArgumentException.class, () -> DbcMessage.dlcOf(65));
        assertThrows(IllegalArgumentException.class, () -> DbcMessage.lengthOfDlc(16));
    }

    @Test
    void valueTypesAndLengthsAreWrittenBack() throws IOException {
        DbcDatabase database = DbcParser.parseStrict("value-types.dbc", resource("value-types.dbc"));
        String written = DbcWriter.write(database);
        assertTrue(written.contains("SIG_VALTYPE_ 2147485185 FloatMotorola : 1;\n"), written);
        assertTrue(written.contains("SIG_VALTYPE_ 2147485185 DoubleIntel : 2;\n"), written);
        assertTrue(written.contains("BO_ 2147485185 Wide: 64 Gateway\n"), written);
        assertTrue(written.contains("VAL_ 1537 Counter64 18446744073709551615 \"wrapped\" 0 \"start\" ;\n"), written);
        assertEquals(database, DbcParser.parseStrict("written", written));
    }

    /** CANdb++ writes CRLF line ends; the same file reads the same. */
    @ParameterizedTest
    @ValueSource(strings = {"extended-mux.dbc", "long-names.dbc", "value-types.dbc"})
    void crlfFilesReadAsLfFiles(String file) throws IOException {
        String text = resource(file);
        DbcParser.Result crlf = DbcParser.parse(file, text.replace("\n", "\r\n"));
        assertEquals(List.of(), crlf.diagnostics());
        assertEquals(DbcParser.parseStrict(file, text), crlf.database());
    }

    // ---- helpers

    static String resource(String name) throws IOException {
        try (InputStream in = DbcFeaturesTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, Double> decode(DbcCodec codec, int id, int flags, String hex) {
        return decode(codec, id, flags, TraceLines.bytes(hex));
    }

    /** A multiplexor value that selects none of its signals: no signal at all, as cantools rejects the frame. */
    static void assertUndefinedMultiplex(DbcCodec codec, int id, int flags, String hex) {
        List<String> given = new ArrayList<>();
        assertEquals(DbcCodec.UNDEFINED_MULTIPLEX, codec.decode(id, flags, TraceLines.bytes(hex), 0,
                TraceLines.bytes(hex).length, (i, v) -> given.add(codec.signalName(i))));
        assertEquals(List.of(), given);
    }

    static Map<String, Double> decode(DbcCodec codec, int id, int flags, byte[] frame) {
        Map<String, Double> values = new LinkedHashMap<>();
        int m = codec.decode(id, flags, frame, 0, frame.length, (i, v) -> values.put(codec.signalName(i), v));
        assertTrue(m >= 0, "no message " + Integer.toHexString(id));
        return values;
    }

    /** name, value, name, value, ... in order. */
    static Map<String, Double> map(Object... pairs) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return map;
    }

    private static void put(byte[] frame, int at, String hex) {
        byte[] bytes = TraceLines.bytes(hex);
        System.arraycopy(bytes, 0, frame, at, bytes.length);
    }

    @Test
    void absentLongNameKeepsTheShortOne() {
        DbcDatabase database = DbcParser.parseStrict("x.dbc", """
                BO_ 5 Short: 1 X
                 SG_ s : 0|8@1+ (1,0) [0|255] "" X
                BA_DEF_ SG_ "SystemSignalLongSymbol" STRING;
                BA_ "SystemSignalLongSymbol" SG_ 5 s "";
                """);
        assertEquals("s", database.message("Short").signals().get(0).name());
        assertNull(database.message("Short").signals().get(0).attribute("SystemSignalLongSymbol"));
    }
}
