package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw info} and {@code bmsw convert} on small files written by the tests. */
class TraceCommandsTest extends CommandLineTest {

    private static final String LOG = """
            (1700000000.000000) can0 351#1402C012C012C201
            (1700000000.100000) can0 355#1A006400
            (1700000001.000000) can0 351#1402C012C012C201
            (1700000001.100000) can0 355#1A006400
            (1700000002.000000) can0 351#1402C012C012C201
            (1700000002.050000) can1 18FF50E5#0102 T
            (1700000002.060000) can0 351#1402C012C012C20100
            (1700000002.100000) can0 355#1A006400
            """;

    @TempDir
    Path dir;

    private Path log;

    @BeforeEach
    void writeLog() throws IOException {
        log = dir.resolve("site.log");
        Files.writeString(log, LOG);
    }

    @Test
    void infoDescribesATrace() {
        assertEquals(Bmsw.EXIT_OK, run("info", log.toString()));
        String text = out();
        assertTrue(text.contains("format      candump log\n"), text);
        assertTrue(text.contains("frames      7\n"), text);
        assertTrue(text.contains("duration    2.100000 s  from 2023-11-14T22:13:20Z to 2023-11-14T22:13:22.100Z\n"),
                text);
        assertTrue(text.contains("channels    can0 (CAN, 6 frames), can1 (CAN, 1 frames)\n"), text);
        assertTrue(text.contains("errors      0 error frames, 1 lines skipped of 8\n"), text);
        assertTrue(text.contains("1 x data length exceeds 8 for a classic CAN frame"), text);
        assertTrue(text.contains(log + ":7: data length 9 exceeds 8 for a classic CAN frame"), text);
        assertTrue(text.contains("  can0       351                   3      1000.000 ms\n"), text);
        assertTrue(text.contains("  can0       355                   3      1000.000 ms\n"), text);
        assertTrue(text.contains("  can1       18FF50E5              1                -\n"), text);
        assertEquals("", err());
    }

    @Test
    void infoJson() {
        assertEquals(Bmsw.EXIT_OK, run("info", log.toString(), "--json"));
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("candump", json.get("format").getAsString());
        assertEquals(7, json.get("frames").getAsLong());
        assertEquals(2.1, json.get("duration_s").getAsDouble(), 1e-9);
        assertEquals(1, json.get("skippedLines").getAsLong());
        assertEquals(1, json.getAsJsonObject("skippedByReason").get("data length exceeds 8 for a classic CAN frame")
                .getAsLong());
        JsonObject first = json.getAsJsonArray("identifiers").get(0).getAsJsonObject();
        assertEquals("0x351", first.get("id").getAsString());
        assertEquals(3, first.get("frames").getAsLong());
        assertEquals(1000.0, first.get("meanPeriod_ms").getAsDouble(), 1e-9);
        assertEquals("0x18FF50E5", json.getAsJsonArray("identifiers").get(2).getAsJsonObject().get("id").getAsString());
    }

    /** --dbc names each identifier's message from the user's file; one it does not define stays unnamed. */
    @Test
    void infoNamesTheMessagesOfAUsersDbc() {
        Path dbc = TestData.copyTo("dbc/user-soc.dbc", dir);
        assertEquals(Bmsw.EXIT_OK, run("info", log.toString(), "--dbc", dbc.toString()));
        assertTrue(out().contains("  can0       355                   3      1000.000 ms  MySoc\n"), out());
        assertTrue(out().contains("  can0       351                   3      1000.000 ms\n"), out());
        assertEquals(Bmsw.EXIT_OK, run("info", log.toString(), "--dbc", dbc.toString(), "--json"));
        JsonObject second = JsonParser.parseString(out()).getAsJsonObject().getAsJsonArray("identifiers").get(1)
                .getAsJsonObject();
        assertEquals("0x355", second.get("id").getAsString());
        assertEquals("MySoc", second.get("message").getAsString());
        assertEquals(Bmsw.EXIT_FAILED, run("info", log.toString(), "--dbc", dir.resolve("none.dbc").toString()));
        assertEquals("bmsw info: " + dir.resolve("none.dbc") + ": no such file\n", err());
    }

    @Test
    void infoStrictStopsAtTheFirstBadLine() {
        assertEquals(Bmsw.EXIT_FAILED, run("info", "--strict", log.toString()));
        assertEquals("bmsw info: " + log + ":7: data length 9 exceeds 8 for a classic CAN frame\n", err());
    }

    @Test
    void infoOnMissingEmptyAndGarbageFiles() throws IOException {
        assertEquals(Bmsw.EXIT_FAILED, run("info", dir.resolve("nope.log").toString()));
        assertEquals("bmsw info: " + dir.resolve("nope.log") + ": no such file\n", err());
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertEquals(Bmsw.EXIT_OK, run("info", empty.toString()));
        assertTrue(out().contains("format      empty file\nframes      0\n"), out());
        Path garbage = Files.write(dir.resolve("g.bin"), new byte[] { 0, 1, 2, 3, (byte) 0xFF, 0, 0, 7, 8 });
        assertEquals(Bmsw.EXIT_FAILED, run("info", garbage.toString()));
        assertTrue(err().startsWith("bmsw info: " + garbage + ": binary content, not a known trace format"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("info"));
        assertEquals(Bmsw.EXIT_USAGE, run("info", "a", "b"));
        assertEquals(Bmsw.EXIT_USAGE, run("info", "--frobnicate", "a"));
        assertTrue(err().startsWith("bmsw info: Unknown option: '--frobnicate'\n"), err());
    }

    @Test
    void convertToEveryFormatAndBack() throws IOException {
        Path asc = dir.resolve("site.asc");
        assertEquals(Bmsw.EXIT_OK, run("convert", log.toString(), asc.toString()));
        assertEquals(log + " (candump log, 7 frames) -> " + asc + " (Vector ASC): 7 frames written\n"
                + "1 malformed lines skipped:\n  1 x data length exceeds 8 for a classic CAN frame\n  " + log
                + ":7: data length 9 exceeds 8 for a classic CAN frame\n", out());
        assertTrue(Files.readString(asc).startsWith("date Tue Nov 14 22:13:20 2023\nbase hex  timestamps absolute\n"
                + "no internal events logged\n   0.000000 1  351             Rx   d 8 14 02 C0 12 C0 12 C2 01\n"));
        Path store = dir.resolve("site.bmst");
        assertEquals(Bmsw.EXIT_OK, run("convert", asc.toString(), store.toString()));
        Path csv = dir.resolve("site.csv");
        assertEquals(Bmsw.EXIT_OK, run("convert", store.toString(), csv.toString(), "--json"));
        JsonObject json = JsonParser.parseString(out()).getAsJsonObject();
        assertEquals("store", json.get("inFormat").getAsString());
        assertEquals("csv", json.get("outFormat").getAsString());
        assertEquals(7, json.get("framesWritten").getAsLong());
        Path back = dir.resolve("back.txt");
        assertEquals(Bmsw.EXIT_OK, run("convert", csv.toString(), back.toString(), "--to", "candump"));
        String expected = LOG.replace("(1700000002.060000) can0 351#1402C012C012C20100\n", "");
        assertEquals(expected, Files.readString(back));
    }

    @Test
    void convertRefusesWhatItCannotDo() throws IOException {
        assertEquals(Bmsw.EXIT_USAGE, run("convert", log.toString(), dir.resolve("x.txt").toString()));
        assertEquals("bmsw convert: cannot tell the output format from 'x.txt'; use --to candump|asc|csv|serial|store\n"
                + "Run 'bmsw convert --help' for its options.\n", err());
        assertEquals(Bmsw.EXIT_USAGE, run("convert", log.toString(), "x", "--to", "trc"));
        assertEquals(Bmsw.EXIT_USAGE, run("convert", log.toString(), log.toString(), "--to", "asc"));
        assertEquals("bmsw convert: IN and OUT are the same file\nRun 'bmsw convert --help' for its options.\n",
                err());
        Path strictOut = dir.resolve("strict.asc");
        assertEquals(Bmsw.EXIT_FAILED, run("convert", "--strict", log.toString(), strictOut.toString()));
        assertEquals("bmsw convert: " + log + ":7: data length 9 exceeds 8 for a classic CAN frame\n", err());
        assertFalse(Files.exists(strictOut), "a failed conversion leaves no half-written file");
    }

    @Test
    void progressBarRendersAndStaysOffOutsideATerminal() {
        ProgressBar bar = new ProgressBar(new PrintStream(OutputStream.nullOutputStream()), 400L << 20, "reading x");
        assertEquals("\rreading x [##############                ]  45%  180 / 400 MB", bar.render(180L << 20));
        assertEquals(null, ProgressBar.forFile(System.err, 1L << 40, "x"), "tests run without a console");
    }

    @Test
    void helpListsTheTraceCommands() {
        run("help");
        assertTrue(out().contains("  info         describe a trace file"), out());
        assertTrue(out().contains("  convert      convert a trace file"), out());
    }
}
