package org.bmsw.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;

/**
 * A trace store opened for reading: the file is memory-mapped, nothing per record lives on the heap.
 * <p>
 * Opening walks the block headers once (one per 8192 records), which gives row N in O(1) (O(log blocks) when
 * early flushes left short blocks) and {@link #seek(long)} in O(log n). A file cut short by a crash opens with
 * every completely written record; {@link #droppedTailBytes()} says how much was left behind. The view is the
 * file as it was at {@link #open(Path)} until {@link #refresh()} picks up what a writer has flushed since, which is
 * how a viewer follows a live capture.
 */
public final class TraceStore implements Closeable {

    /** Most channels a store numbers (slots hold a u16 index). */
    static final int MAX_CHANNELS = 0xFFFF;
    /** Longest channel name, in UTF-8 bytes. */
    static final int MAX_CHANNEL_NAME_BYTES = 255;
    private static final int CHANNEL_MAX_BYTES = 7 + MAX_CHANNEL_NAME_BYTES;
    /** The largest header the format allows: longest profile name, most channels with the longest names. */
    static final int MAX_HEADER_BYTES = StoreLayout.pad8(StoreLayout.FIXED_HEADER_BYTES + 2 + 0xFFFF
            + MAX_CHANNELS * CHANNEL_MAX_BYTES);

    /** Bytes per mapping; blocks starting in a region end in its overlap, so no block straddles two mappings. */
    static final long REGION_BYTES = 1L << 30;
    private static final long OVERLAP_BYTES = StoreLayout.MAX_BLOCK_BYTES + 4096L;

    private final Path path;
    private final FileChannel file;
    private long fileSize;
    private final StoreHeader header;
    private final List<StoreChannel> channels;
    private MappedByteBuffer[] regions;
    // where the walk of the blocks stopped: the end of the last complete block, and whether the block there was
    // torn (its recovered prefix is the last index entry, to be walked again once the writer has finished it)
    private long walkedUpToOffset;
    private boolean lastBlockTorn;
    private long lastRunningMaxNs = Long.MIN_VALUE;
    // one entry per record block: the sparse index
    private int blockCount;
    private long[] blockOffset = new long[64];
    private long[] blockFirstRow = new long[64];
    private int[] blockRecords = new int[64];
    private int[] blockSlotsInFile = new int[64]; // differs from blockRecords only in a torn last block
    private long[] blockRunningMaxNs = new long[64];
    private boolean uniformBlocks = true;
    // the damaged stretches the walk skipped, for good; the tail below is looked at again by refresh()
    private final List<StoreProblem> problems = new ArrayList<>();
    private final CRC32C crc = new CRC32C();
    private static final byte[] ZERO_CRC_FIELD = new byte[4];
    private long checkedBlockEnd;
    private long framedBlockEnd; // set by blockProblem when a block's header and trailer agree
    private StoreChannel checkedChannel;
    private boolean[] canChannels = new boolean[8]; // by channel index, for the slot check
    private long recordCount;
    private long droppedTailBytes;
    private String tailProblem = "";
    private long tailOffset;
    private String tailReason = "";
    private long tailFramesLost;
    private boolean tailFramesExact;

    private TraceStore(Path path, FileChannel file) throws IOException {
        this.path = path;
        this.file = file;
        this.fileSize = file.size();
        ByteBuffer fixed = readAt(0, (int) Math.min(fileSize, StoreLayout.FIXED_HEADER_BYTES));
        if (fixed.remaining() < StoreLayout.FIXED_HEADER_BYTES || !hasMagic(fixed)) {
            throw new IOException(path + ": not a BMS Workbench trace store (no BMSWSTOR header)");
        }
        int version = fixed.getInt(8);
        if (version < 1 || version > TraceStoreWriter.FORMAT_VERSION) {
            throw new IOException(path + ": byte 8: trace store format version " + Integer.toUnsignedString(version)
                    + " is not supported (this build reads versions 1-" + TraceStoreWriter.FORMAT_VERSION + ")");
        }
        int headerLength = fixed.getInt(12);
        if (headerLength > fileSize) {
            throw new IOException(path + ": trace store header is truncated (" + fileSize + " bytes in the file)");
        }
        if (headerLength < StoreLayout.FIXED_HEADER_BYTES + 2 || headerLength > MAX_HEADER_BYTES) {
            throw new IOException(path + ": byte 12: trace store header length " + Integer.toUnsignedString(
                    headerLength) + " is outside " + (StoreLayout.FIXED_HEADER_BYTES + 2) + "-" + MAX_HEADER_BYTES);
        }
        int channelCount = fixed.getInt(28);
        if (channelCount < 0 || channelCount > MAX_CHANNELS) {
            throw new IOException(path + ": byte 28: channel count " + Integer.toUnsignedString(channelCount)
                    + " is outside 0-" + MAX_CHANNELS);
        }
        // both lengths are checked against the file and the format's limits before anything is allocated
        ByteBuffer whole = readAt(0, headerLength);
        long startTimeNs = whole.getLong(16);
        whole.position(StoreLayout.FIXED_HEADER_BYTES);
        String profile;
        List<StoreChannel> initial = new ArrayList<>();
        try {
            profile = getString(whole, Short.toUnsignedInt(whole.getShort()), "the profile name", 0xFFFF);
            for (int i = 0; i < channelCount; i++) {
                initial.add(getChannel(whole));
            }
        } catch (DamagedBytes e) {
            throw new IOException(path + ": byte " + e.offset + ": trace store header: " + e.getMessage());
        }
        this.header = new StoreHeader(version, startTimeNs, profile, initial);
        this.channels = new ArrayList<>(initial);
        this.regions = new MappedByteBuffer[0];
        mapRegions(0);
        walkBlocks(headerLength);
    }

    /** Maps the file from region {@code firstStale} on (the earlier ones are full and do not change). */
    private void mapRegions(int firstStale) throws IOException {
        int regionCount = (int) Math.max(1, (fileSize + REGION_BYTES - 1) / REGION_BYTES);
        MappedByteBuffer[] mapped = Arrays.copyOf(regions, regionCount);
        for (int i = Math.min(firstStale, regions.length); i < regionCount; i++) {
            long start = i * REGION_BYTES;
            long length = Math.min(fileSize - start, REGION_BYTES + OVERLAP_BYTES);
            mapped[i] = file.map(FileChannel.MapMode.READ_ONLY, start, Math.max(0, length));
            mapped[i].order(ByteOrder.LITTLE_ENDIAN);
        }
        regions = mapped;
    }

    /**
     * Makes what a writer has flushed since the last look visible: new blocks, new channels, and the rest of a
     * block that was cut short. Rows already seen keep their numbers. Cheap when nothing changed (one size call).
     * Call it from the thread that reads this store; cursors made before stay valid.
     *
     * @return the new {@link #size()}
     */
    public long refresh() throws IOException {
        long newSize = file.size();
        if (newSize == fileSize) {
            return recordCount;
        }
        if (newSize < fileSize) {
            throw new IOException(path + ": the trace store shrank from " + fileSize + " to " + newSize
                    + " bytes while open");
        }
        if (lastBlockTorn) { // forget its recovered prefix: the block is walked again as it is now
            blockCount--;
            recordCount -= blockRecords[blockCount];
            lastBlockTorn = false;
        }
        int firstStale = (int) (walkedUpToOffset / REGION_BYTES);
        fileSize = newSize;
        mapRegions(firstStale);
        droppedTailBytes = 0;
        tailProblem = "";
        tailReason = "";
        walkBlocks(walkedUpToOffset);
        return recordCount;
    }

    /** Opens {@code path}; fails with the path and the reason when it is not a readable store. */
    public static TraceStore open(Path path) throws IOException {
        FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new TraceStore(path, file);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * The bus of the first channel {@code path} declares, from the start of the file alone (its header, or the first
     * block after it): what a command needs to know before its one pass, without mapping and checking every block
     * as {@link #open} does. Empty when the start does not tell (no channel there, or not a store of this version):
     * {@link #open} then gives the answer or the reason.
     */
    public static java.util.Optional<BusKind> firstChannelBus(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer fixed = readAt(file, 0, StoreLayout.FIXED_HEADER_BYTES + 2);
            if (fixed.remaining() < StoreLayout.FIXED_HEADER_BYTES + 2 || !hasMagic(fixed)
                    || fixed.getInt(8) != TraceStoreWriter.FORMAT_VERSION) {
                return java.util.Optional.empty();
            }
            long headerLength = Integer.toUnsignedLong(fixed.getInt(12));
            if (headerLength < StoreLayout.FIXED_HEADER_BYTES + 2 || headerLength > Math.min(file.size(),
                    MAX_HEADER_BYTES)) {
                return java.util.Optional.empty();
            }
            long busAt;
            if (fixed.getInt(28) != 0) { // the header's first channel, after the profile name
                busAt = StoreLayout.FIXED_HEADER_BYTES + 2 + Short.toUnsignedInt(fixed.getShort(
                        StoreLayout.FIXED_HEADER_BYTES));
                if (busAt >= headerLength) {
                    return java.util.Optional.empty();
                }
            } else {
                ByteBuffer block = readAt(file, headerLength, 4);
                if (block.remaining() < 4 || block.getInt(0) != StoreLayout.KIND_CHANNEL) {
                    return java.util.Optional.empty();
                }
                busAt = headerLength + StoreLayout.BLOCK_HEADER_BYTES;
            }
            ByteBuffer bus = readAt(file, busAt, 1);
            int kind = bus.remaining() < 1 ? -1 : bus.get(0) & 0xFF;
            return kind >= 0 && kind < BusKind.values().length ? java.util.Optional.of(BusKind.values()[kind])
                    : java.util.Optional.empty();
        }
    }

    private static ByteBuffer readAt(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && file.read(buffer, position + buffer.position()) >= 0) {
            // read until full or end of file
        }
        return buffer.flip();
    }

    /** True when {@code start} begins with the store's magic bytes (for format detection). */
    public static boolean hasMagic(ByteBuffer start) {
        if (start.remaining() < StoreLayout.FILE_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < StoreLayout.FILE_MAGIC.length; i++) {
            if (start.get(start.position() + i) != StoreLayout.FILE_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private ByteBuffer readAt(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining() && file.read(buffer, position + buffer.position()) >= 0) {
            // read until full or end of file
        }
        return buffer.flip();
    }

    /** Bytes that break the format, at {@link #offset} in the file. */
    private static final class DamagedBytes extends Exception {
        private static final long serialVersionUID = 1L;
        final long offset;

        DamagedBytes(long offset, String message) {
            super(message);
            this.offset = offset;
        }
    }

    /** {@code length} bytes as UTF-8 from the buffer's position (its offsets are file offsets). */
    private static String getString(ByteBuffer buffer, int length, String what, int maxLength) throws DamagedBytes {
        if (length > maxLength || length > buffer.remaining()) {
            throw new DamagedBytes(buffer.position() - 2, what + " of " + length + " bytes runs past "
                    + (length > maxLength ? "its limit of " + maxLength : "its " + buffer.remaining() + " bytes"));
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One channel declaration at the buffer's position (the buffer's offsets are file offsets). */
    private static StoreChannel getChannel(ByteBuffer buffer) throws DamagedBytes {
        int at = buffer.position();
        if (buffer.remaining() < 7) {
            throw new DamagedBytes(at, "a channel declaration cut short");
        }
        int busCode = buffer.get() & 0xFF;
        BusKind bus = StoreLayout.busKind(busCode);
        if (bus == null) {
            throw new DamagedBytes(at, busCode == StoreLayout.BUS_MODBUS
                    ? "bus kind 2 (Modbus) is not supported by this build" : "unknown bus kind " + busCode);
        }
        int bitRate = buffer.getInt();
        if (bitRate < 0) {
            throw new DamagedBytes(at + 1, "negative bit rate " + bitRate);
        }
        int nameLength = Short.toUnsignedInt(buffer.getShort());
        String name = getString(buffer, nameLength, "a channel name", MAX_CHANNEL_NAME_BYTES);
        if (name.isBlank()) {
            throw new DamagedBytes(at + 5, "an empty channel name");
        }
        return new StoreChannel(name, bus, bitRate);
    }

    private MappedByteBuffer region(long offset) {
        return regions[(int) (offset / REGION_BYTES)];
    }

    private void walkBlocks(long offset) {
        long runningMaxNs = lastRunningMaxNs;
        walkedUpToOffset = offset;
        while (offset < fileSize) {
            String problem = blockProblem(offset);
            if (problem == null) {
                runningMaxNs = acceptBlock(offset, runningMaxNs);
                offset = checkedBlockEnd;
            } else if (framedBlockEnd > offset) {
                // header and trailer agree, the content is bad: the block's length is known, skip just it
                long end = framedBlockEnd;
                lost(offset, end, problem);
                offset = end;
            } else {
                long next = nextBlock(offset + 8);
                if (next < 0) {
                    tail(offset, problem, runningMaxNs);
                    return;
                }
                lost(offset, next, problem);
                offset = next;
            }
            walkedUpToOffset = offset;
            lastRunningMaxNs = runningMaxNs;
        }
    }

    /**
     * What is wrong with the block at {@code offset}, or null when it is whole and every check passes: its header
     * within the format's limits, its trailer where the header says and pointing back to it, its checksum (from
     * version 2), every slot ({@link #validPrefix}) or its channel declaration. A whole block's end goes to
     * {@link #checkedBlockEnd}, a channel block's channel to {@link #checkedChannel}.
     */
    private String blockProblem(long offset) {
        framedBlockEnd = -1;
        if (fileSize - offset < StoreLayout.BLOCK_HEADER_BYTES + StoreLayout.TRAILER_BYTES) {
            return "a block cut short";
        }
        MappedByteBuffer region = region(offset);
        int at = (int) (offset % REGION_BYTES);
        int kind = region.getInt(at);
        int count = region.getInt(at + StoreLayout.HEADER_COUNT);
        int sideBytes = region.getInt(at + StoreLayout.HEADER_SIDE_BYTES);
        if (kind != StoreLayout.KIND_RECORDS && kind != StoreLayout.KIND_CHANNEL) {
            return "no block header";
        }
        if (count < 0 || sideBytes < 0 || (sideBytes & 7) != 0
                || (kind == StoreLayout.KIND_RECORDS && (count > StoreLayout.BLOCK_RECORDS
                        || sideBytes > StoreLayout.SIDE_LIMIT_BYTES + StoreLayout.MAX_PAYLOAD_BYTES + 8))
                || (kind == StoreLayout.KIND_CHANNEL && (sideBytes == 0
                        || sideBytes > StoreLayout.pad8(CHANNEL_MAX_BYTES)))) {
            return "a block header with " + Integer.toUnsignedString(count) + " records and "
                    + Integer.toUnsignedString(sideBytes) + " side bytes";
        }
        long bodyBytes = kind == StoreLayout.KIND_RECORDS ? (long) count * StoreLayout.SLOT_BYTES + sideBytes
                : sideBytes;
        long end = offset + StoreLayout.BLOCK_HEADER_BYTES + bodyBytes + StoreLayout.TRAILER_BYTES;
        if (end > fileSize) {
            return "a block cut short";
        }
        int trailer = (int) (at + end - offset - StoreLayout.TRAILER_BYTES);
        if (region.getInt(trailer) != StoreLayout.TRAILER_MAGIC || region.getInt(trailer + 4) != count
                || region.getLong(trailer + 8) != offset) {
            return "a block whose trailer does not match its header";
        }
        framedBlockEnd = end;
        if (header.formatVersion() >= 2) {
            int stored = region.getInt(at + StoreLayout.HEADER_CRC);
            int computed = blockCrc(region, at, trailer);
            if (stored != computed) {
                return String.format("a block checksum mismatch (stored %08x, computed %08x)", stored, computed);
            }
        }
        if (kind == StoreLayout.KIND_CHANNEL) {
            ByteBuffer body = ByteBuffer.wrap(new byte[sideBytes]).order(ByteOrder.LITTLE_ENDIAN);
            region.get(at + StoreLayout.BLOCK_HEADER_BYTES, body.array(), 0, sideBytes);
            try {
                checkedChannel = getChannel(body);
            } catch (DamagedBytes e) {
                return "a channel declaration: " + e.getMessage();
            }
            if (count < channels.size() || count >= MAX_CHANNELS) {
                return "a channel block numbers its channel " + count + " after " + channels.size() + " channels";
            }
        } else {
            long minNs = header.formatVersion() >= 2 ? region.getLong(at + StoreLayout.HEADER_MIN_TIMESTAMP)
                    : Long.MIN_VALUE; // version 1 kept the first record's time there, not the minimum
            long maxNs = region.getLong(at + StoreLayout.HEADER_MAX_TIMESTAMP);
            int valid = validPrefix(region, at, count, count, sideBytes, minNs, maxNs);
            if (valid < count) {
                int slot = at + StoreLayout.BLOCK_HEADER_BYTES + valid * StoreLayout.SLOT_BYTES;
                return "record " + (valid + 1) + " of the block: "
                        + slotProblem(region, slot, channels.size(), sideBytes, minNs, maxNs);
            }
        }
        checkedBlockEnd = end;
        return null;
    }

    /** The CRC-32C of the block at {@code at}: its header with the checksum field as 0, then its body. */
    private int blockCrc(MappedByteBuffer region, int at, int trailer) {
        crc.reset();
        crc.update(region.slice(at, StoreLayout.HEADER_CRC));
        crc.update(ZERO_CRC_FIELD, 0, 4);
        int afterCrc = at + StoreLayout.HEADER_CRC + 4;
        crc.update(region.slice(afterCrc, trailer - afterCrc));
        return (int) crc.getValue();
    }

    /** Takes the block {@link #blockProblem} found whole; returns the running maximum timestamp after it. */
    private long acceptBlock(long offset, long runningMaxNs) {
        MappedByteBuffer region = region(offset);
        int at = (int) (offset % REGION_BYTES);
        int count = region.getInt(at + StoreLayout.HEADER_COUNT);
        if (region.getInt(at) == StoreLayout.KIND_CHANNEL) {
            while (channels.size() < count) { // the declarations between were lost with damaged bytes
                channels.add(new StoreChannel("channel " + channels.size() + " (declaration lost)", BusKind.CAN, 0));
            }
            channels.add(checkedChannel);
            return runningMaxNs;
        }
        if (count == 0) {
            return runningMaxNs;
        }
        long maxNs = Math.max(runningMaxNs, region.getLong(at + StoreLayout.HEADER_MAX_TIMESTAMP));
        addBlock(offset, count, count, maxNs);
        return maxNs;
    }

    /** The first offset at or after {@code from} (at a multiple of 8, as every block starts) holding a whole, valid block; -1 when none. */
    private long nextBlock(long from) {
        for (long p = from; p + StoreLayout.BLOCK_HEADER_BYTES + StoreLayout.TRAILER_BYTES <= fileSize; p += 8) {
            int kind = region(p).getInt((int) (p % REGION_BYTES));
            if ((kind == StoreLayout.KIND_RECORDS || kind == StoreLayout.KIND_CHANNEL) && blockProblem(p) == null) {
                return p;
            }
        }
        return -1;
    }

    /** Records the damaged bytes from {@code offset} to the valid block at {@code next}, with the frames they held. */
    private void lost(long offset, long next, String problem) {
        problems.add(damage(offset, next, problem));
    }

    /** The damaged stretch from {@code offset} to {@code next}, counting the frames it held where the blocks tell. */
    private StoreProblem damage(long offset, long next, String problem) {
        long frames = 0;
        long end = next;
        boolean exact = false;
        // the trailers before the next valid block point back to their headers: follow them to the damage's start
        while (end - StoreLayout.TRAILER_BYTES - StoreLayout.BLOCK_HEADER_BYTES >= offset) {
            long trailerAt = end - StoreLayout.TRAILER_BYTES;
            MappedByteBuffer region = region(trailerAt);
            int t = (int) (trailerAt % REGION_BYTES);
            long start = region.getLong(t + 8);
            int count = region.getInt(t + 4);
            if (region.getInt(t) != StoreLayout.TRAILER_MAGIC || start < offset
                    || start > trailerAt - StoreLayout.BLOCK_HEADER_BYTES || (start & 7) != 0 || count < 0
                    || count > StoreLayout.BLOCK_RECORDS) {
                break;
            }
            if (region(start).getInt((int) (start % REGION_BYTES)) != StoreLayout.KIND_CHANNEL) {
                frames += count;
            }
            end = start;
            if (end == offset) {
                exact = true;
                break;
            }
        }
        if (!exact) { // the damaged block's own header may still say how long the block was
            MappedByteBuffer region = region(offset);
            int at = (int) (offset % REGION_BYTES);
            int kind = region.getInt(at);
            long count = Integer.toUnsignedLong(region.getInt(at + StoreLayout.HEADER_COUNT));
            long sideBytes = Integer.toUnsignedLong(region.getInt(at + StoreLayout.HEADER_SIDE_BYTES));
            long length = StoreLayout.BLOCK_HEADER_BYTES + sideBytes + StoreLayout.TRAILER_BYTES
                    + (kind == StoreLayout.KIND_RECORDS ? count * StoreLayout.SLOT_BYTES : 0);
            if ((kind == StoreLayout.KIND_RECORDS || kind == StoreLayout.KIND_CHANNEL)
                    && count <= StoreLayout.BLOCK_RECORDS && offset + length == end) {
                frames += kind == StoreLayout.KIND_RECORDS ? count : 0;
                exact = true;
            }
        }
        return new StoreProblem(offset, next - offset, frames, exact, problem);
    }

    /** The walk reached bytes after which no valid block follows: a block still being written, or cut by a crash. */
    private void tail(long offset, String problem, long runningMaxNs) {
        if (fileSize - offset < StoreLayout.BLOCK_HEADER_BYTES) {
            setTail(offset, "a block header cut short", 0, false);
            return;
        }
        MappedByteBuffer region = region(offset);
        int at = (int) (offset % REGION_BYTES);
        int kind = region.getInt(at);
        int count = region.getInt(at + 4);
        int sideBytes = region.getInt(at + 8);
        boolean plausible = count >= 0 && sideBytes >= 0 && (kind == StoreLayout.KIND_RECORDS
                ? count > 0 && count <= StoreLayout.BLOCK_RECORDS
                        && sideBytes <= StoreLayout.SIDE_LIMIT_BYTES + StoreLayout.MAX_PAYLOAD_BYTES + 8
                : kind == StoreLayout.KIND_CHANNEL && sideBytes <= StoreLayout.pad8(CHANNEL_MAX_BYTES));
        long end = offset + StoreLayout.BLOCK_HEADER_BYTES + StoreLayout.TRAILER_BYTES + (long) sideBytes
                + (kind == StoreLayout.KIND_RECORDS ? (long) count * StoreLayout.SLOT_BYTES : 0);
        // no trailer yet: the block is still being written, or its write was cut; a trailer in place means damage
        boolean cut = plausible && (end > fileSize
                || region.getInt((int) (at + end - offset - StoreLayout.TRAILER_BYTES)) != StoreLayout.TRAILER_MAGIC);
        if (kind == StoreLayout.KIND_RECORDS && cut && count > 0 && count <= StoreLayout.BLOCK_RECORDS
                && sideBytes >= 0 && sideBytes <= StoreLayout.SIDE_LIMIT_BYTES + StoreLayout.MAX_PAYLOAD_BYTES + 8) {
            // a torn block: its header was written first, so every whole slot before the tear is good
            long minNs = header.formatVersion() >= 2 ? region.getLong(at + StoreLayout.HEADER_MIN_TIMESTAMP)
                    : Long.MIN_VALUE;
            long maxNs = region.getLong(at + StoreLayout.HEADER_MAX_TIMESTAMP);
            int recovered = recoverPrefix(region, at, count, sideBytes);
            int valid = validPrefix(region, at, recovered, count, sideBytes, minNs, maxNs);
            if (valid > 0) {
                long recoveredMaxNs = runningMaxNs;
                for (int i = 0; i < valid; i++) {
                    recoveredMaxNs = Math.max(recoveredMaxNs, region.getLong(at + StoreLayout.BLOCK_HEADER_BYTES
                            + i * StoreLayout.SLOT_BYTES));
                }
                addBlock(offset, valid, count, recoveredMaxNs);
                lastBlockTorn = true;
            }
            setTail(offset, "a block cut short after " + valid + " of its " + count + " records", count - valid,
                    true);
            droppedTailBytes -= valid == 0 ? 0
                    : StoreLayout.BLOCK_HEADER_BYTES + (long) valid * StoreLayout.SLOT_BYTES;
        } else if (kind == StoreLayout.KIND_CHANNEL && cut) {
            setTail(offset, "a channel declaration cut short", 0, true);
        } else {
            StoreProblem damage = damage(offset, fileSize, problem);
            setTail(offset, problem, damage.framesLost(), damage.framesExact());
            tailProblem = "damaged bytes at byte " + offset + " (" + problem + ")";
        }
    }

    /** How many leading slots of a torn block are whole, including their payload tails in the side area. */
    private static int recoverPrefix(MappedByteBuffer region, int at, int count, int sideBytes) {
        long available = region.limit() - at - StoreLayout.BLOCK_HEADER_BYTES;
        long sideStart = (long) count * StoreLayout.SLOT_BYTES;
        int whole = (int) Math.min(count, available / StoreLayout.SLOT_BYTES);
        for (int i = 0; i < whole; i++) {
            int slot = at + StoreLayout.BLOCK_HEADER_BYTES + i * StoreLayout.SLOT_BYTES;
            if (region.get(slot + StoreLayout.SLOT_MARKER) != StoreLayout.MARKER) {
                return i;
            }
            int length = Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_LENGTH));
            if (length > StoreLayout.INLINE_BYTES) {
                long sideEnd = sideStart + region.getInt(slot + StoreLayout.SLOT_SIDE_OFFSET) + length
                        - StoreLayout.INLINE_BYTES;
                if (sideEnd > available || sideEnd - sideStart > sideBytes) {
                    return i;
                }
            }
        }
        return whole;
    }

    /**
     * How many of the first {@code slots} slots of the block at {@code at} hold records that keep every rule of
     * a {@link TraceRecord}, with a known channel, a payload inside the block and a time inside the block's
     * {@code minNs..maxNs}: the reader trusts no length or index it has not checked here.
     */
    private int validPrefix(MappedByteBuffer region, int at, int slots, int count, int sideBytes, long minNs,
            long maxNs) {
        int channelCount = channels.size();
        if (canChannels.length < channelCount) {
            canChannels = new boolean[Math.max(channelCount, 2 * canChannels.length)];
        }
        for (int c = 0; c < channelCount; c++) {
            canChannels[c] = channels.get(c).bus() == BusKind.CAN;
        }
        // the common slot (a classic data frame of a known CAN channel) in three reads: flags, channel, length and
        // marker are one little-endian long; anything else gets the full check
        long markerField = (long) (StoreLayout.MARKER & 0xFF) << 48;
        int slot = at + StoreLayout.BLOCK_HEADER_BYTES;
        for (int i = 0; i < slots; i++, slot += StoreLayout.SLOT_BYTES) {
            long fields = region.getLong(slot + StoreLayout.SLOT_FLAGS);
            int flags = (int) fields & 0xFFFF;
            int channel = (int) (fields >>> 16) & 0xFFFF;
            int length = (int) (fields >>> 32) & 0xFFFF;
            long timestampNs = region.getLong(slot + StoreLayout.SLOT_TIMESTAMP);
            if ((fields & 0x00FF_0000_0000_0000L) == markerField && channel < channelCount && canChannels[channel]
                    && length <= TraceRecord.MAX_CLASSIC_LENGTH && (flags & ~(FrameFlags.EXTENDED | FrameFlags.TX)) == 0
                    && timestampNs >= minNs && timestampNs <= maxNs) {
                int identifier = region.getInt(slot + StoreLayout.SLOT_IDENTIFIER);
                if (identifier >= 0 && identifier <= ((flags & FrameFlags.EXTENDED) != 0 ? TraceRecord.MAX_EXTENDED_ID
                        : TraceRecord.MAX_STANDARD_ID)) {
                    continue;
                }
            }
            if (slotProblem(region, slot, channelCount, sideBytes, minNs, maxNs) != null) {
                return i;
            }
        }
        return slots;
    }

    /** What is wrong with the slot at {@code slot}, or null. */
    private String slotProblem(MappedByteBuffer region, int slot, int channelCount, int sideBytes, long minNs,
            long maxNs) {
        if (region.get(slot + StoreLayout.SLOT_MARKER) != StoreLayout.MARKER) {
            return "no record marker";
        }
        long timestampNs = region.getLong(slot + StoreLayout.SLOT_TIMESTAMP);
        int identifier = region.getInt(slot + StoreLayout.SLOT_IDENTIFIER);
        int flags = Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_FLAGS));
        int channel = Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_CHANNEL));
        int length = Short.toUnsignedInt(region.getShort(slot + StoreLayout.SLOT_LENGTH));
        if (channel >= channelCount) {
            return "channel index " + channel + " of " + channelCount + " channels";
        }
        if ((flags & ~FrameFlags.ALL) != 0) {
            return String.format("unknown flag bits 0x%X", flags & ~FrameFlags.ALL);
        }
        if (length > StoreLayout.MAX_PAYLOAD_BYTES) {
            return "payload length " + length + " over " + StoreLayout.MAX_PAYLOAD_BYTES;
        }
        if (length > StoreLayout.INLINE_BYTES) {
            long sideOffset = region.getInt(slot + StoreLayout.SLOT_SIDE_OFFSET);
            if (sideOffset < 0 || sideOffset + length - StoreLayout.INLINE_BYTES > sideBytes) {
                return "payload at side offset " + sideOffset + " runs past the block's " + sideBytes + " side bytes";
            }
        }
        if (timestampNs < minNs || timestampNs > maxNs) {
            return "time " + timestampNs + " ns outside the block's " + (minNs == Long.MIN_VALUE ? "" : minNs)
                    + ".." + maxNs + " ns";
        }
        if (channels.get(channel).bus() == BusKind.SERIAL) {
            return identifier != 0 || (flags & ~FrameFlags.TX) != 0 ? "a serial chunk with CAN fields" : null;
        }
        boolean fd = (flags & FrameFlags.FD) != 0;
        int maxId = (flags & (FrameFlags.EXTENDED | FrameFlags.ERROR)) != 0 ? TraceRecord.MAX_EXTENDED_ID
                : TraceRecord.MAX_STANDARD_ID;
        if (identifier < 0 || identifier > maxId) {
            return String.format("identifier 0x%X out of range", identifier);
        }
        if (fd ? !TraceRecord.isValidFdLength(length) || (flags & FrameFlags.RTR) != 0
                : length > TraceRecord.MAX_CLASSIC_LENGTH || (flags & (FrameFlags.FD_BRS | FrameFlags.FD_ESI)) != 0) {
            return "a CAN frame of " + length + " bytes with flags " + FrameFlags.describe(flags);
        }
        if ((flags & FrameFlags.RTR) != 0 && region.getLong(slot + StoreLayout.SLOT_INLINE) != 0) {
            return "a remote frame with data bytes";
        }
        return null;
    }

    /** The file ends in bytes that are not (yet) whole blocks: what a refresh looks at again. */
    private void setTail(long offset, String problem, long framesLost, boolean framesExact) {
        droppedTailBytes = fileSize - offset;
        tailOffset = offset;
        tailReason = problem;
        tailFramesLost = framesLost;
        tailFramesExact = framesExact;
        tailProblem = problem + " at byte " + offset;
    }

    private void addBlock(long offset, int count, int slotsInFile, long runningMaxNs) {
        if (blockCount == blockOffset.length) {
            int size = blockCount * 2;
            blockOffset = Arrays.copyOf(blockOffset, size);
            blockFirstRow = Arrays.copyOf(blockFirstRow, size);
            blockRecords = Arrays.copyOf(blockRecords, size);
            blockSlotsInFile = Arrays.copyOf(blockSlotsInFile, size);
            blockRunningMaxNs = Arrays.copyOf(blockRunningMaxNs, size);
        }
        if (blockCount > 0 && blockRecords[blockCount - 1] != StoreLayout.BLOCK_RECORDS) {
            uniformBlocks = false; // a short block before this one: row lookups need the binary search
        }
        blockOffset[blockCount] = offset;
        blockFirstRow[blockCount] = recordCount;
        blockRecords[blockCount] = count;
        blockSlotsInFile[blockCount] = slotsInFile;
        blockRunningMaxNs[blockCount] = runningMaxNs;
        blockCount++;
        recordCount += count;
    }

    public Path path() {
        return path;
    }

    public StoreHeader header() {
        return header;
    }

    /** Every channel: those of the header, then those declared while recording. Indexes match the records'. */
    public List<StoreChannel> channels() {
        return List.copyOf(channels);
    }

    /** Number of records (rows). */
    public long size() {
        return recordCount;
    }

    /** Bytes at the end of the file that did not form complete records (0 for a cleanly closed store). */
    public long droppedTailBytes() {
        return droppedTailBytes;
    }

    /**
     * Every stretch of the file the reader could not use, in file order: damaged blocks it skipped (resuming at
     * the next valid block), then the tail when the file does not end in a whole block. Empty for a sound store.
     */
    public List<StoreProblem> problems() {
        if (droppedTailBytes == 0 && tailReason.isEmpty()) {
            return List.copyOf(problems);
        }
        List<StoreProblem> all = new ArrayList<>(problems);
        all.add(new StoreProblem(tailOffset, droppedTailBytes, tailFramesLost, tailFramesExact, tailReason));
        return all;
    }

    /** Frames known to be lost to the {@link #problems()} (a lower bound when one of them could not count). */
    public long framesLost() {
        long lost = 0;
        for (StoreProblem problem : problems()) {
            lost += problem.framesLost();
        }
        return lost;
    }

    /** What was wrong at the tail, e.g. {@code "a block cut short after 17 of its 8192 records at byte 4096"}. */
    public String tailProblem() {
        return tailProblem;
    }

    /** The header's start time, or the first record's time when the header did not know it (0 when empty). */
    public long startTimeNs() {
        if (header.startTimeNs() != StoreHeader.UNKNOWN_TIME) {
            return header.startTimeNs();
        }
        if (recordCount == 0) {
            return 0;
        }
        StoreCursor cursor = cursor();
        cursor.moveTo(0);
        return cursor.timestampNs();
    }

    /** A new cursor, positioned before the first row. Cursors are cheap; use one per thread. */
    public StoreCursor cursor() {
        return new StoreCursor(this);
    }

    /** Row {@code row} as a record (allocates; use a {@link StoreCursor} in loops). */
    public TraceRecord record(long row) {
        StoreCursor cursor = cursor();
        cursor.moveTo(row);
        return cursor.toRecord();
    }

    /**
     * The first row at or after {@code timestampNs}: the first row whose timestamp, or an earlier row's, is
     * {@code >= timestampNs} (so out-of-order captures still get a well-defined answer). {@link #size()} when
     * every row is earlier.
     */
    public long seek(long timestampNs) {
        int low = 0;
        int high = blockCount - 1;
        int found = blockCount;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (blockRunningMaxNs[mid] >= timestampNs) {
                found = mid;
                high = mid - 1;
            } else {
                low = mid + 1;
            }
        }
        if (found == blockCount) {
            return recordCount;
        }
        MappedByteBuffer region = region(blockOffset[found]);
        int slot = (int) (blockOffset[found] % REGION_BYTES) + StoreLayout.BLOCK_HEADER_BYTES;
        for (int i = 0; i < blockRecords[found]; i++, slot += StoreLayout.SLOT_BYTES) {
            if (region.getLong(slot) >= timestampNs) {
                return blockFirstRow[found] + i;
            }
        }
        return blockFirstRow[found] + blockRecords[found] - 1; // not reached: the block's max is >= timestampNs
    }

    // --- for StoreCursor

    int blockCount() {
        return blockCount;
    }

    int blockOf(long row) {
        if (uniformBlocks) {
            return (int) (row / StoreLayout.BLOCK_RECORDS);
        }
        int index = Arrays.binarySearch(blockFirstRow, 0, blockCount, row);
        return index >= 0 ? index : -index - 2;
    }

    long blockFirstRow(int block) {
        return blockFirstRow[block];
    }

    int blockRecords(int block) {
        return blockRecords[block];
    }

    /** Where the block's side area starts, relative to its header. */
    int blockSideStart(int block) {
        return StoreLayout.BLOCK_HEADER_BYTES + blockSlotsInFile[block] * StoreLayout.SLOT_BYTES;
    }

    MappedByteBuffer blockRegion(int block) {
        return region(blockOffset[block]);
    }

    int blockPositionInRegion(int block) {
        return (int) (blockOffset[block] % REGION_BYTES);
    }

    StoreChannel channel(int index) {
        return channels.get(index);
    }

    @Override
    public void close() throws IOException {
        file.close(); // the mappings stay valid until collected; cursors must not be used after close
    }
}
