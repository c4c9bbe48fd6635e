package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;

/**
 * {@code bmsw decode --format jsonl} written straight into a byte buffer: the same bytes as
 * {@link DecodeOutput#jsonLine} followed by a newline, without a String per line or per value. Names, identifiers,
 * message names and channels are encoded once and reused; a number that is not whole is formatted once per
 * distinct value (a battery repeats its values frame after frame). Not thread-safe.
 */
final class JsonlWriter implements Consumer<DecodedMessage> {

    private static final byte[] T = ascii("{\"t\": ");
    private static final byte[] CHANNEL = ascii(", \"channel\": ");
    private static final byte[] ID = ascii(", \"id\": ");
    private static final byte[] MESSAGE = ascii(", \"message\": ");
    private static final byte[] SIGNALS = ascii(", \"signals\": {");
    private static final byte[] PROBLEMS = ascii(", \"problems\": [");
    private static final byte[] NULL = ascii("null");
    private static final byte[] COMMA = ascii(", ");
    private static final byte[] COLON = ascii(": ");
    private static final byte[] DIGIT_TENS = new byte[100];
    private static final byte[] DIGIT_ONES = new byte[100];
    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_TENS[i] = (byte) ('0' + i / 10);
            DIGIT_ONES[i] = (byte) ('0' + i % 10);
        }
    }
    private static final int NUMBER_CACHE_BITS = 12;
    private static final int NUMBER_CACHE_MASK = (1 << NUMBER_CACHE_BITS) - 1;
    /** Names, ids, channels kept encoded; a trace with more distinct ones starts over. */
    private static final int MAX_QUOTED = 4096;

    private final OutputStream out;
    private final byte[] buffer;
    private int used;
    private final Map<String, byte[]> quoted = new HashMap<>();
    // in front of the map, by identity: the decoders hand over the same name, id and channel Strings every time
    private static final int RECENT_QUOTED_BITS = 9;
    private final String[] recentText = new String[1 << RECENT_QUOTED_BITS];
    private final byte[][] recentQuoted = new byte[1 << RECENT_QUOTED_BITS][];
    // formatted numbers that are not whole, by their bits (0 never: 0.0 is whole)
    private final long[] numberBits = new long[1 << NUMBER_CACHE_BITS];
    private final byte[][] numberText = new byte[1 << NUMBER_CACHE_BITS][];
    private long lastWhole;
    private byte[] lastWholeText;
    private String lastChannel;
    private byte[] lastChannelQuoted;

    /** @param out where the lines go, in chunks of {@code bufferBytes} */
    JsonlWriter(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buffer = new byte[Math.max(256, bufferBytes)];
    }

    /** Writes one message as a JSONL line. */
    @Override
    public void accept(DecodedMessage message) {
        try {
            write(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(DecodedMessage message) throws IOException {
        put(T);
        seconds(message.timestampNs());
        put(CHANNEL);
        String channel = message.channel();
        if (channel != lastChannel) { // one String per channel from the readers: mostly no lookup
            lastChannel = channel;
            lastChannelQuoted = quotedCached(channel);
        }
        put(lastChannelQuoted);
        put(ID);
        put(quotedCached(message.id()));
        put(MESSAGE);
        put(quotedCached(message.message()));
        put(SIGNALS);
        List<DecodedSignal> signals = message.signals();
        for (int i = 0, n = signals.size(); i < n; i++) {
            DecodedSignal signal = signals.get(i);
            if (i > 0) {
                put(COMMA);
            }
            put(quotedCached(signal.name()));
            put(COLON);
            if (signal.isText()) {
                put(quotedCached(signal.text()));
            } else {
                number(signal.value());
            }
        }
        put((byte) '}');
        List<String> problems = message.problems();
        if (!problems.isEmpty()) {
            put(PROBLEMS);
            for (int i = 0; i < problems.size(); i++) {
                if (i > 0) {
                    put(COMMA);
                }
                put(quoted(problems.get(i)));
            }
            put((byte) ']');
        }
        put((byte) '}');
        put((byte) '\n');
    }

    /** Writes out what the buffer holds and flushes {@code out}. */
    void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            used = 0;
        }
    }

    private void put(byte b) throws IOException {
        if (used == buffer.length) {
            drain();
        }
        buffer[used++] = b;
    }

    private void put(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - used) {
            drain();
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, used, bytes.length);
        used += bytes.length;
    }

    /** Room for {@code n} more bytes in the buffer. */
    private void reserve(int n) throws IOException {
        if (buffer.length - used < n) {
            drain();
        }
    }

    /** As {@link DecodeOutput#seconds}: {@code 1700000000.123456}, 9 decimals when the time has sub-microseconds. */
    private void seconds(long timestampNs) throws IOException {
        if (timestampNs < 0) {
            put(ascii(DecodeOutput.seconds(timestampNs))); // before 1970: rare enough for the String path
            return;
        }
        reserve(32);
        long whole = timestampNs / 1_000_000_000L;
        long fraction = timestampNs % 1_000_000_000L;
        if (whole != lastWhole || lastWholeText == null) { // the seconds change once a second of the trace
            lastWhole = whole;
            int start = used;
            digits(whole);
            lastWholeText = java.util.Arrays.copyOfRange(buffer, start, used);
        } else {
            System.arraycopy(lastWholeText, 0, buffer, used, lastWholeText.length);
            used += lastWholeText.length;
        }
        buffer[used++] = '.';
        if (fraction % 1000 == 0) {
            fixed(fraction / 1000, 6);
        } else {
            fixed(fraction, 9);
        }
    }

    /** A non-negative number in decimal; the room was reserved. */
    private void digits(long value) {
        if (value == 0) {
            buffer[used++] = '0';
            return;
        }
        int length = 0;
        for (long v = value; v != 0; v /= 10) {
            length++;
        }
        fixedUnchecked(value, length);
    }

    /** {@code value} in exactly {@code width} digits, zeros in front; the room was reserved. */
    private void fixed(long value, int width) {
        fixedUnchecked(value, width);
    }

    private void fixedUnchecked(long value, int width) {
        int end = used + width;
        long v = value;
        int i = end - 1;
        for (; i > used && v >= 10; i -= 2) { // two digits at a time
            int pair = (int) (v % 100);
            v /= 100;
            buffer[i] = DIGIT_ONES[pair];
            buffer[i - 1] = DIGIT_TENS[pair];
        }
        for (; i >= used; i--) {
            buffer[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        used = end;
    }

    /** As {@link DecodeOutput#number}, {@code null} where that gives nothing (NaN, infinities). */
    private void number(double value) throws IOException {
        if (!Double.isFinite(value)) {
            put(NULL);
            return;
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            reserve(20);
            long whole = (long) value;
            if (whole < 0) {
                buffer[used++] = '-';
                whole = -whole;
            }
            digits(whole);
            return;
        }
        long bits = Double.doubleToRawLongBits(value);
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - NUMBER_CACHE_BITS)) & NUMBER_CACHE_MASK;
        byte[] text = numberText[slot];
        if (text == null || numberBits[slot] != bits) {
            text = ascii(DecodeOutput.number(value));
            numberBits[slot] = bits;
            numberText[slot] = text;
        }
        put(text);
    }

    private byte[] quotedCached(String text) {
        int slot = text.hashCode() & (1 << RECENT_QUOTED_BITS) - 1;
        if (recentText[slot] == text) {
            return recentQuoted[slot];
        }
        byte[] bytes = quotedInMap(text);
        recentText[slot] = text;
        recentQuoted[slot] = bytes;
        return bytes;
    }

    private byte[] quotedInMap(String text) {
        byte[] bytes = quoted.get(text);
        if (bytes == null) {
            if (quoted.size() >= MAX_QUOTED) {
                quoted.clear();
            }
            bytes = quoted(text);
            quoted.put(text, bytes);
        }
        return bytes;
    }

    /** A JSON string literal as {@link DecodeOutput#quote} makes it, in UTF-8. */
    private static byte[] quoted(String text) {
        StringBuilder literal = new StringBuilder(text.length() + 2);
        DecodeOutput.quote(literal, text);
        return literal.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
