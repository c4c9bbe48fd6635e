package org.bmsw.formats.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.formats.TraceWriter;

/** Base of the text writers: formats into a byte buffer with hand-written number formatting, no String per frame. */
abstract class TextTraceWriter implements TraceWriter {

    private static final byte[] HEX_DIGITS = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    protected byte[] buffer = new byte[1 << 16];
    protected int size;
    protected final List<String> channelNames = new ArrayList<>();
    protected final List<BusKind> channelBuses = new ArrayList<>();
    protected final List<byte[]> channelBytes = new ArrayList<>();
    private long written;
    private long notWritten;
    private String notWrittenReason = "";

    TextTraceWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void channel(int channelIndex, String name, BusKind bus) throws IOException {
        while (channelNames.size() <= channelIndex) {
            channelNames.add(null);
            channelBuses.add(null);
            channelBytes.add(null);
        }
        channelNames.set(channelIndex, name);
        channelBuses.set(channelIndex, bus);
        channelBytes.set(channelIndex, name.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts a frame the format cannot hold; returns false for the caller to return with. */
    protected final boolean notWritten(String reason) {
        if (notWritten++ == 0) {
            notWrittenReason = reason;
        }
        return false;
    }

    protected final void frameWritten() throws IOException {
        written++;
        if (size > buffer.length - 4096) {
            flushBuffer();
        }
    }

    protected final void ensure(int bytes) {
        if (size + bytes > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
        }
    }

    protected final void flushBuffer() throws IOException {
        out.write(buffer, 0, size);
        size = 0;
    }

    protected final void ascii(String text) {
        ensure(text.length() * 3);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    protected final void bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    protected final void put(char c) {
        buffer[size++] = (byte) c;
    }

    protected final void hexByte(int value) {
        buffer[size++] = HEX_DIGITS[(value >> 4) & 0xF];
        buffer[size++] = HEX_DIGITS[value & 0xF];
    }

    /** {@code value} as {@code digits} upper-case hex digits. */
    protected final void hex(long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            buffer[size++] = HEX_DIGITS[(int) (value >>> shift) & 0xF];
        }
    }

    /** Upper-case hex without leading zeros. */
    protected final void hex(long value) {
        int digits = 1;
        while (digits < 16 && (value >>> (digits * 4)) != 0) {
            digits++;
        }
        hex(value, digits);
    }

    /** Non-negative {@code value} in decimal, left-padded with {@code pad} to {@code width}. */
    protected final void decimal(long value, int width, char pad) {
        ensure(24 + width);
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            buffer[size++] = (byte) pad;
        }
        int end = size + digits;
        for (int i = end - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size = end;
    }

    /**
     * The start of a candump-log-style line, {@code (1700000000.123456) can0}: 6 decimals of time, 9 when the
     * timestamp has sub-microsecond digits, so nothing is lost. The timestamp must not be negative.
     */
    protected final void timeAndChannel(long timestampNs, int channelIndex) {
        put('(');
        decimal(timestampNs / 1_000_000_000L, 10, '0');
        put('.');
        long nanos = timestampNs % 1_000_000_000L;
        if (nanos % 1000 == 0) {
            decimal(nanos / 1000, 6, '0');
        } else {
            decimal(nanos, 9, '0');
        }
        put(')');
        put(' ');
        bytes(channelBytes.get(channelIndex));
    }

    protected final void spaces(int count) {
        for (int i = 0; i < count; i++) {
            buffer[size++] = ' ';
        }
    }

    /** The bus number of a channel for formats with numbered buses: N for {@code canN}, else the index. */
    protected final int busNumber(int channelIndex) {
        String name = channelNames.get(channelIndex);
        if (name.startsWith("can") && name.length() > 3 && name.length() < 8) {
            try {
                return Integer.parseInt(name.substring(3));
            } catch (NumberFormatException e) {
                return channelIndex;
            }
        }
        return channelIndex;
    }

    /** Called once before close, e.g. to write a header of an empty file. */
    protected void finish() throws IOException {
    }

    @Override
    public long framesWritten() {
        return written;
    }

    @Override
    public long framesNotWritten() {
        return notWritten;
    }

    @Override
    public String notWrittenReason() {
        return notWrittenReason;
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
            flushBuffer();
        } finally {
            out.close();
        }
    }
}
