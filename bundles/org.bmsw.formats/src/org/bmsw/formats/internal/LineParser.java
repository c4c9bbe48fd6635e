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

    /** The index of the channel named by {@code bytes[start, end)}, announcing it to the sink when new. */
    protected final int channel(byte[] bytes, int start, int end, BusKind bus) throws IOException {
        if (lastChannel >= 0 && sameBytes(lastChannelBytes, bytes, start, end)) {
            return lastChannel;
        }
        for (int i = 0; i < channelBytes.size(); i++) {
            if (sameBytes(channelBytes.get(i), bytes, start, end)) {
                lastChannel = i;
                lastChannelBytes = channelBytes.get(i);
                return i;
            }
        }
        return addChannel(new String(bytes, start, end - start, StandardCharsets.UTF_8), bus);
    }

    /** The index of the channel {@code name}, announcing it when new. */
    protected final int channel(String name, BusKind bus) throws IOException {
        int index = channelNames.indexOf(name);
        return index >= 0 ? index : addChannel(name, bus);
    }

    private int addChannel(String name, BusKind bus) throws IOException {
        channelNames.add(name);
        channelBytes.add(name.getBytes(StandardCharsets.UTF_8));
        lastChannel = channelNames.size() - 1;
        lastChannelBytes = channelBytes.get(lastChannel);
        knownChannelBytes = channelBytes.toArray(new byte[0][]);
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
        } else if (length > TraceRecord.MAX_CLASSIC_LENGTH) {
            return fail("data length exceeds 8 for a classic CAN frame",
                    "data length " + length + " exceeds 8 for a classic CAN frame");
        }
        sink.frame(timestampNs, channel, identifier, flags, data, 0, length);
        return FRAME;
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

    /** Length of a CAN FD data length code (0-15). */
    static int fdLengthOfDlc(int dlc) {
        return dlc <= 8 ? dlc : new int[] { 12, 16, 20, 24, 32, 48, 64 }[dlc - 9];
    }
}
