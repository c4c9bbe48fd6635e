package org.bmsw.formats.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * Writes SavvyCAN's native CSV as its current writer does: {@code Time Stamp,ID,Extended,Dir,Bus,LEN,D1..D8}
 * header, µs timestamps, 8-digit upper-case ID, {@code true/false}, {@code Rx/Tx}, each data byte followed by a
 * comma. CSV has no way to mark remote, error or CAN FD frames, so those are counted as not written.
 */
public final class CsvWriter extends TextTraceWriter {

    public CsvWriter(OutputStream out) {
        super(out);
        ascii("Time Stamp,ID,Extended,Dir,Bus,LEN,D1,D2,D3,D4,D5,D6,D7,D8\n");
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.SAVVYCAN_CSV;
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        if (channelBuses.get(channelIndex) != BusKind.CAN) {
            notWritten("CSV holds CAN frames only, not serial chunks");
            return;
        }
        if ((flags & (FrameFlags.RTR | FrameFlags.ERROR | FrameFlags.FD)) != 0) {
            notWritten("SavvyCAN CSV cannot mark remote, error or CAN FD frames");
            return;
        }
        if (timestampNs < 0 || timestampNs % 1000 != 0) {
            notWritten("SavvyCAN CSV keeps whole, non-negative microseconds");
            return;
        }
        ensure(64 + 3 * length);
        decimal(timestampNs / 1000, 0, ' ');
        put(',');
        hex(identifier, 8);
        ascii((flags & FrameFlags.EXTENDED) != 0 ? ",true," : ",false,");
        ascii((flags & FrameFlags.TX) != 0 ? "Tx," : "Rx,");
        decimal(busNumber(channelIndex), 0, ' ');
        put(',');
        decimal(length, 0, ' ');
        put(',');
        for (int i = 0; i < length; i++) {
            hexByte(payload[offset + i]);
            put(',');
        }
        put('\n');
        frameWritten();
    }
}
