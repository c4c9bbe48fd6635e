package org.bmsw.formats.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/**
 * Writes {@code candump -L} lines: {@code (1700000000.123456) can0 351#1402C012C012C201}, with {@code " T"}
 * after frames the capturing side sent (as {@code candump -x} does). 6 decimals of time, 9 when a timestamp has
 * sub-microsecond digits, so nothing is lost.
 */
public final class CandumpLogWriter extends TextTraceWriter {

    public CandumpLogWriter(OutputStream out) {
        super(out);
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.CANDUMP_LOG;
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        if (channelBuses.get(channelIndex) != BusKind.CAN) {
            notWritten("candump logs hold CAN frames only, not serial chunks");
            return;
        }
        if (timestampNs < 0) {
            notWritten("candump logs cannot hold negative timestamps");
            return;
        }
        ensure(64 + 2 * length + channelBytes.get(channelIndex).length);
        timeAndChannel(timestampNs, channelIndex);
        put(' ');
        if ((flags & FrameFlags.ERROR) != 0) {
            hex(identifier | CanFrameNotation.CAN_ERR_FLAG, 8);
        } else if ((flags & FrameFlags.EXTENDED) != 0) {
            hex(identifier, 8);
        } else {
            hex(identifier, 3);
        }
        put('#');
        if ((flags & FrameFlags.FD) != 0) {
            put('#');
            hex(((flags & FrameFlags.FD_BRS) != 0 ? 1 : 0) | ((flags & FrameFlags.FD_ESI) != 0 ? 2 : 0), 1);
        } else if ((flags & FrameFlags.RTR) != 0) {
            put('R');
            if (length > 0) {
                hex(length, 1);
            }
            length = 0;
        }
        for (int i = 0; i < length; i++) {
            hexByte(payload[offset + i]);
        }
        if ((flags & FrameFlags.TX) != 0) {
            put(' ');
            put('T');
        }
        put('\n');
        frameWritten();
    }
}
