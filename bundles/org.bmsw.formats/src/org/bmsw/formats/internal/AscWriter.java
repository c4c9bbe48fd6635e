package org.bmsw.formats.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * Writes Vector ASC the way can-utils {@code log2asc} does (same columns), with the {@code date} line in UTC at
 * the whole second before the first frame and times relative to it, so {@link AscParser} gets every timestamp
 * back to the microsecond. Channel numbers: {@code canN} is channel N+1. Error frames are written as
 * {@code ErrorFrame}, which keeps neither their class bits nor their data (counted as not written).
 */
public final class AscWriter extends TextTraceWriter {

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy",
            Locale.ROOT);

    private long baseNs = Long.MIN_VALUE;

    public AscWriter(OutputStream out) {
        super(out);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.VECTOR_ASC;
    }

    private void header(long firstNs) {
        baseNs = Math.floorDiv(firstNs, 1_000_000_000L) * 1_000_000_000L;
        ascii("date " + CTIME.format(Instant.ofEpochSecond(baseNs / 1_000_000_000L).atZone(ZoneOffset.UTC)) + "\n");
        ascii("base hex  timestamps absolute\n");
        ascii("no internal events logged\n");
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        if (channelBuses.get(channelIndex) != BusKind.CAN) {
            notWritten("ASC holds CAN frames only, not serial chunks");
            return;
        }
        if (baseNs == Long.MIN_VALUE) {
            header(timestampNs);
        }
        long relativeNs = timestampNs - baseNs;
        if (relativeNs < 0) {
            notWritten("ASC times count from the first frame; an earlier frame cannot be written");
            return;
        }
        if (relativeNs % 1000 != 0) {
            notWritten("ASC keeps microseconds; a timestamp with nanoseconds was not written");
            return;
        }
        ensure(256 + 3 * length);
        decimal(relativeNs / 1_000_000_000L, 4, ' ');
        put('.');
        decimal(relativeNs % 1_000_000_000L / 1000, 6, '0');
        put(' ');
        int channel = busNumber(channelIndex) + 1;
        boolean extended = (flags & FrameFlags.EXTENDED) != 0;
        String direction = (flags & FrameFlags.TX) != 0 ? "Tx" : "Rx";
        if ((flags & FrameFlags.ERROR) != 0) {
            decimal(channel, 0, ' ');
            ascii("  ErrorFrame\n");
            notWritten("ASC error frames keep neither the error class nor the data");
            return;
        }
        if ((flags & FrameFlags.FD) != 0) {
            // log2asc: "CANFD %3d %s %8X%c %32s%d %d %x %d %02X... %8d %4d %8X 0 0 0 0 0"
            ascii("CANFD ");
            decimal(channel, 3, ' ');
            put(' ');
            ascii(direction);
            put(' ');
            int start = size;
            hex(identifier);
            int digits = size - start;
            size = start;
            spaces(Math.max(0, 8 - digits));
            hex(identifier);
            put(extended ? 'x' : ' ');
            spaces(33);
            put((flags & FrameFlags.FD_BRS) != 0 ? '1' : '0');
            put(' ');
            put((flags & FrameFlags.FD_ESI) != 0 ? '1' : '0');
            put(' ');
            hex(dlcOf(length), 1);
            put(' ');
            decimal(length, 0, ' ');
            put(' ');
            for (int i = 0; i < length; i++) {
                hexByte(payload[offset + i]);
                put(' ');
            }
            int asciiFlags = 0x1000 | ((flags & FrameFlags.FD_BRS) != 0 ? 0x2000 : 0)
                    | ((flags & FrameFlags.FD_ESI) != 0 ? 0x4000 : 0);
            ascii("  130000  130 ");
            int flagsStart = size;
            hex(asciiFlags);
            int flagDigits = size - flagsStart;
            size = flagsStart;
            spaces(8 - flagDigits);
            hex(asciiFlags);
            ascii(" 0 0 0 0 0\n");
            frameWritten();
            return;
        }
        decimal(channel, 0, ' ');
        if (channel < 10) {
            put(' ');
        }
        put(' ');
        int idStart = size;
        hex(identifier);
        if (extended) {
            put('x');
        }
        spaces(Math.max(0, 15 - (size - idStart)));
        put(' ');
        ascii(direction);
        if ((flags & FrameFlags.RTR) != 0) {
            ascii("   r ");
            hex(length);
            put('\n');
        } else {
            ascii("   d ");
            hex(length);
            for (int i = 0; i < length; i++) {
                put(' ');
                hexByte(payload[offset + i]);
            }
            put('\n');
        }
        frameWritten();
    }

    private static int dlcOf(int length) {
        if (length <= 8) {
            return length;
        }
        int[] lengths = { 12, 16, 20, 24, 32, 48, 64 };
        for (int i = 0; i < lengths.length; i++) {
            if (length <= lengths[i]) {
                return 9 + i;
            }
        }
        return 15;
    }

    @Override
    protected void finish() {
        if (baseNs == Long.MIN_VALUE) {
            header(0);
        }
    }
}
