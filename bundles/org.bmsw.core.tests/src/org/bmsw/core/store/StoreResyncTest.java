package org.bmsw.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage in the middle of a store: the reader skips the damaged block, resumes at the next valid one (found by its
 * header magic at an 8-byte boundary, its trailer and its checksum) and reports the bytes and frames lost. The
 * stores here hold 21,000 classic frames on can0: blocks of 8192, 8192 and 4616 records after a 48-byte header.
 */
class StoreResyncTest {

    private static final int FRAMES = 21_000;
    private static final int HEADER = 48; // "can0" only, no profile
    private static final int FULL_BLOCK = 32 + 8192 * 32 + 16;

    @TempDir
    Path dir;

    private final List<TraceRecord> records = frames();

    private static List<TraceRecord> frames() {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            records.add(TraceRecord.can(1_000_000L * i, "can0", 0x351 + i % 8, (byte) i, (byte) (i >> 8),
                    (byte) 0xA5));
        }
        return records;
    }

    private Path store(String name, int version) throws IOException {
        Path path = dir.resolve(name);
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000)), version)) {
            for (TraceRecord record : records) {
                writer.append(record);
            }
        }
        assertEquals(HEADER + 2L * FULL_BLOCK + 32 + 4616 * 32 + 16, Files.size(path));
        return path;
    }

    private static void zero(Path path, long offset, int length) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.allocate(length), offset);
        }
    }

    private static List<TraceRecord> readAll(TraceStore store) {
        List<TraceRecord> read = new ArrayList<>();
        StoreCursor cursor = store.cursor();
        while (cursor.next()) {
            read.add(cursor.toRecord());
        }
        return read;
    }

    private List<TraceRecord> without(int from, int to) {
        List<TraceRecord> kept = new ArrayList<>(records.subList(0, from));
        kept.addAll(records.subList(to, FRAMES));
        return kept;
    }

    @Test
    void sixtyFourZeroedBytesInTheMiddleLoseTheirBlockAndAlterNothing() throws IOException {
        Path path = store("zeroed.bmst", TraceStoreWriter.FORMAT_VERSION);
        long secondBlock = HEADER + FULL_BLOCK;
        zero(path, secondBlock + 32 + 1000 * 32 + 8, 64); // inside slots 1000-1002 of the second block
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(FRAMES - 8192, store.size());
            assertEquals(without(8192, 16_384), readAll(store), "every other frame back, none altered");
            assertEquals(1, store.problems().size());
            StoreProblem problem = store.problems().get(0);
            assertEquals(secondBlock, problem.offset());
            assertEquals(FULL_BLOCK, problem.bytesLost());
            assertEquals(8192, problem.framesLost());
            assertTrue(problem.framesExact());
            assertTrue(problem.describe().matches("byte " + secondBlock + ": a block checksum mismatch \\(stored "
                    + "[0-9a-f]{8}, computed [0-9a-f]{8}\\): 8192 frames \\(" + FULL_BLOCK + " bytes\\) lost"),
                    problem.describe());
            assertEquals(0, store.droppedTailBytes());
            assertEquals(records.get(16_384), store.record(8192), "row numbers continue after the gap");
            assertEquals(8192, store.seek(records.get(16_384).timestampNs()));
        }
    }

    @Test
    void oneBadBlockHeaderLosesOnlyThatBlock() throws IOException {
        Path path = store("header.bmst", TraceStoreWriter.FORMAT_VERSION);
        long secondBlock = HEADER + FULL_BLOCK;
        zero(path, secondBlock, 32);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(without(8192, 16_384), readAll(store));
            assertEquals(List.of(new StoreProblem(secondBlock, FULL_BLOCK, 8192, true, "no block header")),
                    store.problems());
        }
    }

    @Test
    void damageAcrossABlockBoundaryLosesBothBlocksCounted() throws IOException {
        Path path = store("boundary.bmst", TraceStoreWriter.FORMAT_VERSION);
        long secondBlock = HEADER + FULL_BLOCK;
        zero(path, secondBlock - 32, 64); // the first block's trailer and half of the second block's header
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(records.subList(16_384, FRAMES), readAll(store));
            assertEquals(List.of(new StoreProblem(HEADER, 2L * FULL_BLOCK, 16_384, true,
                    "a block whose trailer does not match its header")), store.problems());
        }
    }

    @Test
    void damageInTheLastBlockIsReportedAndNothingAltered() throws IOException {
        Path path = store("last.bmst", TraceStoreWriter.FORMAT_VERSION);
        long thirdBlock = HEADER + 2L * FULL_BLOCK;
        zero(path, thirdBlock + 32 + 100 * 32, 64);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(records.subList(0, 16_384), readAll(store));
            assertEquals(1, store.problems().size());
            assertEquals(4616, store.problems().get(0).framesLost());
            assertEquals(4616, store.framesLost());
        }
    }

    @Test
    void aVersionOneStoreStillOpens() throws IOException {
        Path path = store("v1.bmst", 1);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(1, store.header().formatVersion());
            assertEquals(records, readAll(store));
            assertEquals(List.of(), store.problems());
        }
    }

    @Test
    void aVersionOneStoreWithoutChecksumsStillSkipsSlotsThatBreakTheRules() throws IOException {
        Path path = store("v1-zeroed.bmst", 1);
        long secondBlock = HEADER + FULL_BLOCK;
        zero(path, secondBlock + 32 + 1000 * 32 + 8, 64); // two slots lose their record marker
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(without(8192, 16_384), readAll(store), "no 000# frames");
            assertEquals(List.of(new StoreProblem(secondBlock, FULL_BLOCK, 8192, true,
                    "record 1001 of the block: no record marker")), store.problems());
        }
    }

    @Test
    void aFollowerSkipsDamageAndKeepsFollowing() throws IOException {
        Path path = store("follow.bmst", TraceStoreWriter.FORMAT_VERSION);
        byte[] whole = Files.readAllBytes(path);
        long secondBlock = HEADER + FULL_BLOCK;
        Path growing = dir.resolve("growing.bmst");
        byte[] firstPart = java.util.Arrays.copyOf(whole, (int) secondBlock + FULL_BLOCK + 100);
        java.util.Arrays.fill(firstPart, (int) secondBlock + 40, (int) secondBlock + 104, (byte) 0);
        Files.write(growing, firstPart);
        try (TraceStore store = TraceStore.open(growing)) {
            assertEquals(8192 + 2, store.size(), "the first block and the two whole slots of the third");
            assertEquals(2, store.problems().size(), "the damage, then the third block still being written");
            Files.write(growing, java.util.Arrays.copyOfRange(whole, firstPart.length, whole.length),
                    StandardOpenOption.APPEND);
            assertEquals(FRAMES - 8192, store.refresh());
            assertEquals(without(8192, 16_384), readAll(store));
            assertEquals(1, store.problems().size(), "the damage is reported once");
            assertEquals(8192, store.framesLost());
        }
    }
}
