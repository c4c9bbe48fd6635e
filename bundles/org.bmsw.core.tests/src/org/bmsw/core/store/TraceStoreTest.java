package org.bmsw.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {

    @TempDir
    Path dir;

    private static final List<StoreChannel> CHANNELS = List.of(new StoreChannel("can0", BusKind.CAN, 500_000),
            new StoreChannel("ttyUSB0", BusKind.SERIAL, 9600));

    /** Random records of every kind on can0/ttyUSB0, time mostly increasing, payloads up to 4096 bytes. */
    static List<TraceRecord> randomRecords(Random random, int count) {
        List<TraceRecord> records = new ArrayList<>();
        long time = 1_700_000_000_000_000_000L;
        for (int i = 0; i < count; i++) {
            time += random.nextInt(2_000_000);
            int kind = random.nextInt(10);
            if (kind == 0) {
                byte[] chunk = new byte[random.nextInt(10) == 0 ? random.nextInt(4097) : random.nextInt(40)];
                random.nextBytes(chunk);
                records.add(TraceRecord.serial(time, "ttyUSB0", random.nextBoolean(), chunk));
            } else if (kind == 1) {
                int[] lengths = { 12, 16, 20, 24, 32, 48, 64 };
                byte[] payload = new byte[lengths[random.nextInt(lengths.length)]];
                random.nextBytes(payload);
                records.add(new TraceRecord(time, "can0", BusKind.CAN, random.nextInt(0x800),
                        FrameFlags.FD | FrameFlags.FD_BRS, payload));
            } else {
                byte[] payload = new byte[random.nextInt(9)];
                random.nextBytes(payload);
                int id = random.nextInt(TraceRecord.MAX_EXTENDED_ID + 1);
                records.add(new TraceRecord(time, "can0", BusKind.CAN, id,
                        id > 0x7FF ? FrameFlags.EXTENDED : random.nextBoolean() ? FrameFlags.TX : 0, payload));
            }
        }
        return records;
    }

    private Path write(String name, List<TraceRecord> records, int flushEvery) throws IOException {
        Path path = dir.resolve(name);
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 1_700_000_000_000_000_000L, "pylontech-us2000",
                CHANNELS)) {
            for (int i = 0; i < records.size(); i++) {
                writer.append(records.get(i));
                if (flushEvery > 0 && i % flushEvery == flushEvery - 1) {
                    writer.flush();
                }
            }
        }
        return path;
    }

    private static List<TraceRecord> readAll(TraceStore store) {
        List<TraceRecord> records = new ArrayList<>();
        StoreCursor cursor = store.cursor();
        while (cursor.next()) {
            records.add(cursor.toRecord());
        }
        return records;
    }

    @Test
    void headerRoundTrips() throws IOException {
        Path path = write("h.bmst", List.of(TraceRecord.can(5, "can0", 0x351, (byte) 1),
                TraceRecord.can(6, "can7", 0x351, (byte) 2)), 0);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(new StoreHeader(TraceStoreWriter.FORMAT_VERSION, 1_700_000_000_000_000_000L, "pylontech-us2000", CHANNELS), store.header());
            assertEquals(List.of(CHANNELS.get(0), CHANNELS.get(1), new StoreChannel("can7", BusKind.CAN, 0)),
                    store.channels());
            assertEquals(2, store.size());
            assertEquals(0, store.droppedTailBytes());
            assertEquals("can7", store.record(1).channel());
        }
    }

    @Test
    void randomRecordsSurviveWithFullAndShortBlocks() throws IOException {
        Random random = new Random(42);
        for (int flushEvery : new int[] { 0, 1, 777 }) {
            List<TraceRecord> records = randomRecords(random, 20_000);
            try (TraceStore store = TraceStore.open(write("r" + flushEvery + ".bmst", records, flushEvery))) {
                assertEquals(records.size(), store.size());
                assertEquals(records, readAll(store), "flush every " + flushEvery);
                for (int i = 0; i < 200; i++) { // random access
                    int row = random.nextInt(records.size());
                    assertEquals(records.get(row), store.record(row), "row " + row);
                }
            }
        }
    }

    @Test
    void cursorReadsWithoutCopyingIntoRecords() throws IOException {
        byte[] fd = new byte[64];
        for (int i = 0; i < fd.length; i++) {
            fd[i] = (byte) i;
        }
        List<TraceRecord> records = List.of(TraceRecord.can(10, "can0", 0x356, (byte) 0x84, (byte) 0x13),
                new TraceRecord(20, "can0", BusKind.CAN, 0x123, FrameFlags.FD | FrameFlags.FD_ESI, fd));
        try (TraceStore store = TraceStore.open(write("c.bmst", records, 0))) {
            StoreCursor cursor = store.cursor();
            assertTrue(cursor.next());
            assertEquals(0x356, cursor.identifier());
            assertEquals(2, cursor.length());
            assertEquals(0x1384L, cursor.inlinePayload());
            assertTrue(cursor.next());
            byte[] buffer = new byte[70];
            assertEquals(64, cursor.payload(buffer, 3));
            assertEquals(63, buffer[3 + 63]);
            assertEquals(40, cursor.byteAt(40));
            assertEquals(FrameFlags.FD | FrameFlags.FD_ESI, cursor.flags());
            assertEquals(BusKind.CAN, cursor.bus());
            assertEquals(1, cursor.row());
            assertFalse(cursor.next());
            cursor.moveBefore(1);
            assertTrue(cursor.next());
            assertEquals(1, cursor.row());
            assertThrows(IndexOutOfBoundsException.class, () -> cursor.moveTo(2));
        }
    }

    @Test
    void seekFindsTheFirstRowAtOrAfterATime() throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            records.add(TraceRecord.can(1000L * i, "can0", 0x351));
        }
        try (TraceStore store = TraceStore.open(write("s.bmst", records, 0))) {
            assertEquals(0, store.seek(Long.MIN_VALUE));
            assertEquals(0, store.seek(0));
            assertEquals(1, store.seek(1));
            assertEquals(12_345, store.seek(12_345_000));
            assertEquals(12_346, store.seek(12_345_001));
            assertEquals(49_999, store.seek(49_999_000));
            assertEquals(50_000, store.seek(49_999_001));
        }
    }

    @Test
    void seekOnOutOfOrderTimesUsesTheRunningMaximum() throws IOException {
        long[] times = { 10, 30, 20, 40, 35, 50 };
        List<TraceRecord> records = new ArrayList<>();
        for (long time : times) {
            records.add(TraceRecord.can(time, "can0", 0x351));
        }
        try (TraceStore store = TraceStore.open(write("o.bmst", records, 2))) {
            assertEquals(1, store.seek(25)); // 30 is the first time reaching 25
            assertEquals(3, store.seek(36)); // 35 at row 4 comes after 40 at row 3
            assertEquals(5, store.seek(45));
        }
    }

    /** Cuts a store at every byte of its last blocks, as a killed capture would leave it. */
    @Test
    void aStoreCutAnywhereReopensWithEveryCompleteRecord() throws IOException {
        List<TraceRecord> records = randomRecords(new Random(3), 300);
        Path path = write("k.bmst", records, 100); // blocks of 100 records
        byte[] whole = Files.readAllBytes(path);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(300, store.size());
        }
        // where the last block starts: the trailer's last 8 bytes hold it
        long thirdBlock = java.nio.ByteBuffer.wrap(whole, whole.length - 8, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        for (long cut = thirdBlock - 1; cut < whole.length; cut += 7) {
            Path cutFile = dir.resolve("cut.bmst");
            Files.write(cutFile, java.util.Arrays.copyOf(whole, (int) cut));
            try (TraceStore store = TraceStore.open(cutFile)) {
                long complete = store.size();
                assertTrue(complete >= 200 && complete <= 300, "cut " + cut + ": " + complete);
                List<TraceRecord> read = readAll(store);
                assertEquals(records.subList(0, (int) complete), read, "cut at " + cut);
                // every record whose slot (and payload tail) was fully in the file is back
                long slotsInFile = Math.max(0, (cut - thirdBlock - 32) / 32);
                if (cut >= thirdBlock + 32 && complete < 300) {
                    assertTrue(complete - 200 <= slotsInFile, "cut " + cut);
                    boolean anyLong = records.subList(200, 300).stream().anyMatch(r -> r.length() > 8);
                    if (!anyLong) {
                        assertEquals(Math.min(100, slotsInFile), complete - 200, "cut " + cut);
                    }
                }
                if (cut < whole.length) {
                    // bytes past the recovered records (0 when only the trailer was missing)
                    assertTrue(store.droppedTailBytes() >= 0, "cut " + cut);
                    assertFalse(store.tailProblem().isEmpty(), "cut " + cut);
                }
            }
        }
    }

    @Test
    void aTornBlockOfShortFramesGivesBackEveryWholeSlot() throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            records.add(TraceRecord.can(i, "can0", 0x351, (byte) i));
        }
        Path path = write("t.bmst", records, 0);
        long size = Files.size(path);
        long blockStart = size - 16 - 50 * 32 - 32;
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.truncate(blockStart + 32 + 17 * 32 + 5); // header, 17 whole slots and 5 bytes of the 18th
        }
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(17, store.size());
            assertEquals(records.subList(0, 17), readAll(store));
            assertEquals(5, store.droppedTailBytes());
            assertEquals("a block cut short after 17 of its 50 records at byte " + blockStart, store.tailProblem());
        }
    }

    @Test
    void aReaderFollowsAWriterThroughRefresh() throws IOException {
        Random random = new Random(7);
        List<TraceRecord> records = randomRecords(random, 30_000);
        Path path = dir.resolve("live.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 1_700_000_000_000_000_000L, "", CHANNELS)) {
            writer.flush();
            try (TraceStore store = TraceStore.open(path)) {
                assertEquals(0, store.size());
                StoreCursor follower = store.cursor(); // made before any refresh, it must keep working
                List<TraceRecord> followed = new ArrayList<>();
                int written = 0;
                while (written < records.size()) {
                    int batch = Math.min(records.size() - written, 1 + random.nextInt(3000));
                    for (int i = 0; i < batch; i++) {
                        writer.append(records.get(written++));
                    }
                    assertEquals(written - batch, store.refresh(), "nothing flushed yet is seen");
                    writer.flush();
                    assertEquals(written, store.refresh());
                    while (follower.next()) {
                        followed.add(follower.toRecord());
                    }
                    assertEquals(written, followed.size());
                }
                assertEquals(records, followed);
                assertEquals(records, readAll(store));
                assertEquals(records.get(12_345), store.record(12_345));
                assertEquals(store.seek(records.get(20_000).timestampNs()), TraceStore.open(path).seek(
                        records.get(20_000).timestampNs()), "the index after refreshes is the index of a fresh open");
            }
        }
    }

    @Test
    void refreshFinishesABlockThatWasCutShortAtOpen() throws IOException {
        List<TraceRecord> records = new ArrayList<>(); // short frames, no side area: half the file is half the slots
        for (int i = 0; i < 5000; i++) {
            records.add(TraceRecord.can(1_000_000L * i, "can0", 0x351 + i % 8, (byte) i, (byte) (i >> 8)));
        }
        byte[] whole = Files.readAllBytes(write("whole.bmst", records, 0));
        Path growing = dir.resolve("growing.bmst");
        Files.write(growing, java.util.Arrays.copyOf(whole, whole.length / 2)); // the writer is halfway
        try (TraceStore store = TraceStore.open(growing)) {
            long seenAtOpen = store.size();
            assertTrue(seenAtOpen > 0 && seenAtOpen < records.size(), "a prefix of the torn block: " + seenAtOpen);
            assertTrue(store.droppedTailBytes() > 0);
            assertEquals(records.subList(0, (int) seenAtOpen), readAll(store));
            Files.write(growing, java.util.Arrays.copyOfRange(whole, whole.length / 2, whole.length),
                    StandardOpenOption.APPEND);
            assertEquals(records.size(), store.refresh());
            assertEquals(0, store.droppedTailBytes());
            assertEquals(records, readAll(store));
        }
    }

    @Test
    void notAStoreIsRefusedWithThePath() throws IOException {
        Path path = dir.resolve("x.bmst");
        Files.writeString(path, "(1.0) can0 351#11\n");
        IOException e = assertThrows(IOException.class, () -> TraceStore.open(path));
        assertEquals(path + ": not a BMS Workbench trace store (no BMSWSTOR header)", e.getMessage());
    }

    @Test
    void emptyStoreOpens() throws IOException {
        Path path = write("e.bmst", List.of(), 0);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(0, store.size());
            assertFalse(store.cursor().next());
            assertEquals(0, store.seek(5));
        }
    }

    @Test
    void theFirstChannelsBusIsReadFromTheStartOfTheFile() throws IOException {
        // channels in the header: the first one's bus
        assertEquals(java.util.Optional.of(BusKind.CAN), TraceStore.firstChannelBus(write("h.bmst", List.of(), 0)));
        Path serialFirst = dir.resolve("s.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(serialFirst, 0, "", List.of(new StoreChannel(
                "ttyUSB0", BusKind.SERIAL, 9600)))) {
            writer.append(TraceRecord.serial(1, "ttyUSB0", false, (byte) 0x7E));
        }
        assertEquals(java.util.Optional.of(BusKind.SERIAL), TraceStore.firstChannelBus(serialFirst));
        // no channel in the header: the channel block that comes first, as the full open lists it
        for (BusKind bus : BusKind.values()) {
            Path path = dir.resolve("later-" + bus + ".bmst");
            try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "", List.of())) {
                writer.addChannel(new StoreChannel("x0", bus, 0));
                writer.addChannel(new StoreChannel("x1", bus == BusKind.CAN ? BusKind.SERIAL : BusKind.CAN, 0));
            }
            assertEquals(java.util.Optional.of(bus), TraceStore.firstChannelBus(path));
            try (TraceStore store = TraceStore.open(path)) {
                assertEquals(bus, store.channels().get(0).bus());
            }
        }
        // nothing to tell from the start: empty, the full open has the answer or the reason
        Path empty = dir.resolve("empty.bmst");
        TraceStoreWriter.create(empty, 0, "", List.of()).close();
        assertEquals(java.util.Optional.empty(), TraceStore.firstChannelBus(empty));
        Path text = dir.resolve("x.log");
        Files.writeString(text, "(1.0) can0 351#11\n");
        assertEquals(java.util.Optional.empty(), TraceStore.firstChannelBus(text));
    }
}
