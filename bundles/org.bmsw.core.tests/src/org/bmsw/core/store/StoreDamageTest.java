package org.bmsw.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged bytes in a store: the reader checks every length and index it reads, keeps every record before the
 * damage and names the byte offset. The header of the stores here is 80 bytes (profile "pylontech-us2000", can0
 * and ttyUSB0), so the first block's slots start at byte 112, 32 bytes each.
 */
class StoreDamageTest {

    private static final int FIRST_SLOT = 80 + 32;

    @TempDir
    Path dir;

    private final List<TraceRecord> records = List.of(TraceRecord.can(1_000, "can0", 0x351, (byte) 1, (byte) 2),
            TraceRecord.can(2_000, "can0", 0x355, (byte) 3),
            new TraceRecord(3_000, "can0", BusKind.CAN, 0x123, FrameFlags.FD, new byte[16]),
            TraceRecord.serial(4_000, "ttyUSB0", false, (byte) 0x7E, (byte) 0x0D),
            TraceRecord.can(5_000, "can0", 0x356, (byte) 4));

    private Path store(String name) throws IOException {
        Path path = dir.resolve(name);
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 1_700_000_000_000_000_000L, "pylontech-us2000",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000),
                        new StoreChannel("ttyUSB0", BusKind.SERIAL, 9600)))) {
            for (TraceRecord record : records) {
                writer.append(record);
            }
        }
        return path;
    }

    private static void patch(Path path, int offset, ByteBuffer bytes) throws IOException {
        byte[] content = Files.readAllBytes(path);
        bytes.flip();
        bytes.get(content, offset, bytes.remaining());
        Files.write(path, content);
    }

    private static ByteBuffer u16(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value);
    }

    private static ByteBuffer u32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    }

    private static List<TraceRecord> readAll(TraceStore store) {
        List<TraceRecord> read = new ArrayList<>();
        StoreCursor cursor = store.cursor();
        while (cursor.next()) {
            read.add(cursor.toRecord());
        }
        return read;
    }

    @Test
    void aChannelIndexPastTheChannelsEndsTheRecordsBeforeIt() throws IOException {
        Path path = store("channel.bmst");
        int slot = FIRST_SLOT + 2 * 32;
        patch(path, slot + 14, u16(7));
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(2, store.size());
            assertEquals(records.subList(0, 2), readAll(store));
            assertEquals("damaged bytes at byte " + slot + " (record 3: channel index 7 of 2 channels)",
                    store.tailProblem());
            assertEquals(Files.size(path) - slot, store.droppedTailBytes());
        }
    }

    @Test
    void aPayloadLengthOverTheLimitOrPastTheSideAreaIsDamage() throws IOException {
        Path path = store("length.bmst");
        patch(path, FIRST_SLOT + 32 + 16, u16(5000));
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(records.subList(0, 1), readAll(store));
            assertEquals("damaged bytes at byte " + (FIRST_SLOT + 32) + " (record 2: payload length 5000 over 4096)",
                    store.tailProblem());
        }
        Path side = store("side.bmst");
        patch(side, FIRST_SLOT + 2 * 32 + 20, u32(0x7FFF_FFF0));
        try (TraceStore store = TraceStore.open(side)) {
            assertEquals(records.subList(0, 2), readAll(store));
            assertEquals("damaged bytes at byte " + (FIRST_SLOT + 64) + " (record 3: payload at side offset "
                    + 0x7FFF_FFF0 + " runs past the block's 8 side bytes)", store.tailProblem());
        }
    }

    @Test
    void aRecordBreakingTheFrameRulesIsDamage() throws IOException {
        Path path = store("rules.bmst");
        patch(path, FIRST_SLOT + 4 * 32 + 12, u16(FrameFlags.FD_BRS)); // BRS on a classic frame
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(records.subList(0, 4), readAll(store));
            assertEquals("damaged bytes at byte " + (FIRST_SLOT + 128)
                    + " (record 5: a CAN frame of 1 bytes with flags FD_BRS)", store.tailProblem());
        }
    }

    @Test
    void headerLengthsAreCheckedBeforeAnythingIsAllocated() throws IOException {
        Path huge = store("huge.bmst");
        patch(huge, 12, u32(0x7FFF_FFFF));
        assertEquals(huge + ": trace store header is truncated (" + Files.size(huge) + " bytes in the file)",
                assertThrows(IOException.class, () -> TraceStore.open(huge)).getMessage());
        Path channels = store("channels.bmst");
        patch(channels, 28, u32(-2));
        assertEquals(channels + ": byte 28: channel count 4294967294 is outside 0-65535",
                assertThrows(IOException.class, () -> TraceStore.open(channels)).getMessage());
        Path name = store("name.bmst");
        patch(name, 50 + 5, u16(300)); // can0's name length
        assertEquals(name + ": byte 55: trace store header: a channel name of 300 bytes runs past its limit of 255",
                assertThrows(IOException.class, () -> TraceStore.open(name)).getMessage());
        Path bus = store("bus.bmst");
        patch(bus, 50, ByteBuffer.allocate(1).put((byte) 9));
        assertEquals(bus + ": byte 50: trace store header: unknown bus kind 9",
                assertThrows(IOException.class, () -> TraceStore.open(bus)).getMessage());
        Path more = store("more.bmst");
        patch(more, 28, u32(3)); // a third channel that is not there
        assertEquals(more + ": byte 75: trace store header: a channel declaration cut short",
                assertThrows(IOException.class, () -> TraceStore.open(more)).getMessage());
    }
}
