package org.bmsw.formats.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.formats.TraceFormat;

/** Writes the serial byte dump: {@code (1700000000.123456) ttyUSB0 RX 7E 32 30 …}, one chunk per line. */
public final class SerialDumpWriter extends TextTraceWriter {

    public SerialDumpWriter(OutputStream out) {
        super(out);
        ascii("# bmsw serial dump 1: (<seconds since 1970>) <channel> RX|TX <bytes as hex>\n");
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.SERIAL_DUMP;
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        if (channelBuses.get(channelIndex) != BusKind.SERIAL) {
            notWritten("a serial dump holds serial chunks only, not CAN frames");
            return;
        }
        if (timestampNs < 0) {
            notWritten("the serial dump cannot hold negative timestamps");
            return;
        }
        ensure(64 + 3 * length + channelBytes.get(channelIndex).length);
        timeAndChannel(timestampNs, channelIndex);
        ascii((flags & FrameFlags.TX) != 0 ? " TX" : " RX");
        for (int i = 0; i < length; i++) {
            put(' ');
            hexByte(payload[offset + i]);
        }
        put('\n');
        frameWritten();
    }
}
