package org.bmsw.formats.internal;

import java.io.IOException;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.TraceFormat;

/**
 * The serial byte dump (format defined in the bundle README): one chunk of bytes per line,
 * {@code (<seconds>.<fraction>) <channel> RX|TX <hex bytes>}, bytes as two hex digits, spaces between them
 * optional; {@code #} starts a comment line. At most 4096 bytes per line.
 */
public final class SerialDumpParser extends LineParser {

    @Override
    public TraceFormat format() {
        return TraceFormat.SERIAL_DUMP;
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        int p = skipSpaces(b, start, end);
        if (p == end || b[p] == '#') {
            return IGNORED;
        }
        if (b[p] != '(') {
            return fail("not a serial dump line", "not a serial dump line (expected '(' and a timestamp): '"
                    + text(b, start, end) + "'");
        }
        int close = p;
        while (close < end && b[close] != ')') {
            close++;
        }
        long timestampNs = close == end ? Long.MIN_VALUE : scaledDecimal(b, p + 1, close, 9);
        if (timestampNs == Long.MIN_VALUE) {
            return fail("bad timestamp", "bad timestamp: '" + text(b, start, end) + "'");
        }
        p = skipSpaces(b, close + 1, end);
        int channelStart = p;
        p = tokenEnd(b, p, end);
        int channelEnd = p;
        p = skipSpaces(b, p, end);
        int directionEnd = tokenEnd(b, p, end);
        int flags;
        if (equalsIgnoreCase(b, p, directionEnd, "RX")) {
            flags = 0;
        } else if (equalsIgnoreCase(b, p, directionEnd, "TX")) {
            flags = FrameFlags.TX;
        } else {
            return fail("no direction", "expected RX or TX after the channel: '" + text(b, start, end) + "'");
        }
        if (channelEnd == channelStart) {
            return fail("no channel", "no channel name");
        }
        p = directionEnd;
        int length = 0;
        while (true) {
            p = skipSpaces(b, p, end);
            if (p >= end) {
                break;
            }
            int high = HEX[b[p] & 0xFF];
            int low = p + 1 < end ? HEX[b[p + 1] & 0xFF] : -1;
            if (high < 0 || low < 0) {
                return fail("bad data byte", "bad hex byte at column " + (p - start + 1) + ": '"
                        + text(b, p, Math.min(end, p + 8)) + "'");
            }
            if (length == TraceRecord.MAX_SERIAL_LENGTH) {
                return fail("chunk too long", "chunk longer than " + TraceRecord.MAX_SERIAL_LENGTH + " bytes");
            }
            data[length++] = (byte) (high << 4 | low);
            p += 2;
        }
        return emitSerial(timestampNs, channel(b, channelStart, channelEnd, BusKind.SERIAL), flags, length);
    }
}
