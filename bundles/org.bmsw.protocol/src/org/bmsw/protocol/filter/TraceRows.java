package org.bmsw.protocol.filter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.can.CanDecoder;

/**
 * Decoding and filtering the rows of a trace store without holding the trace: a window of rows decoded for the
 * screen, and a filter pass that yields matching row numbers as an {@code int[]}.
 * <p>
 * A decoded message belongs to the row whose record completed it (for CAN, its own frame; for serial protocols, the
 * chunk with the frame's last byte). Decoding a window starts {@link #WARM_UP_ROWS} rows earlier, so a serial frame
 * split over records is still whole.
 */
public final class TraceRows {

    /** Rows decoded before a window and thrown away: serial frames span a few records. */
    public static final int WARM_UP_ROWS = 64;
    private static final DecodedMessage[] NONE = new DecodedMessage[0];

    private TraceRows() {
    }

    /** Progress of a long pass; return false to cancel it. */
    @FunctionalInterface
    public interface Progress {
        boolean rowsDone(long done, long total);
    }

    /**
     * The messages of rows {@code first .. first+count-1} (clipped to the store), decoded by {@code decoder} (fresh:
     * it is fed the warm-up rows first).
     */
    public static DecodedMessage[][] decode(TraceStore store, Decoder decoder, long first, int count) {
        long start = Math.max(0, first);
        long end = Math.min(store.size(), first + Math.max(0, count));
        if (end <= start) {
            return new DecodedMessage[0][];
        }
        DecodedMessage[][] rows = new DecodedMessage[(int) (end - start)][];
        List<DecodedMessage> collected = new ArrayList<>(4);
        long warm = Math.max(0, start - WARM_UP_ROWS);
        StoreCursor cursor = store.cursor();
        cursor.moveBefore(warm);
        for (long row = warm; row < end && cursor.next(); row++) {
            collected.clear();
            decoder.decode(cursor.toRecord(), collected::add);
            if (row >= start) {
                rows[(int) (row - start)] = collected.isEmpty() ? NONE : collected.toArray(NONE);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] == null) {
                rows[i] = NONE;
            }
        }
        return rows;
    }

    /**
     * The rows of {@code store} (up to {@code endRow}, exclusive) that {@code filter} matches, ascending. Decodes every
     * row only when the filter needs it. Memory: 4 bytes per match.
     *
     * @throws CancellationException when {@code progress} says stop
     */
    public static int[] filter(TraceStore store, Supplier<Decoder> decoders, TraceFilter filter, long endRow,
            Progress progress) {
        return filter(store, decoders, filter, 0, endRow, progress);
    }

    /**
     * As {@link #filter(TraceStore, Supplier, TraceFilter, long, Progress)} for rows {@code startRow .. endRow-1}
     * only (a live trace's new rows); decoding starts {@link #WARM_UP_ROWS} earlier.
     */
    public static int[] filter(TraceStore store, Supplier<Decoder> decoders, TraceFilter filter, long startRow,
            long endRow, Progress progress) {
        long end = Math.min(endRow, store.size());
        if (end > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a filter result holds at most " + Integer.MAX_VALUE + " rows");
        }
        long start = Math.max(0, startRow);
        int[] matches = new int[1024];
        int found = 0;
        Scan scan = new Scan(store, filter.needsDecoding() ? decoders.get() : null);
        long warm = scan.decoder == null ? start : Math.max(0, start - WARM_UP_ROWS);
        scan.cursor.moveBefore(warm);
        for (long row = warm; row < end && scan.cursor.next(); row++) {
            if (((row - warm) & 0xFFFF) == 0 && progress != null && !progress.rowsDone(Math.max(0, row - start), end - start)) {
                throw new CancellationException("filter cancelled at row " + row);
            }
            if (scan.test(filter, row >= start)) {
                if (found == matches.length) {
                    matches = Arrays.copyOf(matches, found * 2);
                }
                matches[found++] = (int) row;
            }
        }
        if (progress != null) {
            progress.rowsDone(end - start, end - start);
        }
        return Arrays.copyOf(matches, found);
    }

    /**
     * The first row after {@code from} (or before it, when {@code forward} is false) that {@code filter} matches, or
     * -1. Searching backwards decodes forwards in chunks, so serial frames still come out whole.
     */
    public static long find(TraceStore store, Supplier<Decoder> decoders, TraceFilter filter, long from,
            boolean forward, Progress progress) {
        long size = store.size();
        if (forward) {
            long start = Math.max(0, from + 1);
            Scan scan = new Scan(store, filter.needsDecoding() ? decoders.get() : null);
            long warm = scan.decoder == null ? start : Math.max(0, start - WARM_UP_ROWS);
            scan.cursor.moveBefore(warm);
            for (long row = warm; row < size && scan.cursor.next(); row++) {
                if (((row - warm) & 0xFFFF) == 0 && progress != null && !progress.rowsDone(Math.max(0, row - start), size - start)) {
                    throw new CancellationException("search cancelled at row " + row);
                }
                if (scan.test(filter, row >= start)) {
                    return row;
                }
            }
            return -1;
        }
        long chunk = 65_536;
        for (long chunkEnd = Math.min(from, size); chunkEnd > 0; chunkEnd -= chunk) {
            long chunkStart = Math.max(0, chunkEnd - chunk);
            if (progress != null && !progress.rowsDone(from - chunkEnd, from)) {
                throw new CancellationException("search cancelled at row " + chunkEnd);
            }
            Scan scan = new Scan(store, filter.needsDecoding() ? decoders.get() : null);
            long warm = scan.decoder == null ? chunkStart : Math.max(0, chunkStart - WARM_UP_ROWS);
            scan.cursor.moveBefore(warm);
            long last = -1;
            for (long row = warm; row < chunkEnd && scan.cursor.next(); row++) {
                if (scan.test(filter, row >= chunkStart)) {
                    last = row;
                }
            }
            if (last >= 0) {
                return last;
            }
        }
        return -1;
    }

    /** The row a filter sees during a pass: the cursor's fields, and the messages its record completed. */
    private static final class Scan implements FilterRow {

        final StoreCursor cursor;
        final Decoder decoder;
        private final TraceStore store;
        private List<StoreChannel> channels;
        private static final int CACHE_BITS = 12;
        private final CanDecoder can;
        private final long[] cachedKey = new long[1 << CACHE_BITS];
        private final long[] cachedBytes = new long[1 << CACHE_BITS];
        private final DecodedMessage[][] cachedMessages = new DecodedMessage[1 << CACHE_BITS][];
        private final List<DecodedMessage> collected = new ArrayList<>(4);
        private DecodedMessage[] messages = NONE;

        // the filter's decisions on CAN frames by channel, identifier, flags, length and bytes
        private static final int DECISION_BITS = 16;
        private final long[] decidedKey;
        private final long[] decidedBytes;
        private final byte[] decision; // 0 none yet, 1 no, 2 yes

        Scan(TraceStore store, Decoder decoder) {
            this.store = store;
            this.cursor = store.cursor();
            this.decoder = decoder;
            this.channels = store.channels();
            this.can = decoder instanceof CanDecoder canDecoder ? canDecoder : null;
            decidedKey = can == null ? null : new long[1 << DECISION_BITS];
            decidedBytes = can == null ? null : new long[1 << DECISION_BITS];
            decision = can == null ? null : new byte[1 << DECISION_BITS];
        }

        /**
         * Whether the cursor's row matches {@code filter} ({@code wanted}; a row before the range is only fed to
         * the decoder, and false).
         * <p>
         * A CAN frame's messages depend only on its identifier, flags and bytes (the CAN decoder keeps no state
         * between frames that a filter sees), so the filter's decision on a frame depends only on those, its
         * length and its channel: a frame seen before is decided without decoding or evaluating, and a frame of
         * an identifier the definition does not know is evaluated without messages.
         */
        boolean test(TraceFilter filter, boolean wanted) {
            if (can == null || cursor.bus() != BusKind.CAN || cursor.length() > 8) {
                load();
                return wanted && filter.test(this);
            }
            if (!wanted) {
                return false;
            }
            int identifier = cursor.identifier();
            int flags = cursor.flags();
            if (can.protocol().codec().messageIndex(identifier, flags) < 0) {
                messages = NONE; // not a message of the definition: nothing to decode
                return filter.test(this);
            }
            int channelIndex = cursor.channelIndex();
            if ((flags & ~0xFFFF) != 0 || channelIndex >= 1 << 12 || channelIndex < 0) {
                messages = decodeCan();
                return filter.test(this);
            }
            long key = (identifier & 0xFFFF_FFFFL) | (long) cursor.length() << 32 | (long) flags << 36
                    | (long) channelIndex << 52;
            long bytes = cursor.inlinePayload();
            int slot = (int) ((key * 0x9E3779B97F4A7C15L ^ bytes * 0xC2B2AE3D27D4EB4FL) >>> (64 - DECISION_BITS));
            if (decision[slot] != 0 && decidedKey[slot] == key && decidedBytes[slot] == bytes) {
                return decision[slot] == 2;
            }
            messages = decodeCan();
            boolean match = filter.test(this);
            decidedKey[slot] = key;
            decidedBytes[slot] = bytes;
            decision[slot] = (byte) (match ? 2 : 1);
            return match;
        }

        void load() {
            if (decoder == null) {
                return;
            }
            if (can != null && cursor.bus() == BusKind.CAN && cursor.length() <= 8) {
                messages = decodeCan();
                return;
            }
            collected.clear();
            decoder.decode(cursor.toRecord(), collected::add);
            messages = collected.isEmpty() ? NONE : collected.toArray(NONE);
        }

        /**
         * A CAN frame's messages depend only on its identifier, flags and bytes, and a battery repeats most frames
         * unchanged every second: a frame seen before gives back its messages without decoding (a filter never
         * looks at the message's time or channel, only at the row's).
         */
        private DecodedMessage[] decodeCan() {
            int identifier = cursor.identifier();
            int flags = cursor.flags();
            int length = cursor.length();
            long bytes = cursor.inlinePayload();
            long key = (long) identifier << 24 | (long) flags << 8 | length;
            int slot = (int) ((key * 0x9E3779B97F4A7C15L ^ bytes * 0xC2B2AE3D27D4EB4FL) >>> (64 - CACHE_BITS));
            if (cachedMessages[slot] != null && cachedKey[slot] == key && cachedBytes[slot] == bytes) {
                return cachedMessages[slot];
            }
            byte[] payload = new byte[length];
            cursor.payload(payload, 0);
            DecodedMessage message = can.decode(cursor.timestampNs(), channel(), identifier, flags, payload);
            DecodedMessage[] result = message == null ? NONE : new DecodedMessage[] {message};
            cachedKey[slot] = key;
            cachedBytes[slot] = bytes;
            cachedMessages[slot] = result;
            return result;
        }

        @Override
        public int identifier() {
            return cursor.identifier();
        }

        @Override
        public String channel() {
            int index = cursor.channelIndex();
            if (index >= channels.size()) {
                channels = store.channels(); // declared while recording
            }
            return channels.get(index).name();
        }

        @Override
        public int length() {
            return cursor.length();
        }

        @Override
        public DecodedMessage[] messages() {
            return messages;
        }
    }
}
