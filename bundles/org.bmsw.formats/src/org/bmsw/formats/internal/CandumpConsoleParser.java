package org.bmsw.formats.internal;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * can-utils {@code candump} console output: {@code   can0  351   [8]  14 02 C0 12 C0 12 C2 01}, optionally
 * after a {@code -t a|d|z} timestamp {@code (1700000000.123456)} or a {@code -t A} date
 * {@code (2023-11-14 22:13:20.123456)}, with {@code -x} columns ({@code RX B E}), {@code [NN]} two-digit
 * lengths of CAN FD, {@code remote request}, {@code ERRORFRAME} and the {@code -a} ASCII column. Without a
 * timestamp the frames get time 0. Lines starting with {@code #} are comments; tab-indented lines are the
 * error-frame details of {@code candump -e} and are ignored.
 */
public final class CandumpConsoleParser extends LineParser {

    private final Tokens tokens = new Tokens();

    @Override
    public TraceFormat format() {
        return TraceFormat.CANDUMP_CONSOLE;
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        if (b[start] == '\t') {
            return IGNORED;
        }
        int p = skipSpaces(b, start, end);
        if (p == end || b[p] == '#') {
            return IGNORED;
        }
        long timestampNs = 0;
        if (b[p] == '(') {
            int close = p;
            while (close < end && b[close] != ')') {
                close++;
            }
            if (close == end) {
                return fail("bad timestamp", "timestamp not closed by ')'");
            }
            timestampNs = timestamp(b, p + 1, close);
            if (timestampNs == Long.MIN_VALUE) {
                return fail("bad timestamp", "bad timestamp '" + text(b, p + 1, close) + "'");
            }
            p = close + 1;
        }
        if (!tokens.split(b, p, end) || tokens.count < 2) {
            return fail("not a candump line", "not a candump line: '" + text(b, start, end) + "'");
        }
        int t = 1;
        int flags = 0;
        if (tokens.count > 5 && (tokens.is(b, 1, "RX") || tokens.is(b, 1, "TX")) && tokens.length(2) == 1
                && tokens.length(3) == 1) {
            flags |= tokens.is(b, 1, "TX") ? FrameFlags.TX : 0;
            flags |= b[tokens.starts[2]] == 'B' ? FrameFlags.FD_BRS : 0;
            flags |= b[tokens.starts[3]] == 'E' ? FrameFlags.FD_ESI : 0;
            t = 4;
        }
        long id = tokens.hex(b, t);
        int idDigits = tokens.length(t);
        if (id < 0 || (idDigits != 3 && idDigits != 8)) {
            return fail("bad identifier", "identifier '" + tokens.text(b, t) + "' is not 3 or 8 hex digits");
        }
        int identifier = (int) id;
        if (idDigits == 8) {
            if ((identifier & CanFrameNotation.CAN_ERR_FLAG) != 0) {
                flags |= FrameFlags.ERROR;
                identifier &= ~CanFrameNotation.CAN_ERR_FLAG;
            } else {
                flags |= FrameFlags.EXTENDED;
            }
        }
        if (t + 1 >= tokens.count) {
            return fail("no data length", "no data length after the identifier");
        }
        int lengthToken = t + 1;
        int ls = tokens.starts[lengthToken];
        int le = tokens.ends[lengthToken];
        if (le - ls < 3 || b[ls] != '[' || b[le - 1] != ']') {
            return fail("no data length", "expected the data length as [n], got '" + tokens.text(b, lengthToken)
                    + "'");
        }
        long length = decimal(b, ls + 1, le - 1);
        if (length < 0) {
            return fail("no data length", "bad data length '" + tokens.text(b, lengthToken) + "'");
        }
        if (le - ls == 4) { // candump prints CAN FD lengths as [%02d]
            flags |= FrameFlags.FD;
        } else {
            flags &= ~(FrameFlags.FD_BRS | FrameFlags.FD_ESI);
        }
        int first = lengthToken + 1;
        if (first < tokens.count && tokens.is(b, first, "remote")) {
            if (length > 8) {
                return fail("bad remote frame length", "remote frame length " + length + " is not 0-8");
            }
            java.util.Arrays.fill(data, 0, (int) length, (byte) 0);
            return emitCan(timestampNs, channel(b, tokens.starts[0], tokens.ends[0], BusKind.CAN), identifier,
                    (flags | FrameFlags.RTR) & ~FrameFlags.FD, (int) length);
        }
        if (length > 64 || tokens.count - first < length) {
            return fail("fewer data bytes than the length", "data length [" + length + "] but "
                    + Math.max(0, tokens.count - first) + " data bytes");
        }
        if (!tokens.hexBytes(b, first, (int) length, data)) {
            return fail("bad data byte", "data bytes must be two hex digits each");
        }
        int after = first + (int) length;
        if (after < tokens.count && b[tokens.starts[after]] != '\'' && !tokens.is(b, after, "ERRORFRAME")) {
            return fail("unexpected text after the frame", "unexpected text after the data: '"
                    + tokens.text(b, after) + "'");
        }
        return emitCan(timestampNs, channel(b, tokens.starts[0], tokens.ends[0], BusKind.CAN), identifier, flags,
                (int) length);
    }

    /** {@code 1700000000.123456} or {@code 2023-11-14 22:13:20.123456} (UTC) as ns, or {@link Long#MIN_VALUE}. */
    private static long timestamp(byte[] b, int start, int end) {
        if (end - start > 19 && b[start + 4] == '-' && b[start + 10] == ' ') {
            try {
                String text = new String(b, start, end - start, java.nio.charset.StandardCharsets.US_ASCII);
                LocalDateTime time = LocalDateTime.parse(text.replace(' ', 'T'));
                return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + time.getNano();
            } catch (RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }
        return scaledDecimal(b, start, end, 9);
    }
}
