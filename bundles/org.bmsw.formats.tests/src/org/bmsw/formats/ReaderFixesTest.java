package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that once failed a whole read, now one line each, and the CSV cell escaper. */
class ReaderFixesTest {

    // STARTTIME 45244.92592592593 days since 1899-12-30 = 2023-11-14 22:13:20 UTC (to within a microsecond)
    private static final long TRC_START_NS = Math.round((45244.92592592593 - 25569.0) * 86_400_000_000.0) * 1000L;

    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return path;
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void trc21WithTheDlcColumnBeforeTheLengthColumnReadsTheByteCount() throws IOException {
        // l (DLC) before L (bytes): both read, L is the byte count; once "Index 7 out of bounds for length 7"
        Path path = file("dlc-first.trc", """
                ;$FILEVERSION=2.1
                ;$STARTTIME=45244.92592592593
                ;$COLUMNS=N,O,T,B,I,d,R,l,L,D
                      1      1059.900 FD 1      0123 Rx - 10 16    00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F
                      2      1060.000 DT 2  18FF50E5 Tx - 8  8    14 02 C0 12 C0 12 C2 01
                      3      1061.250 FB 1      0124 Rx - 15 64    %s
                """.formatted("AA ".repeat(64).trim()));
        byte[] sixtyFour = new byte[64];
        java.util.Arrays.fill(sixtyFour, (byte) 0xAA);
        Traces.Conversion conversion = Traces.convert(path, dir.resolve("out.log"), TraceFormat.CANDUMP_LOG,
                ReadOptions.STRICT);
        assertEquals(3, conversion.framesWritten());
        assertEquals(List.of(
                new TraceRecord(TRC_START_NS + 1_059_900_000, "can0", BusKind.CAN, 0x123, FrameFlags.FD,
                        bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)),
                new TraceRecord(TRC_START_NS + 1_060_000_000, "can1", BusKind.CAN, 0x18FF50E5,
                        FrameFlags.EXTENDED | FrameFlags.TX, bytes(0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01)),
                new TraceRecord(TRC_START_NS + 1_061_250_000, "can0", BusKind.CAN, 0x124,
                        FrameFlags.FD | FrameFlags.FD_BRS, sixtyFour)),
                Traces.readAll(dir.resolve("out.log"), ReadOptions.STRICT));
    }

    @Test
    void trc21WithOnlyADlcColumnDecodesCanFdLengths() throws IOException {
        Path path = file("dlc-only.trc", """
                ;$FILEVERSION=2.1
                ;$STARTTIME=45244.92592592593
                ;$COLUMNS=N,O,T,B,I,d,l,D
                      1      1059.900 FD 1      0123 Rx 9    00 01 02 03 04 05 06 07 08 09 0A 0B
                      2      1060.000 FD 1      0123 Rx 10   00 01
                """);
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(path, TraceFilesTest.collect(records), ReadOptions.LENIENT);
        assertEquals(List.of(new TraceRecord(TRC_START_NS + 1_059_900_000, "can0", BusKind.CAN, 0x123, FrameFlags.FD,
                bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))), records);
        assertEquals(List.of(path + ":5: expected 16 data bytes"), report.problems());
    }

    @Test
    void trc2FramesWithoutDataBytesRead() throws IOException {
        // found by TracePropertyTest.pcanTrc21InAnyColumnOrderReadsTheFramesWritten: no D token at all
        Path path = file("empty.trc", """
                ;$FILEVERSION=2.1
                ;$STARTTIME=45244.92592592593
                ;$COLUMNS=N,O,T,B,I,d,R,L,D
                      1      1059.900 DT 1      0351 Rx -  0
                      2      1060.000 DT 1      0352 Rx -  1    7F
                """);
        assertEquals(List.of(new TraceRecord(TRC_START_NS + 1_059_900_000, "can0", BusKind.CAN, 0x351, 0, new byte[0]),
                new TraceRecord(TRC_START_NS + 1_060_000_000, "can0", BusKind.CAN, 0x352, 0, bytes(0x7F))),
                Traces.readAll(path, ReadOptions.STRICT));
    }

    @Test
    void aChannelNameOver255BytesLosesItsLineNotTheConversion() throws IOException {
        String longName = "c".repeat(256);
        Path path = file("long.log", """
                (1700000000.000001) can0 351#1402
                (1700000000.000002) %s 351#1403
                (1700000000.000003) can0 351#1404
                (1700000000.000004) %s 351#1405
                """.formatted(longName, "d".repeat(255)));
        Traces.Conversion conversion = Traces.convert(path, dir.resolve("long.bmst"), TraceFormat.STORE,
                ReadOptions.LENIENT);
        assertEquals(3, conversion.framesWritten());
        assertEquals(1, conversion.read().skippedLines());
        assertEquals(List.of(path + ":2: channel name of 256 bytes, at most 255: '" + "c".repeat(60) + "...'"),
                conversion.read().problems());
        List<TraceRecord> stored = Traces.readAll(dir.resolve("long.bmst"), ReadOptions.STRICT);
        assertEquals(List.of("can0", "can0", "d".repeat(255)), stored.stream().map(TraceRecord::channel).toList());
        assertEquals(0x05, stored.get(2).payload()[1]);
    }

    @Test
    void moreThan65535ChannelsLoseTheLinesOfTheExtraChannels() throws IOException {
        StringBuilder text = new StringBuilder();
        int channels = 65_537;
        for (int i = 0; i < channels; i++) {
            text.append("(1700000000.").append(String.format("%06d", i % 1_000_000)).append(") ch").append(i)
                    .append(" 100#").append(String.format("%02X", i & 0xFF)).append('\n');
        }
        text.append("(1700000001.000000) ch7 101#07\n"); // a known channel still reads after the limit
        Path path = file("many.log", text.toString());
        Traces.Conversion conversion = Traces.convert(path, dir.resolve("many.bmst"), TraceFormat.STORE,
                ReadOptions.LENIENT);
        assertEquals(65_536, conversion.framesWritten());
        assertEquals(2, conversion.read().skippedLines());
        assertEquals(Map.of("too many channels", 2L), conversion.read().skippedByReason());
        assertEquals(path + ":65536: more than 65535 channels; 'ch65535' is left out",
                conversion.read().problems().get(0));
        List<TraceRecord> stored = Traces.readAll(dir.resolve("many.bmst"), ReadOptions.STRICT);
        assertEquals(65_536, stored.size());
        assertEquals("ch65534", stored.get(65_534).channel());
        assertEquals("ch7", stored.get(65_535).channel());
        assertEquals(0x101, stored.get(65_535).identifier());
    }

    @Test
    void serialDumpChannelNamesAreLimitedToo() throws IOException {
        Path path = file("long.serial", "(1700000000.000001) " + "p".repeat(300) + " RX 7E 0D\n"
                + "(1700000000.000002) ttyUSB0 TX 7E 32 0D\n");
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(path, TraceFormat.SERIAL_DUMP, TraceFilesTest.collect(records),
                ReadOptions.LENIENT);
        assertEquals(List.of(TraceRecord.serial(1_700_000_000_000_002_000L, "ttyUSB0", true, bytes(0x7E, 0x32, 0x0D))),
                records);
        assertEquals(1, report.skippedLines());
        assertTrue(report.problems().get(0).startsWith(path + ":1: channel name of 300 bytes"));
    }

    @Test
    void linesWithFarMoreDataThanAFrameHoldAreProblemsInEveryReader() throws IOException {
        String hex = "A5".repeat(5000);
        String spaced = "A5 ".repeat(5000);
        Path path = file("long-data.txt", String.join("\n",
                "(1700000000.000001) can0 351#" + hex,
                "(1700000000.000001) can0 351##1" + hex,
                "(1700000000.000001) ttyUSB0 RX " + hex,
                "  can0  351   [8]  " + spaced,
                "0.001 1 351 Rx d 8 " + spaced,
                "1700000000123456,00000351,false,Rx,0,8," + "A5,".repeat(5000),
                "     1)      1059.9  Rx         0351  8  " + spaced) + "\n");
        for (TraceFormat format : new TraceFormat[] { TraceFormat.CANDUMP_LOG, TraceFormat.CANDUMP_CONSOLE,
                TraceFormat.VECTOR_ASC, TraceFormat.PCAN_TRC, TraceFormat.SAVVYCAN_CSV, TraceFormat.SERIAL_DUMP }) {
            List<TraceRecord> records = new ArrayList<>();
            ReadReport report = Traces.read(path, format, TraceFilesTest.collect(records), ReadOptions.LENIENT);
            assertEquals(7, report.lines(), format.id());
            assertTrue(!report.skippedByReason().containsKey("internal error"), format.id() + " " + report.problems());
            assertEquals(report.frames(), records.size());
        }
    }

    @Test
    void anAscCanFdLineMarkedRemoteCarriesNoDataBytes() throws IOException {
        // found by releng/fuzz (seed 15359986597765): Vector's flags word 0x10 makes a remote classic frame out
        // of a CANFD line that lists data bytes; they were passed on and the record refused them
        Path path = file("remote.asc", """
                date Tue Nov 14 22:13:20.000 2023
                base hex  timestamps absolute
                   0.500000 CANFD   1 Rx        123                                   0 0 2  2 aa bb        0    0       10
                """);
        List<TraceRecord> records = Traces.readAll(path, ReadOptions.STRICT);
        assertEquals(1, records.size());
        assertEquals(0x123, records.get(0).identifier());
        assertEquals(FrameFlags.RTR, records.get(0).flags());
        assertEquals(2, records.get(0).payload().length);
        assertEquals(0, records.get(0).payload()[0]);
    }

    @Test
    void csvCellsEscapeFormulasButKeepNumbers() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", CsvCells.text("=HYPERLINK(\"x\")"));
        assertEquals("\"'=1+2,3\"", CsvCells.text("=1+2,3"));
        assertEquals("\"'+cmd\"", CsvCells.text("+cmd"));
        assertEquals("\"'-cmd|' /C calc'!A0\"", CsvCells.text("-cmd|' /C calc'!A0"));
        assertEquals("\"'@SUM(A1)\"", CsvCells.text("@SUM(A1)"));
        assertEquals("\"'\tx\"", CsvCells.text("\tx"));
        assertEquals("\"'-1+2\"", CsvCells.text("-1+2"));
        assertEquals("A=1", CsvCells.text("A=1"), "only the first character counts");
        assertEquals("-12.5", CsvCells.text("-12.5"));
        assertEquals("+3", CsvCells.text("+3"));
        assertEquals("-1e-3", CsvCells.text("-1e-3"));
        assertEquals("soc_pct", CsvCells.text("soc_pct"));
        assertEquals("\"a \"\"b\"\"\"", CsvCells.text("a \"b\""));
        assertEquals("", CsvCells.text(""));
        assertEquals("\"'-\"", CsvCells.text("-"));
    }
}
