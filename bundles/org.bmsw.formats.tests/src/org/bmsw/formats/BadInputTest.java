package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed lines, empty files, binary garbage, truncated and oddly terminated lines. */
class BadInputTest {

    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path path = dir.resolve(name);
        Files.write(path, content);
        return path;
    }

    private Path file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedLinesAreSkippedWithFileLineAndReasonAndCounted() throws IOException {
        Path path = file("site.log", """
                (1700000000.000001) can0 351#1402C012C012C201
                (1700000000.000002) can0 351#1402C012C012C20100
                (1700000000.000003) can0 351#1402C
                (1700000000.000004) can0 9999#11
                (1700000000.000005) can0 800#11
                garbage
                (1700000000.000006) can0 123##1AABBCCDDEEFF0011223344
                (1700000000.000007) can0 356#1122334455667788990011
                (1700000000.000008) can0 355#1A006400
                """);
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(path, TraceFilesTest.collect(records), ReadOptions.LENIENT);
        assertEquals(2, report.frames());
        assertEquals(7, report.skippedLines());
        assertEquals(List.of(path + ":2: data length 9 exceeds 8 for a classic CAN frame",
                path + ":3: odd number of hex digits in the data",
                path + ":4: identifier '9999' must have 3 or 8 hex digits",
                path + ":5: identifier 0x800 exceeds 11 bits",
                path + ":6: not a candump log line (expected '(' and a timestamp): 'garbage'",
                path + ":7: data length 11 is not a CAN FD length (0-8, 12, 16, 20, 24, 32, 48, 64)",
                path + ":8: data length 11 exceeds 8 for a classic CAN frame"), report.problems());
        assertEquals(Map.of("data length exceeds 8 for a classic CAN frame", 2L, "odd number of hex digits", 1L,
                "bad identifier", 1L, "identifier out of range", 1L, "not a candump log line", 1L,
                "data length is not a CAN FD length", 1L), report.skippedByReason());
        assertEquals(0x355, records.get(1).identifier());

        TraceFormatException strict = assertThrows(TraceFormatException.class,
                () -> Traces.read(path, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.STRICT));
        assertEquals(path + ":2: data length 9 exceeds 8 for a classic CAN frame", strict.getMessage());
    }

    @Test
    void emptyFilesReadAsEmpty() throws IOException {
        for (Path path : List.of(file("zero", new byte[0]), file("blank", "\n\n  \r\n"))) {
            assertEquals(TraceFormat.EMPTY, Traces.detect(path));
            ReadReport report = Traces.read(path, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.STRICT);
            assertEquals(0, report.frames());
            assertEquals(TraceFormat.EMPTY, report.format());
        }
    }

    @Test
    void binaryGarbageIsRefusedWithTheReason() throws IOException {
        byte[] garbage = new byte[10_000];
        new Random(1).nextBytes(garbage);
        Path path = file("garbage.bin", garbage);
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> Traces.detect(path));
        assertTrue(e.getMessage().startsWith(path + ": binary content, not a known trace format"), e.getMessage());
        Path text = file("prose.txt", "Dear integrator,\nplease find the log attached.\n");
        e = assertThrows(TraceFormatException.class, () -> Traces.detect(text));
        assertEquals(text + ":1: not a known trace format (candump, ASC, TRC, SavvyCAN CSV, serial dump or trace"
                + " store); first line: 'Dear integrator,'", e.getMessage());
    }

    @Test
    void truncatedLastLineIsReadWhenWholeAndReportedWhenCut() throws IOException {
        Path whole = file("whole.log", "(1.000000) can0 351#11\n(2.000000) can0 351#2233");
        ReadReport report = Traces.read(whole, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.LENIENT);
        assertEquals(2, report.frames());
        assertEquals("the last line has no line end", report.note());
        Path cut = file("cut.log", "(1.000000) can0 351#11\n(2.000000) can0 351#223");
        report = Traces.read(cut, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.LENIENT);
        assertEquals(1, report.frames());
        assertEquals(List.of(cut + ":2: odd number of hex digits in the data"), report.problems());
        Path cutInTime = file("cut2.log", "(1.000000) can0 351#11\n(2.0000");
        report = Traces.read(cutInTime, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.LENIENT);
        assertEquals(1, report.frames());
        assertEquals(1, report.skippedLines());
    }

    @Test
    void mixedAndOldMacLineEndings() throws IOException {
        Path mixed = file("mixed.log", "(1.000000) can0 351#11\r\n(2.000000) can0 351#22\n\r\n(3.000000) can0 351#33\r\n");
        List<TraceRecord> records = Traces.readAll(mixed, ReadOptions.STRICT);
        assertEquals(3, records.size());
        assertEquals(0x33, records.get(2).byteAt(0));
        Path mac = file("mac.log", "(1.000000) can0 351#11\r(2.000000) can0 351#22\r");
        assertEquals(2, Traces.readAll(mac, ReadOptions.STRICT).size());
        Path console = file("console.txt", "  can0  351   [1]  11\r\n  can0  352   [1]  22\n");
        assertEquals(TraceFormat.CANDUMP_CONSOLE, Traces.detect(console));
        assertEquals(2, Traces.readAll(console, ReadOptions.STRICT).size());
    }

    @Test
    void linesLongerThanTheChunkAreSkippedNotFatal() throws IOException {
        StringBuilder text = new StringBuilder("(1.000000) can0 351#11\n(2.000000) can0 351#");
        text.append("A".repeat(9 << 20)).append("\n(3.000000) can0 351#33\n");
        Path path = file("long.log", text.toString());
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(path, TraceFilesTest.collect(records), ReadOptions.LENIENT);
        assertEquals(2, report.frames());
        assertEquals(List.of(path + ":2: line longer than 8 MiB"), report.problems());
        assertEquals(3, report.lines());
        assertEquals(0x33, records.get(1).byteAt(0));
    }

    @Test
    void manyLinesAcrossChunkBoundariesKeepTheirNumbers() throws IOException {
        StringBuilder text = new StringBuilder();
        int lines = 400_000; // ~12 MB: more than one 8 MiB chunk
        for (int i = 1; i <= lines; i++) {
            text.append(i == 333_333 ? "(x) broken\n" : "(1.000000) can0 351#1122334455667788\n");
        }
        Path path = file("many.log", text.toString());
        ReadReport report = Traces.read(path, TraceFilesTest.collect(new ArrayList<>()), ReadOptions.LENIENT);
        assertEquals(lines - 1, report.frames());
        assertEquals(List.of(path + ":333333: bad timestamp: '(x) broken'"), report.problems());
    }
}
