package org.bmsw.formats.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * can-utils log lines: {@code (1700000000.123456) can0 351#1402C012C012C201}, with the compact frame syntax of
 * {@code lib.h parse_canframe}: 3 or 8 id digits, {@code R[len]} remote frames, {@code ##<flags>} CAN FD,
 * {@code .} between bytes, {@code _<dlc>} raw DLC (accepted, not kept), error frames via {@code CAN_ERR_FLAG},
 * and the {@code candump -x} direction suffix {@code " R"} / {@code " T"}. 6 or 9 decimals (-N) of time.
 * This is the hot path of the benchmark: one pass over the bytes, no allocation.
 */
public final class CandumpLogParser extends LineParser {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    public TraceFormat format() {
        return TraceFormat.CANDUMP_LOG;
    }

    /**
     * The plain line {@code (sec.usec) chan id#hexdata\n} with 10 + 6 digits of time, a 3- or 8-digit data
     * frame identifier and at most 8 bytes, on a known channel: everything else (and every error) goes through
     * {@link #parseLine}. The driver leaves 64 spare bytes after every chunk, so the 8-byte reads stay inside
     * the buffer, and every byte read is checked before use, so no read crosses the line feed unnoticed.
     */
    @Override
    public int fastLine(byte[] b, int start, int limit) throws IOException {
        // the usual (1700000000.123456): 10 + 6 digits, read 8 bytes at a time
        if (b[start] != '(' || b[start + 11] != '.' || b[start + 18] != ')' || b[start + 19] != ' ') {
            return -1;
        }
        long high8 = (long) LONG.get(b, start + 3);
        long fraction8 = (long) LONG.get(b, start + 10) & ~0xFFFFL | 0x3030L; // "x.123456" -> "00123456"
        int top2 = (b[start + 1] - '0') * 10 + (b[start + 2] - '0');
        if (!eightDigits(high8) || !eightDigits(fraction8) || top2 < 0 || top2 > 99 || b[start + 1] > '9'
                || b[start + 2] > '9') {
            return -1;
        }
        long seconds = top2 * 100_000_000L + digitsValue(high8);
        long fraction = digitsValue(fraction8);
        int p = start + 20;
        int digit;
        int channelIndex = lastChannel;
        if (!sameChannel(b, p, lastChannelBytes)) {
            channelIndex = -1;
            byte[][] known = knownChannelBytes;
            for (int i = 0; i < known.length; i++) {
                if (sameChannel(b, p, known[i])) {
                    channelIndex = i;
                    lastChannel = i;
                    lastChannelBytes = known[i];
                    break;
                }
            }
            if (channelIndex < 0) {
                return -1;
            }
        }
        p += lastChannelBytes.length + 1;
        int idStart = p;
        int identifier = 0;
        while ((digit = HEX[b[p] & 0xFF]) >= 0) {
            identifier = identifier << 4 | digit;
            p++;
        }
        int flags;
        if (b[p] != '#') {
            return -1;
        }
        if (p - idStart == 3) {
            if (identifier > 0x7FF) {
                return -1;
            }
            flags = 0;
        } else if (p - idStart == 8 && (identifier & ~0x1FFF_FFFF) == 0) {
            flags = FrameFlags.EXTENDED;
        } else {
            return -1;
        }
        p++;
        byte[] bytes = data;
        int length = 0;
        while (true) {
            byte c = b[p];
            if (c == '\n') {
                break;
            }
            int high = HEX[c & 0xFF];
            int low = HEX[b[p + 1] & 0xFF];
            if ((high | low) < 0 || length == 8) {
                return -1;
            }
            bytes[length++] = (byte) (high << 4 | low);
            p += 2;
        }
        sink.frame(seconds * 1_000_000_000L + fraction * 1000L, channelIndex, identifier, flags, bytes, 0, length);
        return p + 1;
    }

    /** True when the 8 little-endian bytes are all ASCII digits. */
    private static boolean eightDigits(long v) {
        return (v & 0xF0F0_F0F0_F0F0_F0F0L) == 0x3030_3030_3030_3030L
                && ((v + 0x0606_0606_0606_0606L) & 0xF0F0_F0F0_F0F0_F0F0L) == 0x3030_3030_3030_3030L;
    }

    /** The number written by 8 ASCII digits, first digit in the lowest byte (SWAR: 3 multiplies, no loop). */
    private static long digitsValue(long v) {
        v = ((v & 0x0F0F_0F0F_0F0F_0F0FL) * 2561) >>> 8;
        v = ((v & 0x00FF_00FF_00FF_00FFL) * 6553601) >>> 16;
        return ((v & 0x0000_FFFF_0000_FFFFL) * 42949672960001L) >>> 32;
    }

    /** True when {@code b[p..]} is {@code channel} followed by a space; the line feed ahead stops a mismatch. */
    private static boolean sameChannel(byte[] b, int p, byte[] channel) {
        int length = channel.length;
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[p + i] != channel[i]) {
                return false;
            }
        }
        return b[p + length] == ' ';
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        int p = start;
        if (b[p] != '(') {
            return b[p] == '#' ? IGNORED : fail("not a candump log line", "not a candump log line (expected '(' and a"
                    + " timestamp): '" + text(b, start, end) + "'");
        }
        p++;
        long seconds = 0;
        int digitsStart = p;
        int digit;
        while (p < end && (digit = b[p] - '0') >= 0 && digit <= 9) {
            seconds = seconds * 10 + digit;
            p++;
        }
        if (p == digitsStart || p - digitsStart > 10 || p >= end) {
            return fail("bad timestamp", "bad timestamp: '" + text(b, start, end) + "'");
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (b[p] == '.') {
            p++;
            while (p < end && (digit = b[p] - '0') >= 0 && digit <= 9) {
                if (fractionDigits < 9) {
                    fraction = fraction * 10 + digit;
                    fractionDigits++;
                }
                p++;
            }
        }
        if (p + 1 >= end || b[p] != ')' || b[p + 1] != ' ') {
            return fail("bad timestamp", "bad timestamp (expected ')' and a space): '" + text(b, start, end) + "'");
        }
        long timestampNs = seconds * 1_000_000_000L + fraction * POWER_OF_TEN[9 - fractionDigits];
        p += 2;
        int channelStart = p;
        while (p < end && b[p] != ' ') {
            p++;
        }
        if (p == channelStart || p >= end) {
            return fail("no frame after the channel", "no frame after the channel name");
        }
        int channelEnd = p++;
        int idStart = p;
        int identifier = 0;
        while (p < end && (digit = HEX[b[p] & 0xFF]) >= 0) {
            identifier = identifier << 4 | digit;
            p++;
        }
        int idDigits = p - idStart;
        if (p >= end || b[p] != '#') {
            return fail("bad frame", "expected <id>#<data> after the channel: '" + text(b, idStart, end) + "'");
        }
        int flags;
        if (idDigits == 3) {
            flags = 0;
        } else if (idDigits == 8) {
            if ((identifier & CanFrameNotation.CAN_ERR_FLAG) != 0) {
                flags = FrameFlags.ERROR;
                identifier &= ~CanFrameNotation.CAN_ERR_FLAG;
            } else {
                flags = FrameFlags.EXTENDED;
            }
        } else {
            return fail("bad identifier", "identifier '" + text(b, idStart, p) + "' must have 3 or 8 hex digits");
        }
        p++;
        int length = 0;
        if (p < end && b[p] == '#') { // CAN FD: one hex digit of flags, then the data
            p++;
            int fdFlags = p < end ? HEX[b[p] & 0xFF] : -1;
            if (fdFlags < 0) {
                return fail("bad CAN FD flags", "CAN FD frame without its flags digit after '##'");
            }
            p++;
            flags |= FrameFlags.FD | ((fdFlags & 1) != 0 ? FrameFlags.FD_BRS : 0)
                    | ((fdFlags & 2) != 0 ? FrameFlags.FD_ESI : 0);
        } else if (p < end && (b[p] == 'R' || b[p] == 'r')) {
            p++;
            flags |= FrameFlags.RTR;
            if (p < end && b[p] != ' ') {
                length = HEX[b[p] & 0xFF];
                if (length < 0 || length > 8) {
                    return fail("bad remote frame length", "remote frame length '" + (char) b[p] + "' is not 0-8");
                }
                p++;
            }
            java.util.Arrays.fill(data, 0, length, (byte) 0);
            return finish(b, p, end, timestampNs, channelStart, channelEnd, identifier, flags, length);
        }
        byte[] bytes = data;
        while (p < end) {
            int high = HEX[b[p] & 0xFF];
            if (high < 0) {
                if (b[p] == '.') {
                    p++;
                    continue;
                }
                break;
            }
            int low = p + 1 < end ? HEX[b[p + 1] & 0xFF] : -1;
            if (low < 0) {
                return fail("odd number of hex digits", "odd number of hex digits in the data");
            }
            if (length < bytes.length) {
                bytes[length] = (byte) (high << 4 | low);
            }
            length++;
            p += 2;
        }
        if (p < end && b[p] == '_' && (flags & FrameFlags.FD) == 0) { // raw DLC 9-15 of an 8-byte frame
            p += 2;
        }
        return finish(b, p, end, timestampNs, channelStart, channelEnd, identifier, flags, length);
    }

    private int finish(byte[] b, int p, int end, long timestampNs, int channelStart, int channelEnd, int identifier,
            int flags, int length) throws IOException {
        if (p < end) {
            if (p + 2 == end && b[p] == ' ' && (b[p + 1] == 'T' || b[p + 1] == 'R')) {
                if (b[p + 1] == 'T') {
                    flags |= FrameFlags.TX;
                }
            } else if (skipSpaces(b, p, end) != end) {
                return fail("unexpected text after the frame", "unexpected text after the frame: '" + text(b, p, end)
                        + "'");
            }
        }
        return emitCan(timestampNs, channel(b, channelStart, channelEnd, BusKind.CAN), identifier, flags, length);
    }
}
