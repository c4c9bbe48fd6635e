package org.bmsw.core.store;

import java.io.Closeable;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;

/**
 * Appends records to a new trace store file (layout in {@link StoreLayout} and the bundle README).
 * <p>
 * Records collect in a block of up to 8192 slots in memory; a full block, {@link #flush()} and {@link #close()}
 * write the block with one write call, header first and trailer last, so a process killed at any moment leaves
 * a file whose every completely written record {@link TraceStore#open(Path)} gets back; each block carries a
 * CRC-32C of its header and body. {@link #sync()} also forces the file to the device: what a kill of the machine
 * keeps. A write that fails (a full disk) cuts the file back to its last complete block, so the file stays
 * readable to its end; the records of the failed block stay buffered. Not thread-safe.
 */
public final class TraceStoreWriter implements Closeable {

    public static final int FORMAT_VERSION = 2;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final FileChannel file;
    private final int formatVersion;
    private final CRC32C crc = new CRC32C();
    private final List<StoreChannel> channels = new ArrayList<>();
    private final Map<String, Integer> channelIndexByName = new HashMap<>();
    private final byte[] slots = new byte[StoreLayout.BLOCK_RECORDS * StoreLayout.SLOT_BYTES];
    private final byte[] side = new byte[StoreLayout.SIDE_LIMIT_BYTES + StoreLayout.MAX_PAYLOAD_BYTES + 8];
    private final byte[] blockHeader = new byte[StoreLayout.BLOCK_HEADER_BYTES];
    private final byte[] trailer = new byte[StoreLayout.TRAILER_BYTES];
    private int blockRecords;
    private int sideBytes;
    private long blockFirstTimestampNs;
    private long blockMinTimestampNs;
    private long blockMaxTimestampNs;
    private long fileOffset;
    private long recordCount;
    private boolean closed;

    private TraceStoreWriter(FileChannel file, int formatVersion) {
        this.file = file;
        this.formatVersion = formatVersion;
    }

    /**
     * Creates (or replaces) {@code path} and writes its header.
     *
     * @param startTimeNs the capture's start, or {@link StoreHeader#UNKNOWN_TIME}
     * @param profile the battery profile in use, empty when none
     * @param channels channels known now; {@link #addChannel} adds more later
     */
    public static TraceStoreWriter create(Path path, long startTimeNs, String profile, List<StoreChannel> channels)
            throws IOException {
        return create(path, startTimeNs, profile, channels, FORMAT_VERSION);
    }

    /** {@link #create(Path, long, String, List)} in an older format version (for tests of old stores). */
    static TraceStoreWriter create(Path path, long startTimeNs, String profile, List<StoreChannel> channels,
            int formatVersion) throws IOException {
        if (formatVersion != 1 && formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + formatVersion);
        }
        FileChannel file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        TraceStoreWriter writer = new TraceStoreWriter(file, formatVersion);
        try {
            writer.writeFileHeader(startTimeNs, profile, channels);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return writer;
    }

    private void writeFileHeader(long startTimeNs, String profile, List<StoreChannel> initialChannels)
            throws IOException {
        byte[] profileBytes = profile.getBytes(StandardCharsets.UTF_8);
        if (profileBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("profile name too long");
        }
        ByteBuffer header = ByteBuffer.allocate(64 * 1024 + 300 * initialChannels.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        header.put(StoreLayout.FILE_MAGIC).putInt(formatVersion).putInt(0).putLong(startTimeNs).putInt(0)
                .putInt(initialChannels.size());
        header.putShort((short) profileBytes.length).put(profileBytes);
        for (StoreChannel channel : initialChannels) {
            putChannel(header, channel);
            register(channel);
        }
        int length = StoreLayout.pad8(header.position());
        header.putInt(12, length).position(length).flip();
        writeFully(header);
    }

    private static void putChannel(ByteBuffer buffer, StoreChannel channel) {
        byte[] name = channel.name().getBytes(StandardCharsets.UTF_8);
        buffer.put((byte) StoreLayout.busCode(channel.bus())).putInt(channel.bitRate()).putShort((short) name.length).put(name);
    }

    private int register(StoreChannel channel) {
        if (channelIndexByName.containsKey(channel.name())) {
            throw new IllegalArgumentException("channel " + channel.name() + " added twice");
        }
        if (channels.size() == 0xFFFF) {
            throw new IllegalStateException("a store holds at most 65535 channels");
        }
        channels.add(channel);
        channelIndexByName.put(channel.name(), channels.size() - 1);
        return channels.size() - 1;
    }

    /** Declares a channel the header did not list and returns its index. */
    public int addChannel(StoreChannel channel) throws IOException {
        int index = register(channel);
        writeBlock(); // records already buffered keep their place before the new channel in the file
        ByteBuffer body = ByteBuffer.allocate(StoreLayout.pad8(7 + 255)).order(ByteOrder.LITTLE_ENDIAN);
        putChannel(body, channel);
        int bodyBytes = StoreLayout.pad8(body.position());
        ByteBuffer block = ByteBuffer.allocate(StoreLayout.BLOCK_HEADER_BYTES + bodyBytes + StoreLayout.TRAILER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        block.putInt(StoreLayout.KIND_CHANNEL).putInt(index).putInt(bodyBytes).putInt(0).putLong(0).putLong(0);
        block.put(body.array(), 0, bodyBytes);
        if (formatVersion >= 2) {
            crc.reset();
            crc.update(block.array(), 0, StoreLayout.BLOCK_HEADER_BYTES + bodyBytes);
            block.putInt(StoreLayout.HEADER_CRC, (int) crc.getValue());
        }
        block.putInt(StoreLayout.TRAILER_MAGIC).putInt(index).putLong(fileOffset).flip();
        writeBlockBytes(block);
        return index;
    }

    /** The index of the channel named {@code name}, or -1. */
    public int channelIndex(String name) {
        Integer index = channelIndexByName.get(name);
        return index == null ? -1 : index;
    }

    public List<StoreChannel> channels() {
        return List.copyOf(channels);
    }

    /**
     * Appends one record without allocating: {@code length} payload bytes from {@code payload[offset..]}.
     * The caller has validated the frame (readers do; {@link #append(TraceRecord)} does through the record).
     */
    public void append(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        if (channelIndex < 0 || channelIndex >= channels.size()) {
            throw new IllegalArgumentException("no channel " + channelIndex);
        }
        if (length < 0 || length > StoreLayout.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload length " + length + " outside 0-4096");
        }
        if ((flags & ~FrameFlags.ALL) != 0) {
            throw new IllegalArgumentException("unknown flag bits " + flags);
        }
        if (blockRecords == StoreLayout.BLOCK_RECORDS || sideBytes > StoreLayout.SIDE_LIMIT_BYTES) {
            writeBlock();
        }
        if (blockRecords == 0) {
            blockFirstTimestampNs = timestampNs;
            blockMinTimestampNs = timestampNs;
            blockMaxTimestampNs = timestampNs;
        } else if (timestampNs > blockMaxTimestampNs) {
            blockMaxTimestampNs = timestampNs;
        } else if (timestampNs < blockMinTimestampNs) {
            blockMinTimestampNs = timestampNs;
        }
        int slot = blockRecords * StoreLayout.SLOT_BYTES;
        byte[] s = slots;
        LONG.set(s, slot + StoreLayout.SLOT_TIMESTAMP, timestampNs);
        INT.set(s, slot + StoreLayout.SLOT_IDENTIFIER, identifier);
        SHORT.set(s, slot + StoreLayout.SLOT_FLAGS, (short) flags);
        SHORT.set(s, slot + StoreLayout.SLOT_CHANNEL, (short) channelIndex);
        SHORT.set(s, slot + StoreLayout.SLOT_LENGTH, (short) length);
        s[slot + StoreLayout.SLOT_MARKER] = StoreLayout.MARKER;
        s[slot + StoreLayout.SLOT_MARKER + 1] = 0;
        LONG.set(s, slot + StoreLayout.SLOT_INLINE, 0L);
        if (length <= StoreLayout.INLINE_BYTES) {
            INT.set(s, slot + StoreLayout.SLOT_SIDE_OFFSET, 0);
            System.arraycopy(payload, offset, s, slot + StoreLayout.SLOT_INLINE, length);
        } else {
            INT.set(s, slot + StoreLayout.SLOT_SIDE_OFFSET, sideBytes);
            System.arraycopy(payload, offset, s, slot + StoreLayout.SLOT_INLINE, StoreLayout.INLINE_BYTES);
            int tail = length - StoreLayout.INLINE_BYTES;
            System.arraycopy(payload, offset + StoreLayout.INLINE_BYTES, side, sideBytes, tail);
            int padded = StoreLayout.pad8(tail);
            java.util.Arrays.fill(side, sideBytes + tail, sideBytes + padded, (byte) 0);
            sideBytes += padded;
        }
        blockRecords++;
        recordCount++;
    }

    /** Appends a record, declaring its channel (bit rate unknown) when it is new. */
    public void append(TraceRecord record) throws IOException {
        int channel = channelIndex(record.channel());
        if (channel < 0) {
            channel = addChannel(new StoreChannel(record.channel(), record.bus(), 0));
        } else if (channels.get(channel).bus() != record.bus()) {
            throw new IllegalArgumentException("channel " + record.channel() + " is " + channels.get(channel).bus()
                    + ", record is " + record.bus());
        }
        byte[] payload = record.payload();
        append(record.timestampNs(), channel, record.identifier(), record.flags(), payload, 0, payload.length);
    }

    public long recordCount() {
        return recordCount;
    }

    /** Writes the records appended so far, so that readers opening the file now see them. */
    public void flush() throws IOException {
        writeBlock();
    }

    /** {@link #flush()} and also forces the file's content to the storage device. */
    public void sync() throws IOException {
        writeBlock();
        file.force(false);
    }

    private void writeBlock() throws IOException {
        if (blockRecords == 0) {
            return;
        }
        ByteBuffer header = ByteBuffer.wrap(blockHeader).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(StoreLayout.KIND_RECORDS).putInt(blockRecords).putInt(sideBytes).putInt(0)
                .putLong(formatVersion >= 2 ? blockMinTimestampNs : blockFirstTimestampNs)
                .putLong(blockMaxTimestampNs).flip();
        int slotBytes = blockRecords * StoreLayout.SLOT_BYTES;
        if (formatVersion >= 2) {
            crc.reset();
            crc.update(blockHeader, 0, StoreLayout.BLOCK_HEADER_BYTES);
            crc.update(slots, 0, slotBytes);
            crc.update(side, 0, sideBytes);
            header.putInt(StoreLayout.HEADER_CRC, (int) crc.getValue());
        }
        ByteBuffer tail = ByteBuffer.wrap(trailer).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(StoreLayout.TRAILER_MAGIC).putInt(blockRecords).putLong(fileOffset).flip();
        // one gathering write: a killed process leaves a prefix of the block, never a hole
        writeBlockBytes(header, ByteBuffer.wrap(slots, 0, slotBytes), ByteBuffer.wrap(side, 0, sideBytes), tail);
        blockRecords = 0;
        sideBytes = 0;
    }

    /**
     * Writes one whole block, or on failure cuts the file back to where the block began (a partial block at the
     * end would hide every block written after it once the disk has room again) and rethrows.
     */
    private void writeBlockBytes(ByteBuffer... buffers) throws IOException {
        long blockStart = fileOffset;
        try {
            writeFully(buffers);
        } catch (IOException e) {
            fileOffset = blockStart;
            try {
                file.truncate(blockStart);
                file.position(blockStart);
            } catch (IOException cut) {
                e.addSuppressed(cut);
            }
            throw e;
        }
    }

    /**
     * True when {@code e} says the device is full (or the user's quota is used up): the JDK reports ENOSPC as an
     * IOException whose message is the system's text.
     */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device")
                    || message.contains("Disk quota exceeded") || message.contains("There is not enough space"))) {
                return true;
            }
        }
        return false;
    }

    private void writeFully(ByteBuffer... buffers) throws IOException {
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        long written = 0;
        while (written < total) {
            written += file.write(buffers);
        }
        fileOffset += total;
    }

    /** Records appended but not yet written to the file (a failed write keeps its block here). */
    public int bufferedRecords() {
        return blockRecords;
    }

    /** Flushes, forces the file to the device and closes it (the file is closed even when that fails). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            writeBlock();
            file.force(false);
        } finally {
            file.close();
        }
    }

    /** Closes the file without writing what is buffered: after a write failed, the file ends at a whole block. */
    public void abandon() throws IOException {
        if (!closed) {
            closed = true;
            try {
                file.force(false);
            } finally {
                file.close();
            }
        }
    }
}
