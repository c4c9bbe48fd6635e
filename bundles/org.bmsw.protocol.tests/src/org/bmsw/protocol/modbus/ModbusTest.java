package org.bmsw.protocol.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.ModbusUtil;

/** modbus_rtu.json, RTU and TCP framing, j2mod interplay and register maps. */
class ModbusTest {

    static Stream<Vector> vectors() {
        return TestData.vectors("modbus_rtu.json").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(Vector vector) {
        byte[] raw = TraceLines.bytes(vector.raw());
        switch (vector.protocol()) {
        case "modbus_rtu_crc16" -> {
            int crc = ModbusRtu.crc16(raw, 0, raw.length);
            assertEquals(Integer.decode(vector.expected().get("crc16").getAsString()), crc);
            byte[] full = ModbusRtu.withCrc(raw);
            assertEquals(vector.expected().get("full_frame").getAsString(), spaced(full));
            int[] j2mod = ModbusUtil.calculateCRC(raw, 0, raw.length); // j2mod agrees, byte order on the wire
            assertEquals(vector.expected().get("crc_bytes_on_wire").getAsString(),
                    String.format("%02X %02X", j2mod[0], j2mod[1]));
            List<ModbusFrame> frames = new ArrayList<>();
            ModbusFramer framer = ModbusFramer.rtu();
            framer.feed(full, frames::add);
            assertEquals(1, frames.size());
            assertTrue(frames.get(0).request());
            assertEquals(raw[0] & 0xFF, frames.get(0).unit());
            assertEquals(raw[1] & 0xFF, frames.get(0).functionCode());
            assertTrue(frames.get(0).problems().isEmpty());
        }
        case "jbd_llt_rs485_checksum" -> {
            assertEquals(Integer.decode(vector.expected().get("checksum").getAsString().split(" ")[0]),
                    JbdChecksum.of(raw, 2, 2));
            assertTrue(JbdChecksum.isValidFrame(raw));
        }
        default -> fail("no test for " + vector.protocol());
        }
    }

    private static final String MAP = """
            {"name": "test map", "registers": [
              {"address": 100, "type": "u16", "scale": 0.01, "name": "voltage_V"},
              {"address": 101, "type": "s16", "scale": 0.1, "name": "pack_current", "canonical": "current_A"},
              {"address": 102, "type": "u32", "word_order": "little", "scale": 0.1, "name": "charged_energy_kWh"},
              {"address": 104, "type": "float32", "unit": "degC", "name": "board_temperature"}]}
            """;

    @Test
    void rtuReadWithMapThroughGarbageAndSplitReads() throws IOException {
        ReadMultipleRegistersRequest request = new ReadMultipleRegistersRequest(100, 6);
        request.setUnitID(1);
        ReadMultipleRegistersResponse response = new ReadMultipleRegistersResponse(new SimpleRegister[] {
            new SimpleRegister(5310), new SimpleRegister(-7 & 0xFFFF), new SimpleRegister(0x0840),
            new SimpleRegister(0), new SimpleRegister(0x41B4), new SimpleRegister(0)});
        response.setUnitID(1);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(new byte[] {0x00, (byte) 0xFF}); // line noise before the first frame
        stream.write(rtu(request.getUnitID(), request.getFunctionCode(), request::writeData));
        stream.write(rtu(response.getUnitID(), response.getFunctionCode(), response::writeData));
        byte[] bytes = stream.toByteArray();
        Decoder decoder = DecoderRegistry.getDefault().create("modbus", RegisterMap.parse("test.json", MAP));
        List<DecodedMessage> messages = new ArrayList<>();
        decoder.decode(TraceRecord.serial(0, "ttyUSB0", false, java.util.Arrays.copyOfRange(bytes, 0, 7)),
                messages::add);
        decoder.decode(TraceRecord.serial(1, "ttyUSB0", false, java.util.Arrays.copyOfRange(bytes, 7, bytes.length)),
                messages::add);
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("ReadHoldingRegisters request", messages.get(0).message());
        DecodedMessage read = messages.get(1);
        assertEquals("ReadHoldingRegisters response", read.message());
        assertTrue(read.problems().isEmpty(), read.problems().toString());
        assertEquals(53.1, read.signal("voltage_V").value(), 1e-9);
        assertEquals(-0.7, read.signal("current_A").value(), 1e-9);
        assertEquals(211.2, read.signal("charged_energy_kWh").value(), 1e-9);
        assertEquals(22.5, read.signal("board_temperature").value(), 1e-9);
        BatteryState state = decoder.state();
        assertEquals(53.1, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        assertEquals(-0.7, state.get(Quantity.CURRENT).orElseThrow(), 1e-9);
    }

    /** A poll mostly gets the same answer again: it decodes to the same values, at its own time, and a change shows. */
    @Test
    void repeatedAnswersDecodeLikeTheFirstAndChangesShow() throws IOException {
        Decoder decoder = DecoderRegistry.getDefault().create("modbus", RegisterMap.parse("test.json", MAP));
        List<DecodedMessage> messages = new ArrayList<>();
        int[][] answers = {{5310, -7 & 0xFFFF}, {5310, -7 & 0xFFFF}, {5312, -7 & 0xFFFF}, {5312, 30}};
        for (int i = 0; i < answers.length; i++) {
            ReadMultipleRegistersRequest request = new ReadMultipleRegistersRequest(100, 2);
            request.setUnitID(1);
            ReadMultipleRegistersResponse response = new ReadMultipleRegistersResponse(new SimpleRegister[] {
                new SimpleRegister(answers[i][0]), new SimpleRegister(answers[i][1])});
            response.setUnitID(1);
            decoder.decode(TraceRecord.serial(1_000_000L * i, "ttyUSB0", true,
                    rtu(1, request.getFunctionCode(), request::writeData)), messages::add);
            decoder.decode(TraceRecord.serial(1_000_000L * i + 500, "ttyUSB0", false,
                    rtu(1, response.getFunctionCode(), response::writeData)), messages::add);
        }
        List<DecodedMessage> reads = messages.stream().filter(m -> m.message().endsWith("response")).toList();
        assertEquals(4, reads.size(), messages.toString());
        double[] volts = {53.10, 53.10, 53.12, 53.12};
        double[] amps = {-0.7, -0.7, -0.7, 3.0};
        for (int i = 0; i < reads.size(); i++) {
            assertEquals(1_000_000L * i + 500, reads.get(i).timestampNs());
            assertEquals(volts[i], reads.get(i).signal("voltage_V").value(), 1e-9, "answer " + i);
            assertEquals(amps[i], reads.get(i).signal("current_A").value(), 1e-9, "answer " + i);
            assertTrue(reads.get(i).problems().isEmpty(), reads.get(i).problems().toString());
        }
        assertEquals(reads.get(0).signals(), reads.get(1).signals());
        BatteryState state = decoder.state();
        assertEquals(53.12, state.get(Quantity.VOLTAGE).orElseThrow(), 1e-9);
        assertEquals(3.0, state.get(Quantity.CURRENT).orElseThrow(), 1e-9);
        assertEquals(3_000_500L, state.timestampNs());
    }

    /** String registers named after the identity fold into the battery state; others stay signals of their own. */
    @Test
    void stringRegistersCarryTheBatterysIdentity() throws IOException {
        RegisterMap map = RegisterMap.parse("identity.json", """
                {"registers": [
                  {"address": 16, "type": "string", "length": 4, "name": "manufacturer"},
                  {"address": 20, "type": "string", "length": 4, "name": "sn", "canonical": "serial_number"},
                  {"address": 24, "type": "string", "length": 2, "name": "firmware_version"},
                  {"address": 26, "type": "string", "length": 2, "name": "board_name"}]}
                """);
        assertTrue(map.entries().get(1).canonical());
        assertFalse(map.entries().get(3).canonical());
        int[] words = words("SEPLOS\0\0" + "SP16S020" + "V2.1" + "BMS1");
        ReadMultipleRegistersRequest request = new ReadMultipleRegistersRequest(16, words.length);
        request.setUnitID(1);
        SimpleRegister[] registers = new SimpleRegister[words.length];
        for (int i = 0; i < words.length; i++) {
            registers[i] = new SimpleRegister(words[i]);
        }
        ReadMultipleRegistersResponse response = new ReadMultipleRegistersResponse(registers);
        response.setUnitID(1);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.write(rtu(1, request.getFunctionCode(), request::writeData));
        stream.write(rtu(1, response.getFunctionCode(), response::writeData));
        Decoder decoder = DecoderRegistry.getDefault().create("modbus", map);
        List<DecodedMessage> messages = new ArrayList<>();
        decoder.decode(TraceRecord.serial(0, "ttyUSB0", false, stream.toByteArray()), messages::add);
        assertEquals("BMS1", messages.get(1).signal("board_name").text());
        BatteryState state = decoder.state();
        assertEquals("SEPLOS", state.manufacturer().orElseThrow());
        assertEquals("SP16S020", state.get(Identity.SERIAL_NUMBER).orElseThrow());
        assertEquals("V2.1", state.get(Identity.FIRMWARE_VERSION).orElseThrow());
        assertFalse(state.get(Identity.MODEL).isPresent());
    }

    /** ASCII text as big-endian register words, two characters a word. */
    private static int[] words(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int[] words = new int[bytes.length / 2];
        for (int i = 0; i < words.length; i++) {
            words[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        return words;
    }

    @Test
    void tcpFramesAndExceptions() throws IOException {
        WriteMultipleRegistersRequest write = new WriteMultipleRegistersRequest(0x1620,
                new SimpleRegister[] {new SimpleRegister(0)});
        write.setUnitID(1);
        write.setTransactionID(7);
        ExceptionResponse exception = new ExceptionResponse(16, 2);
        exception.setUnitID(1);
        exception.setTransactionID(7);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        write.writeTo(new DataOutputStream(stream));
        exception.writeTo(new DataOutputStream(stream));
        List<DecodedMessage> messages = new ArrayList<>();
        Decoder decoder = DecoderRegistry.getDefault().create("modbus");
        decoder.decode(TraceRecord.serial(0, "tcp502", false, stream.toByteArray()), messages::add);
        assertEquals(2, messages.size(), messages.toString());
        assertEquals("WriteMultipleRegisters request", messages.get(0).message());
        assertEquals(0x1620, messages.get(0).signal("address").value());
        assertEquals("fc16", messages.get(1).id());
        assertTrue(messages.get(1).problems().contains("exception 2: illegal data address"),
                messages.get(1).problems().toString());
    }

    @Test
    void framesAreJ2modMessages() throws IOException {
        List<ModbusFrame> frames = new ArrayList<>();
        ModbusFramer.rtu().feed(TraceLines.bytes("11 03 00 6B 00 03 76 87"), frames::add);
        ReadMultipleRegistersRequest request = assertInstanceOf(ReadMultipleRegistersRequest.class,
                frames.get(0).toJ2mod());
        assertEquals(0x6B, request.getReference());
        assertEquals(3, request.getWordCount());
    }

    @Test
    void rtuExceptionResponse() {
        List<ModbusFrame> frames = new ArrayList<>();
        ModbusFramer framer = ModbusFramer.rtu();
        framer.feed(ModbusRtu.withCrc(TraceLines.bytes("01 03 00 64 00 02")), frames::add);
        framer.feed(ModbusRtu.withCrc(TraceLines.bytes("01 83 02")), frames::add);
        assertEquals(2, frames.size());
        assertTrue(frames.get(1).isException());
        assertEquals(3, frames.get(1).functionCode());
        assertEquals("illegal data address", ModbusFrame.explainException(frames.get(1).exceptionCode()));
    }

    @Test
    void badCrcIsSkippedAndCounted() {
        byte[] bad = TraceLines.bytes("01 03 00 00 00 0A C5 CE 01 03 00 00 00 0A C5 CD");
        List<ModbusFrame> frames = new ArrayList<>();
        ModbusFramer framer = ModbusFramer.rtu();
        framer.feed(bad, frames::add);
        assertEquals(1, frames.size());
        assertEquals(8, framer.skippedBytes());
    }

    @Test
    void registerMapErrorsNameTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegisterMap.parse("bms.json",
                "{\"registers\": [{\"address\": 1, \"name\": \"x\"}, {\"address\": 2, \"type\": \"u17\", "
                        + "\"name\": \"y\"}]}"));
        assertEquals("bms.json:1: registers[1].type: 'u17' is not u16, s16, u32, s32, u64, s64, float32, string or bool", e.getMessage());
        assertFalse(RegisterMap.parse("ok.json", MAP).entries().isEmpty());
    }

    @Test
    void registerMapProblemsNameTheirLineOneLineEach() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RegisterMap.parse("bms.json", """
                {"name": "BMS",
                 "registers": [
                   {"address": 1, "name": "x"},
                   {"address": 2,
                    "type": "u17", "name": "y"},
                   {"address": 3, "name": "z", "word_order": "mid\\nle"},
                   {"address": {"a": 1}, "name": "w"}
                 ]}
                """));
        assertEquals(List.of("bms.json:4: registers[1].type: 'u17' is not u16, s16, u32, s32, u64, s64, float32, string or bool",
                "bms.json:6: registers[2].word_order: 'mid\\nle' is not big or little",
                "bms.json:7: registers[3]: a value of the wrong JSON type (JsonObject)"), List.of(e.getMessage().split("\n")));
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> RegisterMap.parse("bad.json", "{\"registers\": [\n  {\"address\": 1,,}\n]}"));
        assertTrue(syntax.getMessage().startsWith("bad.json:2: "), syntax.getMessage());
        assertFalse(syntax.getMessage().contains("\n"), syntax.getMessage());
    }

    private interface Writer {
        void write(java.io.DataOutput out) throws IOException;
    }

    private static byte[] rtu(int unit, int function, Writer data) throws IOException {
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        pdu.write(unit);
        pdu.write(function);
        data.write(new DataOutputStream(pdu));
        return ModbusRtu.withCrc(pdu.toByteArray());
    }

    private static String spaced(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(text.length() == 0 ? "" : " ").append(String.format("%02X", b & 0xFF));
        }
        return text.toString();
    }
}
