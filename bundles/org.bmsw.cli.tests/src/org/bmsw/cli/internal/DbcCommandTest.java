package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bmsw dbc check} and {@code bmsw dbc export}. */
class DbcCommandTest extends CommandLineTest {

    @TempDir
    Path dir;


    @Test
    void checkListsEachProblemAsFileLineColumnAndFailsOnErrors() throws IOException {
        Path dbc = dir.resolve("vendor.dbc");
        // line 7 has a bit length that is no number: that signal is dropped, the rest of the file still loads
        Files.writeString(dbc, """
                VERSION ""

                BU_: BMS

                BO_ 849 Limits: 8 BMS
                 SG_ cvl : 0|16@1+ (0.1,0) [0|6553.5] "V" Vector__XXX
                 SG_ broken : 16|x@1+ (0.1,0) [0|1] "A" Vector__XXX

                BO_ 853 Soc: 4 BMS
                 SG_ soc : 0|16@1+ (1,0) [0|100] "%" Vector__XXX
                """);
        assertEquals(Bmsw.EXIT_FAILED, run("dbc", "check", dbc.toString()));
        List<String> lines = out().lines().toList();
        assertTrue(lines.get(0).matches("\\Q" + dbc + "\\E:7:\\d+: error: .+"), out());
        assertEquals(dbc + ": 2 messages, 2 signals; 1 error, 0 warnings", lines.get(lines.size() - 1), out());
        assertEquals("", err());
    }

    @Test
    void checkOfAGoodFileExitsZeroAndOfAMissingOneExitsOne() throws IOException {
        Path dbc = dir.resolve("good.dbc");
        Files.writeString(dbc, "VERSION \"\"\n\nBU_: BMS\n\nBO_ 853 Soc: 4 BMS\n SG_ soc : 0|16@1+ (1,0) [0|100] \"%\""
                + " Vector__XXX\n");
        assertEquals(Bmsw.EXIT_OK, run("dbc", "check", dbc.toString()));
        assertEquals(dbc + ": 1 messages, 1 signals; 0 errors, 0 warnings\n", out());
        assertEquals(Bmsw.EXIT_FAILED, run("dbc", "check", dir.resolve("none.dbc").toString()));
        assertEquals("bmsw dbc check: " + dir.resolve("none.dbc") + ": no such file\n", err());
    }

    @Test
    void exportWritesTheBuiltInDefinitionThatDecodesTheSameAsTheBuiltInProtocol() throws IOException {
        Path file = dir.resolve("pylon.dbc");
        assertEquals(Bmsw.EXIT_OK, run("dbc", "export", "--protocol", "pylon-can", "--out", file.toString()), err());
        assertTrue(err().startsWith("bmsw dbc export: pylon-can ("), err());
        assertEquals("", out());
        assertEquals(Bmsw.EXIT_OK, run("dbc", "check", file.toString()), out());
        assertTrue(out().endsWith("; 0 errors, 0 warnings\n"), out());

        // the Eco-Worthy frames (0x351 limits, 0x355 SOC/SOH, 0x356 V/A/T) decode to the same values both ways
        Decoder exported = new CanDecoder(CanProtocol.fromDbc("pylon-can",
                DbcParser.parseStrict(file.getFileName().toString(), Files.readString(file))));
        Decoder builtIn = new CanDecoder(CanProtocol.builtIn("pylon-can", List.of()));
        List<TraceRecord> frames = List.of(
                TraceRecord.can(0, "can0", 0x351, bytes("48 02 d0 07 d0 07 c0 01")),
                TraceRecord.can(1, "can0", 0x355, bytes("1e 00 64 00 00 00 00 00")),
                TraceRecord.can(2, "can0", 0x356, bytes("79 14 00 00 71 00 00 00")));
        List<DecodedMessage> a = new ArrayList<>();
        List<DecodedMessage> b = new ArrayList<>();
        frames.forEach(frame -> {
            exported.decode(frame, a::add);
            builtIn.decode(frame, b::add);
        });
        assertEquals(b.toString(), a.toString());
        assertEquals(builtIn.state().toCanonicalMap(), exported.state().toCanonicalMap());
        assertEquals(58.4, value(exported, "charge_voltage_limit_V"), 1e-9);
        assertEquals(30, value(exported, "soc_pct"), 1e-9);
        assertEquals(52.41, value(exported, "voltage_V"), 1e-9);
    }

    @Test
    void exportToStdoutWithAVariantAndRefusalsOfWhatIsNotBuiltIn() {
        assertEquals(Bmsw.EXIT_OK, run("dbc", "export", "--protocol", "sma-can+voltage-0.1V"));
        assertTrue(out().startsWith("VERSION "), out());
        assertTrue(out().contains("\nBO_ 854 "), "0x356 is in the SMA definition");
        assertEquals(Bmsw.EXIT_USAGE, run("dbc", "export", "--protocol", "pylon-can+nonsense"));
        assertTrue(err().startsWith("bmsw dbc export: protocol pylon-can has no variant 'nonsense'"), err());
    }

    private static double value(Decoder decoder, String canonicalName) {
        return ((Number) decoder.state().toCanonicalMap().get(canonicalName)).doubleValue();
    }

    private static byte[] bytes(String hex) {
        String[] parts = hex.split(" ");
        byte[] data = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            data[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return data;
    }
}
