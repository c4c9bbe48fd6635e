package org.bmsw.core.store;

import java.nio.MappedByteBuffer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;

/**
 * A non-allocating view of one row of a {@link TraceStore} at a time, for decoders that run over millions of
 * rows: the accessors read straight from the mapped file and {@link #payload(byte[], int)} copies into the
 * caller's buffer.
 *
 * <pre>
 * StoreCursor cursor = store.cursor();
 * while (cursor.next()) { if (cursor.identifier() == 0x356) { cursor.payload(buffer, 0); ... } }
 * </pre>
 */
public final class StoreCursor {

    private final TraceStore store;
    private int block = -1;
    private long blockFirstRow;
    private int blockRecords;
    private int index = -1;
    private MappedByteBuffer region;
    private int blockBase;
    private int slot;
    private int sideStart;

    StoreCursor(TraceStore store) {
        this.store = store;
    }

    /** Moves to the next row; false (and no current row) after the last. */
    public boolean next() {
        if (block >= 0 && index + 1 < blockRecords) {
            index++;
            slot += StoreLayout.SLOT_BYTES;
            return true;
        }
        if (block + 1 >= store.blockCount()) {
            index = blockRecords; // past the end
            return false;
        }
        enterBlock(block + 1, 0);
        return true;
    }

    /** Moves to row {@code row} (0-based); fails when there is no such row. */
    public void moveTo(long row) {
        if (row < 0 || row >= store.size()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + store.size());
        }
        int target = store.blockOf(row);
        enterBlock(target, (int) (row - store.blockFirstRow(target)));
    }

    /** Moves so that {@link #next()} gives row {@code row} first. */
    public void moveBefore(long row) {
        if (row <= 0) {
            block = -1;
            index = -1;
            return;
        }
        moveTo(row - 1);
    }

    private void enterBlock(int newBlock, int newIndex) {
        block = newBlock;
        blockFirstRow = store.blockFirstRow(newBlock);
        blockRecords = store.blockRecords(newBlock);
        region = store.blockRegion(newBlock);
        blockBase = store.blockPositionInRegion(newBlock);
        sideStart = blockBase + store.blockSideStart(newBlock);
        index = newIndex;
        slot = blockBase + StoreLayout.BLOCK_HEADER_BYTES + newIndex * StoreLayout.SLOT_BYTES;
    }

    /** The current row number. */
    public long row() {
        return blockFirstRow + index;
    }

    public long timestampNs() {
        return region.getLong(slot + StoreLayout.SLOT_TIMESTAMP);
    }

    public int identifier() {
        return region.getInt(slot + StoreLayout.SLOT_IDENTIFIER);
    }

    /** {@link org.bmsw.core.record.FrameFlags} bits. */
    public int flags() {
        return Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_FLAGS));
    }

    /** Index into {@link TraceStore#channels()}. */
    public int channelIndex() {
        return Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_CHANNEL));
    }

    public BusKind bus() {
        return store.channel(channelIndex()).bus();
    }

    public int length() {
        return Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_LENGTH));
    }

    /** Payload byte {@code i} (unsigned), without copying the payload. */
    public int byteAt(int i) {
        if (i < StoreLayout.INLINE_BYTES) {
            return region.get(slot + StoreLayout.SLOT_INLINE + i) & 0xFF;
        }
        return region.get(sideBase() + i - StoreLayout.INLINE_BYTES) & 0xFF;
    }

    /** The first 8 payload bytes as a little-endian long (bytes past the length are 0): a fast path for decoders. */
    public long inlinePayload() {
        return region.getLong(slot + StoreLayout.SLOT_INLINE);
    }

    /** Copies the payload into {@code target[offset..]} and returns its length. */
    public int payload(byte[] target, int offset) {
        int length = length();
        region.get(slot + StoreLayout.SLOT_INLINE, target, offset, Math.min(length, StoreLayout.INLINE_BYTES));
        if (length > StoreLayout.INLINE_BYTES) {
            region.get(sideBase(), target, offset + StoreLayout.INLINE_BYTES, length - StoreLayout.INLINE_BYTES);
        }
        return length;
    }

    private int sideBase() {
        return sideStart + region.getInt(slot + StoreLayout.SLOT_SIDE_OFFSET);
    }

    /** The current row as a record (allocates). */
    public TraceRecord toRecord() {
        byte[] payload = new byte[length()];
        payload(payload, 0);
        StoreChannel channel = store.channel(channelIndex());
        return new TraceRecord(timestampNs(), channel.name(), channel.bus(), identifier(), flags(), payload);
    }
}
