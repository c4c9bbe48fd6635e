package org.bmsw.core.store;

import org.bmsw.core.record.BusKind;

/**
 * The on-disk layout of a trace store, version 2 (all numbers little-endian). See the bundle README.
 *
 * <pre>
 * file   = fileHeader block*
 * fileHeader: "BMSWSTOR" | u32 version | u32 headerLength | i64 startTimeNs | u32 reserved | u32 channelCount
 *             | u16 profileLength, profile UTF-8 | channel* | zero padding to a multiple of 8
 * channel: u8 busKind (0 CAN, 1 SERIAL, 2 reserved for Modbus) | u32 bitRate | u16 nameLength, name UTF-8
 * block  = blockHeader body trailer; every block starts at a multiple of 8
 * blockHeader (32): u32 kind | u32 count | u32 sideBytes | u32 crc32c | i64 minTimestampNs | i64 maxTimestampNs
 *        crc32c: CRC-32C of the block header (this field taken as 0) and the body
 * records block body: count slots of 32 bytes, then sideBytes of payload tails (padded to 8)
 * slot (32): i64 timestampNs | i32 identifier | u16 flags | u16 channel | u16 length | u8 marker | u8 0
 *            | u32 sideOffset (of payload bytes 8.. in the side area) | payload bytes 0-7 inline
 * channel block body: one channel as in the header, padded to 8; count = the new channel's index
 * trailer (16): u32 END | u32 count | i64 offset of the block's header
 * </pre>
 * Version 1 differs only in the block header: the crc32c field is 0 (no checksum) and the first timestamp field
 * holds the block's first record's time instead of its minimum. Version 1 stores still open.
 */
final class StoreLayout {

    static final byte[] FILE_MAGIC = { 'B', 'M', 'S', 'W', 'S', 'T', 'O', 'R' };
    static final int FIXED_HEADER_BYTES = 32;

    static final int BLOCK_HEADER_BYTES = 32;
    static final int TRAILER_BYTES = 16;
    static final int SLOT_BYTES = 32;

    static final int KIND_RECORDS = 0x4B_43_4F_52; // "ROCK" little-endian: records
    static final int KIND_CHANNEL = 0x4E_41_48_43; // "CHAN"
    static final int TRAILER_MAGIC = 0x44_4E_45_42; // "BEND"

    static final int HEADER_COUNT = 4;
    static final int HEADER_SIDE_BYTES = 8;
    static final int HEADER_CRC = 12;
    static final int HEADER_MIN_TIMESTAMP = 16;
    static final int HEADER_MAX_TIMESTAMP = 24;

    /** Bus kind codes of a channel declaration; the enum's order is not the file's. */
    static final int BUS_CAN = 0;
    static final int BUS_SERIAL = 1;
    /** Reserved for Modbus register records. */
    static final int BUS_MODBUS = 2;

    /** Records per full block; a full block is 256 KiB of slots. */
    static final int BLOCK_RECORDS = 8192;
    /** A block is closed early once its side area passes this, so every block fits in a mapping overlap. */
    static final int SIDE_LIMIT_BYTES = 1 << 20;
    /** Largest payload of one record (a serial chunk). */
    static final int MAX_PAYLOAD_BYTES = 4096;
    static final int MAX_BLOCK_BYTES = BLOCK_HEADER_BYTES + BLOCK_RECORDS * SLOT_BYTES + SIDE_LIMIT_BYTES
            + MAX_PAYLOAD_BYTES + 8 + TRAILER_BYTES;

    static final int SLOT_TIMESTAMP = 0;
    static final int SLOT_IDENTIFIER = 8;
    static final int SLOT_FLAGS = 12;
    static final int SLOT_CHANNEL = 14;
    static final int SLOT_LENGTH = 16;
    static final int SLOT_MARKER = 18;
    static final int SLOT_SIDE_OFFSET = 20;
    static final int SLOT_INLINE = 24;
    static final int INLINE_BYTES = 8;
    /** Written into every slot so that recovery can tell a written slot from the zeros of a torn write. */
    static final byte MARKER = 0x5A;

    private StoreLayout() {
    }

    static int pad8(int bytes) {
        return (bytes + 7) & ~7;
    }

    static int busCode(BusKind bus) {
        return switch (bus) {
            case CAN -> BUS_CAN;
            case SERIAL -> BUS_SERIAL;
        };
    }

    /** The bus kind of a code, or null for a code this build does not know. */
    static BusKind busKind(int code) {
        return switch (code) {
            case BUS_CAN -> BusKind.CAN;
            case BUS_SERIAL -> BusKind.SERIAL;
            default -> null;
        };
    }
}
