package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each reader on the syntax its tools write, checked against hand-decoded records. */
class ReadersTest {

    private static final long T0 = 1_700_000_000_000_000_000L; // Tue Nov 14 22:13:20 2023 UTC

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    private static TraceRecord can(long timestampNs, String channel, int id, int flags, int... bytes) {
        byte[] payload = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            payload[i] = (byte) bytes[i];
        }
        return new TraceRecord(timestampNs, channel, BusKind.CAN, id, flags, payload);
    }

    private List<TraceRecord> read(Path path, TraceFormat expectedFormat) throws IOException {
        assertEquals(expectedFormat, Traces.detect(path));
        return Traces.readAll(path, ReadOptions.STRICT);
    }

    @Test
    void candumpLogEveryFrameKind() throws IOException {
        Path path = file("x.dat", """
                (1700000000.123456) can0 351#1402C012C012C201
                (1700000000.223456) can1 12345678#112233 T
                (1700000000.323456) can0 123#R
                (1700000000.333456) can0 123#R5
                (1700000000.423456) can0 123##1AABBCCDDEEFF001122334455
                (1700000000.523456) can0 20000004#0000080000000000
                (1700000000.623456) can0 123#
                (1700000000.723456789) can0 7FF#11.22.33 R
                (1700000000.823456) can0 123#1122334455667788_E
                """);
        List<TraceRecord> records = read(path, TraceFormat.CANDUMP_LOG);
        assertEquals(List.of(
                can(T0 + 123_456_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(T0 + 223_456_000, "can1", 0x12345678, FrameFlags.EXTENDED | FrameFlags.TX, 0x11, 0x22, 0x33),
                can(T0 + 323_456_000, "can0", 0x123, FrameFlags.RTR),
                can(T0 + 333_456_000, "can0", 0x123, FrameFlags.RTR, 0, 0, 0, 0, 0),
                can(T0 + 423_456_000, "can0", 0x123, FrameFlags.FD | FrameFlags.FD_BRS, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE,
                        0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55),
                can(T0 + 523_456_000, "can0", 4, FrameFlags.ERROR, 0, 0, 8, 0, 0, 0, 0, 0),
                can(T0 + 623_456_000, "can0", 0x123, 0),
                can(T0 + 723_456_789, "can0", 0x7FF, 0, 0x11, 0x22, 0x33),
                can(T0 + 823_456_000, "can0", 0x123, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88)), records);
    }

    @Test
    void candumpConsoleWithTimestampsDirectionsFdRemoteAndErrors() throws IOException {
        Path path = file("console.txt", """
                 (1700000000.123456)  can0  351   [8]  14 02 C0 12 C0 12 C2 01
                 (1700000000.223456)  can0  TX - -  12345678   [3]  11 22 33
                 (1700000000.323456)  can0  RX B -  123  [12]  00 01 02 03 04 05 06 07 08 09 0A 0B
                 (1700000000.423456)  can0  123   [2]  remote request
                 (1700000000.523456)  can0  20000004   [8]  00 00 08 00 00 00 00 00   ERRORFRAME
                \tcontroller-problem{rx-error-warning}
                 (2023-11-14 22:13:20.623456)  can0  35E   [8]  50 59 4C 4F 4E 20 20 20   'PYLON   '
                """);
        List<TraceRecord> records = read(path, TraceFormat.CANDUMP_CONSOLE);
        assertEquals(List.of(
                can(T0 + 123_456_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(T0 + 223_456_000, "can0", 0x12345678, FrameFlags.EXTENDED | FrameFlags.TX, 0x11, 0x22, 0x33),
                can(T0 + 323_456_000, "can0", 0x123, FrameFlags.FD | FrameFlags.FD_BRS, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
                        10, 11),
                can(T0 + 423_456_000, "can0", 0x123, FrameFlags.RTR, 0, 0),
                can(T0 + 523_456_000, "can0", 4, FrameFlags.ERROR, 0, 0, 8, 0, 0, 0, 0, 0),
                can(T0 + 623_456_000, "can0", 0x35E, 0, 0x50, 0x59, 0x4C, 0x4F, 0x4E, 0x20, 0x20, 0x20)), records);
    }

    /** As can-utils 2023.03 {@code log2asc} wrote it for the frames of {@link #candumpLogEveryFrameKind}. */
    @Test
    void vectorAscFromLog2asc() throws IOException {
        Path path = file("trace.asc", """
                date Tue Nov 14 22:13:20 2023
                base hex  timestamps absolute
                no internal events logged
                   0.000000 1  351             Rx   d 8 14 02 C0 12 C0 12 C2 01
                   0.100000 2  12345678x       Tx   d 3 11 22 33
                   0.200000 1  123             Rx   r 0
                   0.210000 1  123             Rx   r 5
                   0.300000 CANFD   1 Rx        123                                   1 0 9 12 AA BB CC DD EE FF 00 11 22 33 44 55   130000  130     3000 0 0 0 0 0
                   0.400000 1  ErrorFrame
                   0.500000 1  123             Rx   d 0
                   0.600000 1  Statistic: D 0 R 0 XD 0 XR 0 E 0 O 0 B 0.00%
                """);
        List<TraceRecord> records = read(path, TraceFormat.VECTOR_ASC);
        assertEquals(List.of(
                can(T0, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(T0 + 100_000_000, "can1", 0x12345678, FrameFlags.EXTENDED | FrameFlags.TX, 0x11, 0x22, 0x33),
                can(T0 + 200_000_000, "can0", 0x123, FrameFlags.RTR),
                can(T0 + 210_000_000, "can0", 0x123, FrameFlags.RTR, 0, 0, 0, 0, 0),
                can(T0 + 300_000_000, "can0", 0x123, FrameFlags.FD | FrameFlags.FD_BRS, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE,
                        0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55),
                can(T0 + 400_000_000, "can0", 0, FrameFlags.ERROR),
                can(T0 + 500_000_000, "can0", 0x123, 0)), records);
    }

    @Test
    void vectorAscWithVectorsOwnDateAndRelativeTimes() throws IOException {
        Path path = file("canoe.asc", """
                date Tue Nov 14 10:13:20.500 pm 2023
                base hex  timestamps relative
                internal events logged
                // version 9.0.0
                Begin Triggerblock Tue Nov 14 10:13:20.500 pm 2023
                   0.000000 Start of measurement
                   0.001000 1  351             Rx   d 2 14 02  Length = 0 BitCount = 64 ID = 849
                   0.002000 1  1ABx            Tx   d 1 FF
                End TriggerBlock
                """);
        List<TraceRecord> records = read(path, TraceFormat.VECTOR_ASC);
        assertEquals(List.of(can(T0 + 501_000_000, "can0", 0x351, 0, 0x14, 0x02),
                can(T0 + 503_000_000, "can0", 0x1AB, FrameFlags.EXTENDED | FrameFlags.TX, 0xFF)), records);
    }

    // STARTTIME 45244.92592592593 days since 1899-12-30 = 2023-11-14 22:13:20 UTC (to within a microsecond)
    private static final long TRC_START_NS = Math.round((45244.92592592593 - 25569.0) * 86_400_000_000.0) * 1000L;

    @Test
    void pcanTrcVersion11() throws IOException {
        Path path = file("v11.trc", """
                ;$FILEVERSION=1.1
                ;$STARTTIME=45244.92592592593
                ;
                ;   Message Number
                ;   |         Time Offset (ms)
                ;   |         |        Type
                ;   |         |        |        ID (hex)
                ;   |         |        |        |     Data Length
                ;   |         |        |        |     |   Data Bytes (hex) ...
                ;   |         |        |        |     |   |
                ;---+--   ----+----  --+--  ----+---  +  -+ -- -- -- -- -- -- --
                     1)      1059.9  Rx         0351  8  14 02 C0 12 C0 12 C2 01
                     2)      1283.2  Tx     18EFC034  2  AA BB
                     3)      1300.3  Rx         0100  4  RTR
                     4)      1400.0  Warng  FFFFFFFF  4  00 00 00 08  BUSHEAVY
                """);
        List<TraceRecord> records = read(path, TraceFormat.PCAN_TRC);
        assertEquals(List.of(
                can(TRC_START_NS + 1_059_900_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(TRC_START_NS + 1_283_200_000, "can0", 0x18EFC034, FrameFlags.EXTENDED | FrameFlags.TX, 0xAA, 0xBB),
                can(TRC_START_NS + 1_300_300_000, "can0", 0x100, FrameFlags.RTR, 0, 0, 0, 0)), records);
        assertTrue(Math.abs(TRC_START_NS - T0) < 2_000, "start time " + TRC_START_NS);
    }

    @Test
    void pcanTrcVersion13() throws IOException {
        Path path = file("v13.trc", """
                ;$FILEVERSION=1.3
                ;$STARTTIME=45244.92592592593
                     1)      1004.898 1  Tx        079B -  8    02 21 04 00 00 00 00 00
                     2)      1005.000 2  Rx    18FF50E5 -  3    01 02 03
                """);
        assertEquals(List.of(can(TRC_START_NS + 1_004_898_000, "can0", 0x79B, FrameFlags.TX, 2, 0x21, 4, 0, 0, 0, 0, 0),
                can(TRC_START_NS + 1_005_000_000, "can1", 0x18FF50E5, FrameFlags.EXTENDED, 1, 2, 3)),
                read(path, TraceFormat.PCAN_TRC));
    }

    @Test
    void pcanTrcVersion20() throws IOException {
        Path path = file("v20.trc", """
                ;$FILEVERSION=2.0
                ;$STARTTIME=45244.92592592593
                ;   Message   Time    Type ID     Rx/Tx
                ;   Number    Offset  |    [hex]  |  Data Length Code
                ;---+-- ------+------ +- --+----- +- +- +- -- -- -- -- -- -- --
                      1      1059.900 DT     0351 Rx 8  14 02 C0 12 C0 12 C2 01
                      2      1060.000 FB     0123 Tx 9  00 01 02 03 04 05 06 07 08 09 0A 0B
                      3      1061.000 RR 18EFC034 Rx 2
                      4      1062.000 ST          Rx    00 00 00 04
                """);
        assertEquals(List.of(
                can(TRC_START_NS + 1_059_900_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(TRC_START_NS + 1_060_000_000, "can0", 0x123, FrameFlags.FD | FrameFlags.FD_BRS | FrameFlags.TX, 0, 1,
                        2, 3, 4, 5, 6, 7, 8, 9, 10, 11),
                can(TRC_START_NS + 1_061_000_000, "can0", 0x18EFC034, FrameFlags.EXTENDED | FrameFlags.RTR, 0, 0)),
                read(path, TraceFormat.PCAN_TRC));
    }

    @Test
    void pcanTrcVersion21WithItsColumns() throws IOException {
        Path path = file("v21.trc", """
                ;$FILEVERSION=2.1
                ;$STARTTIME=45244.92592592593
                ;$COLUMNS=N,O,T,B,I,d,R,L,D
                      1      1059.900 DT 1      0351 Rx -  8    14 02 C0 12 C0 12 C2 01
                      2      1060.000 FD 2      0123 Rx - 12    00 01 02 03 04 05 06 07 08 09 0A 0B
                """);
        assertEquals(List.of(
                can(TRC_START_NS + 1_059_900_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(TRC_START_NS + 1_060_000_000, "can1", 0x123, FrameFlags.FD, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
                read(path, TraceFormat.PCAN_TRC));
    }

    @Test
    void savvycanCsvCurrentAndOldGvret() throws IOException {
        Path current = file("current.csv", """
                Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8
                1700000000123456,00000351,false,Rx,0,8,14,02,C0,12,C0,12,C2,01,
                1700000000223456,12345678,true,Tx,1,3,11,22,33,
                """);
        assertEquals(List.of(
                can(T0 + 123_456_000, "can0", 0x351, 0, 0x14, 0x02, 0xC0, 0x12, 0xC0, 0x12, 0xC2, 0x01),
                can(T0 + 223_456_000, "can1", 0x12345678, FrameFlags.EXTENDED | FrameFlags.TX, 0x11, 0x22, 0x33)),
                read(current, TraceFormat.SAVVYCAN_CSV));
        // the vector candump_and_logs-09, verbatim from SavvyCAN's examples/GVRET_Log.csv
        String row = org.bmsw.testdata.TestData.vectors("candump_and_logs.json").stream()
                .filter(v -> v.id().equals("candump_and_logs-09")).findFirst().orElseThrow().raw();
        Path old = file("old.csv", "Time Stamp,ID,Extended,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8\n" + row + "\n");
        assertEquals(List.of(can(166_064_000_000L, "can0", 0x21A, 0, 0xFE, 0x36, 0x12, 0xFE, 0x69, 0x05, 0x07, 0xAD)),
                read(old, TraceFormat.SAVVYCAN_CSV));
    }
}
