package org.bmsw.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged bytes in a store: the reader checks every block's checksum and every length, index and time it reads,
 * skips a damaged block whole (nothing altered comes back) and names the byte offset. The header of the stores here is 80 bytes (profile "pylontech-us2000", can0
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

    /** Recomputes the checksum of the block at {@code offset}, as if the writer had written the patched bytes. */
    private static void reseal(Path path, int offset) throws IOException {
        byte[] content = Files.readAllBytes(path);
        ByteBuffer block = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        int count = block.getInt(offset + 4);
        int sideBytes = block.getInt(offset + 8);
        int bodyEnd = offset + 32 + (block.getInt(offset) == StoreLayout.KIND_RECORDS ? count * 32 : 0) + sideBytes;
        block.putInt(offset + 12, 0);
        CRC32C crc = new CRC32C();
        crc.update(content, offset, bodyEnd - offset);
        block.putInt(offset + 12, (int) crc.getValue());
        Files.write(path, content);
    }

    /** A slot that breaks a rule under a valid checksum (a writer's bug): its whole block is lost, nothing altered. */
    private void assertBlockLost(Path path, String reason) throws IOException {
        reseal(path, 80);
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(List.of(), readAll(store));
            assertEquals(List.of(new StoreProblem(80, Files.size(path) - 80, 5, true, reason)), store.problems());
            assertEquals(5, store.framesLost());
        }
    }

    @Test
    void aChannelIndexPastTheChannelsLosesItsBlock() throws IOException {
        Path path = store("channel.bmst");
        patch(path, FIRST_SLOT + 2 * 32 + 14, u16(7));
        assertBlockLost(path, "record 3 of the block: channel index 7 of 2 channels");
    }

    @Test
    void aPayloadLengthOverTheLimitOrPastTheSideAreaLosesItsBlock() throws IOException {
        Path path = store("length.bmst");
        patch(path, FIRST_SLOT + 32 + 16, u16(5000));
        assertBlockLost(path, "record 2 of the block: payload length 5000 over 4096");
        Path side = store("side.bmst");
        patch(side, FIRST_SLOT + 2 * 32 + 20, u32(0x7FFF_FFF0));
        assertBlockLost(side, "record 3 of the block: payload at side offset " + 0x7FFF_FFF0
                + " runs past the block's 8 side bytes");
    }

    @Test
    void aRecordBreakingTheFrameRulesLosesItsBlock() throws IOException {
        Path path = store("rules.bmst");
        patch(path, FIRST_SLOT + 4 * 32 + 12, u16(FrameFlags.FD_BRS)); // BRS on a classic frame
        assertBlockLost(path, "record 5 of the block: a CAN frame of 1 bytes with flags FD_BRS");
    }

    @Test
    void aTimeOutsideTheBlocksRangeLosesItsBlock() throws IOException {
        Path path = store("time.bmst");
        patch(path, FIRST_SLOT + 32, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(9_000));
        assertBlockLost(path, "record 2 of the block: time 9000 ns outside the block's 1000..5000 ns");
    }

    @Test
    void aChangedByteWithoutResealingIsAChecksumMismatch() throws IOException {
        Path path = store("crc.bmst");
        patch(path, FIRST_SLOT + 24, ByteBuffer.allocate(1).put((byte) 0x77)); // 351#0102 becomes 351#7702
        try (TraceStore store = TraceStore.open(path)) {
            assertEquals(0, store.size());
            StoreProblem problem = store.problems().get(0);
            assertTrue(problem.reason().startsWith("a block checksum mismatch (stored "), problem.reason());
            assertEquals(5, problem.framesLost());
        }
    }

    @Test
    void aVersionThisBuildDoesNotKnowIsRefusedWithThePath() throws IOException {
        Path path = store("v9.bmst");
        patch(path, 8, u32(9));
        assertEquals(path + ": byte 8: trace store format version 9 is not supported (this build reads versions 1-2)",
                assertThrows(IOException.class, () -> TraceStore.open(path)).getMessage());
    }

    @Test
    void busKindCodesAreTheFormatsNotTheEnumsOrder() throws IOException {
        Path path = store("codes.bmst");
        byte[] content = Files.readAllBytes(path);
        assertEquals(0, content[50], "can0 is CAN = 0");
        assertEquals(1, content[50 + 7 + 4], "ttyUSB0 is SERIAL = 1");
        patch(path, 50, ByteBuffer.allocate(1).put((byte) 2));
        assertEquals(path + ": byte 50: trace store header: bus kind 2 (Modbus) is not supported by this build",
                assertThrows(IOException.class, () -> TraceStore.open(path)).getMessage());
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
