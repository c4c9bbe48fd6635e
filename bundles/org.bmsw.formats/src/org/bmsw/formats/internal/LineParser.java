package org.bmsw.formats.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.TraceFormat;

/**
 * Parses one line of a text trace from bytes (no String per line) and passes frames to the sink. A parser
 * instance reads one file: it may keep state from header lines (ASC base and date, TRC version and columns).
 */
public abstract class LineParser {

    /** The line held a frame, now passed to the sink. */
    public static final int FRAME = 0;
    /** Blank line, comment, header or an event that is not a frame. */
    public static final int IGNORED = 1;
    /** Malformed; {@link #problemKind} and {@link #problem} say why. */
    public static final int MALFORMED = 2;

    /** -1 for bytes that are not hex digits, else their value. */
    static final byte[] HEX = new byte[256];
    static final long[] POWER_OF_TEN = { 1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L,
            100_000_000L, 1_000_000_000L };

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int i = 0; i < 10; i++) {
            HEX['0' + i] = (byte) i;
        }
        for (int i = 0; i < 6; i++) {
            HEX['a' + i] = (byte) (10 + i);
            HEX['A' + i] = (byte) (10 + i);
        }
    }

    protected FrameSink sink;
    /** Reused for every frame: readers never allocate a payload array per frame. */
    protected final byte[] data = new byte[TraceRecord.MAX_SERIAL_LENGTH + 1];
    String problemKind = "";
    String problem = "";
    private final List<String> channelNames = new ArrayList<>();
    private final List<byte[]> channelBytes = new ArrayList<>();
    /** Up to this many channels are found by scanning their bytes (no allocation), beyond by name. */
    private static final int FEW_CHANNELS = 16;
    private final java.util.Map<String, Integer> channelIndex = new java.util.HashMap<>();
    protected int lastChannel = -1;
    /** The bytes of the last channel seen, and of every channel by index, for the fast paths. */
    protected byte[] lastChannelBytes = new byte[0];
    protected byte[][] knownChannelBytes = new byte[0][];

    public abstract TraceFormat format();

    public void setSink(FrameSink sink) {
        this.sink = sink;
    }

    /** Parses {@code line[start, end)} (no line terminator) and returns {@link #FRAME}, {@link #IGNORED} or {@link #MALFORMED}. */
    public abstract int parseLine(byte[] line, int start, int end) throws IOException;

    /**
     * An optional fast path for the most common line of a format: parses the line starting at {@code start}
     * (which ends with a line feed before {@code limit}), passes its frame on and returns the position after
     * the line feed; or returns -1 without side effects, and the line goes through {@link #parseLine}.
     */
    public int fastLine(byte[] line, int start, int limit) throws IOException {
        return -1;
    }

    /** Records why the line is malformed and returns {@link #MALFORMED}. */
    protected final int fail(String kind, String message) {
        problemKind = kind;
        problem = message;
        return MALFORMED;
    }

    public String problemKind() {
        return problemKind;
    }

    public String problem() {
        return problem;
    }

    /** Longest channel name in UTF-8 bytes: what a trace store can hold, and far more than any bus name. */
    public static final int MAX_CHANNEL_NAME_BYTES = 255;
    /** Most channels in one trace: what a trace store can number. */
    public static final int MAX_CHANNELS = 0xFFFF;

    /**
     * The index of the channel named by {@code bytes[start, end)}, announcing it to the sink when new; or -1,
     * with the problem recorded, when the name is too long or there are too many channels.
     */
    protected final int channel(byte[] bytes, int start, int end, BusKind bus) throws IOException {
        if (lastChannel >= 0 && sameBytes(lastChannelBytes, bytes, start, end)) {
            return lastChannel;
        }
        if (channelBytes.size() <= FEW_CHANNELS) { // the common case, without allocating
            for (int i = 0; i < channelBytes.size(); i++) {
                if (sameBytes(channelBytes.get(i), bytes, start, end)) {
                    lastChannel = i;
                    lastChannelBytes = channelBytes.get(i);
                    return i;
                }
            }
        }
        if (end - start > MAX_CHANNEL_NAME_BYTES) {
            fail("channel name too long", "channel name of " + (end - start) + " bytes, at most "
                    + MAX_CHANNEL_NAME_BYTES + ": '" + text(bytes, start, end) + "...'");
            return -1;
        }
        // by name: bytes that are not UTF-8 decode to the same name as other such bytes
        String name = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        Integer index = channelIndex.get(name);
        if (index != null) {
            lastChannel = index;
            lastChannelBytes = channelBytes.get(index);
            return index;
        }
        return addChannel(name, bus);
    }

    /** The index of the channel {@code name}, announcing it when new; -1 as above. */
    protected final int channel(String name, BusKind bus) throws IOException {
        Integer index = channelIndex.get(name);
        if (index != null) {
            return index;
        }
        return addChannel(name, bus);
    }

    private int addChannel(String name, BusKind bus) throws IOException {
        if (name.isBlank()) {
            fail("no channel", "no channel name");
            return -1;
        }
        if (channelNames.size() == MAX_CHANNELS) {
            fail("too many channels", "more than " + MAX_CHANNELS + " channels; '" + text(name) + "' is left out");
            return -1;
        }
        byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
        if (encoded.length > MAX_CHANNEL_NAME_BYTES) { // bytes that are not UTF-8 grow to 3 bytes each
            fail("channel name too long", "channel name of " + encoded.length + " bytes, at most "
                    + MAX_CHANNEL_NAME_BYTES + ": '" + text(name) + "'");
            return -1;
        }
        channelNames.add(name);
        channelBytes.add(encoded);
        lastChannel = channelNames.size() - 1;
        channelIndex.put(name, lastChannel);
        lastChannelBytes = channelBytes.get(lastChannel);
        if (channelBytes.size() <= FEW_CHANNELS) { // fast paths scan these; further channels take the slow path
            knownChannelBytes = channelBytes.toArray(new byte[0][]);
        }
        sink.channel(lastChannel, name, bus);
        return lastChannel;
    }

    private static boolean sameBytes(byte[] known, byte[] bytes, int start, int end) {
        if (known.length != end - start) {
            return false;
        }
        for (int i = 0; i < known.length; i++) {
            if (known[i] != bytes[start + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks a CAN frame against the {@link TraceRecord} rules and passes it on; returns {@link #FRAME} or the
     * problem. Cheap for the common case (classic data frame with a valid id).
     */
    protected final int emitCan(long timestampNs, int channel, int identifier, int flags, int length)
            throws IOException {
        if (channel < 0) {
            return MALFORMED; // channel() recorded why
        }
        boolean fd = (flags & FrameFlags.FD) != 0;
        int maxId = (flags & (FrameFlags.EXTENDED | FrameFlags.ERROR)) != 0 ? TraceRecord.MAX_EXTENDED_ID
                : TraceRecord.MAX_STANDARD_ID;
        if (identifier < 0 || identifier > maxId) {
            return fail("identifier out of range", String.format("identifier 0x%X exceeds %d bits", identifier,
                    maxId == TraceRecord.MAX_STANDARD_ID ? 11 : 29));
        }
        if (fd) {
            if (length > TraceRecord.MAX_FD_LENGTH) {
                return fail("data length exceeds 64 for a CAN FD frame",
                        "data length " + length + " exceeds 64 for a CAN FD frame");
            }
            if (!TraceRecord.isValidFdLength(length)) {
                return fail("data length is not a CAN FD length", "data length " + length
                        + " is not a CAN FD length (0-8, 12, 16, 20, 24, 32, 48, 64)");
            }
            if ((flags & FrameFlags.RTR) != 0) {
                return fail("remote CAN FD frame", "CAN FD has no remote frames");
            }
        } else if (length > TraceRecord.MAX_CLASSIC_LENGTH) {
            return fail("data length exceeds 8 for a classic CAN frame",
                    "data length " + length + " exceeds 8 for a classic CAN frame");
        } else if ((flags & (FrameFlags.FD_BRS | FrameFlags.FD_ESI)) != 0) {
            return fail("BRS/ESI without CAN FD", "BRS/ESI flags on a frame that is not CAN FD");
        }
        if (length < 0) {
            return fail("bad data length", "negative data length " + length);
        }
        if ((flags & FrameFlags.RTR) != 0) { // a remote frame's length is the one requested; it carries no data
            java.util.Arrays.fill(data, 0, length, (byte) 0);
        }
        sink.frame(timestampNs, channel, identifier, flags, data, 0, length);
        return FRAME;
    }

    /** Checks a serial chunk in {@link #data} and passes it on, like {@link #emitCan}. */
    protected final int emitSerial(long timestampNs, int channel, int flags, int length) throws IOException {
        if (channel < 0) {
            return MALFORMED;
        }
        sink.frame(timestampNs, channel, 0, flags, data, 0, length);
        return FRAME;
    }

    private static String text(String name) {
        return name.length() > 60 ? name.substring(0, 60) + "..." : name;
    }

    // --- small byte helpers shared by the parsers

    static boolean isSpace(byte b) {
        return b == ' ' || b == '\t';
    }

    static int skipSpaces(byte[] b, int p, int end) {
        while (p < end && isSpace(b[p])) {
            p++;
        }
        return p;
    }

    static int tokenEnd(byte[] b, int p, int end) {
        while (p < end && !isSpace(b[p])) {
            p++;
        }
        return p;
    }

    static boolean startsWith(byte[] b, int p, int end, String prefix) {
        if (end - p < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[p + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(byte[] b, int start, int end, String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.toLowerCase(b[start + i]) != Character.toLowerCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Hex value of {@code b[start, end)}, or -1 when empty, not hex or longer than 8 digits. */
    static long hex(byte[] b, int start, int end) {
        if (start >= end || end - start > 8) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = HEX[b[i] & 0xFF];
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Decimal value of {@code b[start, end)}, or -1 when empty, not decimal or longer than 18 digits. */
    static long decimal(byte[] b, int start, int end) {
        if (start >= end || end - start > 18) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * A decimal number with an optional fraction ({@code 12.345}) scaled by 10^{@code scaleDigits}, e.g. seconds
     * to ns with 9; digits beyond the scale are dropped. {@link Long#MIN_VALUE} when malformed.
     */
    static long scaledDecimal(byte[] b, int start, int end, int scaleDigits) {
        boolean negative = start < end && b[start] == '-';
        int p = negative ? start + 1 : start;
        long whole = 0;
        int digits = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            whole = whole * 10 + (b[p++] - '0');
            if (++digits > 18) {
                return Long.MIN_VALUE;
            }
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (p < end && b[p] == '.') {
            p++;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                if (fractionDigits < scaleDigits) {
                    fraction = fraction * 10 + (b[p] - '0');
                    fractionDigits++;
                }
                p++;
                digits++;
            }
        }
        if (p != end || digits == 0) {
            return Long.MIN_VALUE;
        }
        long value = whole * POWER_OF_TEN[scaleDigits] + fraction * POWER_OF_TEN[scaleDigits - fractionDigits];
        return negative ? -value : value;
    }

    static String text(byte[] b, int start, int end) {
        return new String(b, start, Math.min(end - start, 60), StandardCharsets.UTF_8);
    }

    /** Length of a CAN FD data length code (0-15); -1 for any other code. */
    static int fdLengthOfDlc(int dlc) {
        return dlc < 0 || dlc > 15 ? -1 : dlc <= 8 ? dlc : new int[] { 12, 16, 20, 24, 32, 48, 64 }[dlc - 9];
    }
}
