package org.bmsw.formats.internal;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * Vector ASC as can-utils {@code log2asc} and CANoe write it: header lines ({@code date}, {@code base hex|dec
 * timestamps absolute|relative}, {@code // version}, {@code Begin/End Triggerblock}), classic lines
 * {@code <time> <ch> <id>[x] <Rx|Tx> d <dlc> <bytes>}, remote {@code r [dlc]}, {@code ErrorFrame} and
 * {@code CANFD <ch> <dir> <id>[x] [name] <brs> <esi> <dlc> <len> <bytes> …}. Channel n becomes {@code can<n-1>}.
 * The {@code date} line has no time zone; it is read (and written) as UTC. Other events are ignored.
 */
public final class AscParser extends LineParser {

    private static final String[] MONTHS = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec" };

    private final Tokens tokens = new Tokens();
    private boolean decimalBase;
    private boolean relativeTimestamps;
    private long startNs;
    private long previousNs;

    @Override
    public TraceFormat format() {
        return TraceFormat.VECTOR_ASC;
    }

    @Override
    public int parseLine(byte[] b, int start, int end) throws IOException {
        if (!tokens.split(b, start, end) || tokens.count == 0) {
            return tokens.count == 0 ? IGNORED : fail("line too long", "too many fields");
        }
        if (tokens.is(b, 0, "date")) {
            long date = date(b);
            if (date == Long.MIN_VALUE) {
                return fail("bad date", "cannot read the date '" + text(b, start, end) + "'");
            }
            startNs = date;
            return IGNORED;
        }
        if (tokens.is(b, 0, "base")) {
            decimalBase = tokens.count > 1 && tokens.is(b, 1, "dec");
            relativeTimestamps = tokens.count > 3 && tokens.is(b, 3, "relative");
            return IGNORED;
        }
        long time = scaledDecimal(b, tokens.starts[0], tokens.ends[0], 9);
        if (time == Long.MIN_VALUE) {
            return IGNORED; // header and trigger-block lines, comments
        }
        if (tokens.count < 3) {
            return IGNORED;
        }
        long timestampNs;
        if (relativeTimestamps) {
            previousNs += time;
            timestampNs = startNs + previousNs;
        } else {
            timestampNs = startNs + time;
        }
        if (tokens.is(b, 1, "CANFD")) {
            return canFd(b, timestampNs);
        }
        long channelNumber = tokens.decimal(b, 1);
        if (channelNumber < 1) {
            return IGNORED; // "Start of measurement", statistics and other events
        }
        if (tokens.is(b, 2, "ErrorFrame")) {
            return emitCan(timestampNs, channel("can" + (channelNumber - 1), BusKind.CAN), 0, FrameFlags.ERROR, 0);
        }
        if (tokens.count < 5) {
            return IGNORED;
        }
        int flags = 0;
        int idEnd = tokens.ends[2];
        if (b[idEnd - 1] == 'x' || b[idEnd - 1] == 'X') {
            flags |= FrameFlags.EXTENDED;
            idEnd--;
        }
        boolean rx = tokens.is(b, 3, "Rx");
        if (!rx && !tokens.is(b, 3, "Tx")) {
            return IGNORED; // an event such as "1 Statistic: ..."
        }
        flags |= rx ? 0 : FrameFlags.TX;
        long id = decimalBase ? decimal(b, tokens.starts[2], idEnd) : hex(b, tokens.starts[2], idEnd);
        if (id < 0) {
            return fail("bad identifier", "bad identifier '" + tokens.text(b, 2) + "'");
        }
        int channel = channel("can" + (channelNumber - 1), BusKind.CAN);
        if (tokens.is(b, 4, "r")) {
            long length = tokens.count > 5 ? number(b, 5) : 0;
            if (length < 0 || length > 8) {
                return fail("bad remote frame length", "bad remote frame length '" + tokens.text(b, 5) + "'");
            }
            java.util.Arrays.fill(data, 0, (int) length, (byte) 0);
            return emitCan(timestampNs, channel, (int) id, flags | FrameFlags.RTR, (int) length);
        }
        if (!tokens.is(b, 4, "d") || tokens.count < 6) {
            return fail("bad frame", "expected 'd <dlc> <bytes>' after the direction");
        }
        long length = number(b, 5);
        if (length < 0 || length > 15) {
            return fail("bad data length", "bad data length '" + tokens.text(b, 5) + "'");
        }
        if (tokens.count - 6 < length) {
            return fail("fewer data bytes than the length", "data length " + length + " but " + (tokens.count - 6)
                    + " data bytes");
        }
        if (!dataBytes(b, 6, (int) length)) {
            return fail("bad data byte", "bad data byte");
        }
        return emitCan(timestampNs, channel, (int) id, flags, (int) length);
    }

    private int canFd(byte[] b, long timestampNs) throws IOException {
        // <time> CANFD <ch> <dir> <id>[x] [symbolic name] <brs> <esi> <dlc> <len> <bytes> <duration> <bits> <flags> ...
        if (tokens.count < 9) {
            return fail("bad CAN FD line", "CAN FD line with too few fields");
        }
        long channelNumber = tokens.decimal(b, 2);
        if (channelNumber < 1) {
            return fail("bad channel", "bad channel '" + tokens.text(b, 2) + "'");
        }
        int flags = tokens.is(b, 3, "Tx") ? FrameFlags.TX : 0;
        int idEnd = tokens.ends[4];
        if (b[idEnd - 1] == 'x' || b[idEnd - 1] == 'X') {
            flags |= FrameFlags.EXTENDED;
            idEnd--;
        }
        long id = decimalBase ? decimal(b, tokens.starts[4], idEnd) : hex(b, tokens.starts[4], idEnd);
        if (id < 0) {
            return fail("bad identifier", "bad identifier '" + tokens.text(b, 4) + "'");
        }
        int t = 5;
        if (!(tokens.is(b, t, "0") || tokens.is(b, t, "1"))) {
            t++; // a symbolic name
        }
        if (t + 3 >= tokens.count) {
            return fail("bad CAN FD line", "CAN FD line with too few fields");
        }
        boolean brs = tokens.is(b, t, "1");
        boolean esi = tokens.is(b, t + 1, "1");
        long length = tokens.decimal(b, t + 3);
        if (length < 0 || length > 64 || tokens.count - (t + 4) < length) {
            return fail("bad data length", "bad CAN FD data length '" + tokens.text(b, t + 3) + "'");
        }
        if (!dataBytes(b, t + 4, (int) length)) {
            return fail("bad data byte", "bad data byte");
        }
        int fdFlags = FrameFlags.FD;
        int flagsField = t + 4 + (int) length + 2;
        if (flagsField < tokens.count) { // Vector's flags word: bit 12 = FD frame; without it a classic frame
            long word = tokens.hex(b, flagsField);
            if (word >= 0 && (word & 0x1000) == 0) {
                fdFlags = 0;
                brs = false;
                esi = false;
                if ((word & 0x10) != 0) {
                    fdFlags = FrameFlags.RTR;
                }
            }
        }
        flags |= fdFlags | (brs ? FrameFlags.FD_BRS : 0) | (esi ? FrameFlags.FD_ESI : 0);
        return emitCan(timestampNs, channel("can" + (channelNumber - 1), BusKind.CAN), (int) id, flags, (int) length);
    }

    private long number(byte[] b, int token) {
        return decimalBase ? tokens.decimal(b, token) : tokens.hex(b, token);
    }

    private boolean dataBytes(byte[] b, int first, int length) {
        if (!decimalBase) {
            return tokens.hexBytes(b, first, length, data);
        }
        for (int i = 0; i < length; i++) {
            long value = tokens.decimal(b, first + i);
            if (value < 0 || value > 255) {
                return false;
            }
            data[i] = (byte) value;
        }
        return true;
    }

    /** {@code date Tue Nov 14 22:13:20 2023}, {@code date Tue Nov 14 10:13:20.123 pm 2023}; UTC. */
    private long date(byte[] b) {
        try {
            int t = 1;
            if (tokens.count < 5) {
                return Long.MIN_VALUE;
            }
            if (tokens.length(t) == 3 && !Character.isDigit(b[tokens.starts[t + 1]])) {
                t++; // weekday
            }
            int month = -1;
            String monthText = tokens.text(b, t).toLowerCase(Locale.ROOT);
            for (int i = 0; i < 12; i++) {
                if (monthText.startsWith(MONTHS[i])) {
                    month = i + 1;
                }
            }
            int day = (int) tokens.decimal(b, t + 1);
            String[] clock = tokens.text(b, t + 2).split("[:.]");
            int hour = Integer.parseInt(clock[0]);
            int minute = Integer.parseInt(clock[1]);
            int second = Integer.parseInt(clock[2]);
            int millis = clock.length > 3 ? Integer.parseInt((clock[3] + "00").substring(0, 3)) : 0;
            int yearToken = t + 3;
            if (tokens.is(b, yearToken, "pm") || tokens.is(b, yearToken, "am")) {
                boolean pm = tokens.is(b, yearToken, "pm");
                hour = hour % 12 + (pm ? 12 : 0);
                yearToken++;
            }
            int year = (int) tokens.decimal(b, yearToken);
            LocalDateTime time = LocalDateTime.of(year, month, day, hour, minute, second, millis * 1_000_000);
            return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + time.getNano();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
