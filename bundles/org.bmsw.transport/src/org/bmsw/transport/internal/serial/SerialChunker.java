package org.bmsw.transport.internal.serial;

import java.util.Arrays;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;

/**
 * Cuts a serial byte stream into records at pauses: bytes that follow each other with less than
 * {@code pauseNs} between reads form one record, timestamped at the arrival of its first byte. A burst longer
 * than {@link TraceRecord#MAX_SERIAL_LENGTH} is split. Used on the reader thread only.
 */
final class SerialChunker implements SerialLink.Receiver {

    private final String channel;
    private final long pauseNs;
    private final Consumer<TraceRecord> sink;
    private final byte[] pending = new byte[TraceRecord.MAX_SERIAL_LENGTH];
    private int pendingLength;
    private long firstByteNs;
    private long lastByteNs;

    SerialChunker(String channel, long pauseNs, Consumer<TraceRecord> sink) {
        this.channel = channel;
        this.pauseNs = pauseNs;
        this.sink = sink;
    }

    @Override
    public void bytesRead(byte[] buffer, int length, long arrivalNs) {
        if (pendingLength > 0 && arrivalNs - lastByteNs > pauseNs) {
            flush();
        }
        for (int offset = 0; offset < length;) {
            if (pendingLength == 0) {
                firstByteNs = arrivalNs;
            }
            int count = Math.min(length - offset, pending.length - pendingLength);
            System.arraycopy(buffer, offset, pending, pendingLength, count);
            pendingLength += count;
            offset += count;
            if (pendingLength == pending.length) {
                flush();
            }
        }
        lastByteNs = arrivalNs;
    }

    @Override
    public void idle(long nowNs) {
        if (pendingLength > 0 && nowNs - lastByteNs >= pauseNs) {
            flush();
        }
    }

    @Override
    public void ended() {
        if (pendingLength > 0) {
            flush();
        }
    }

    private void flush() {
        sink.accept(TraceRecord.serial(firstByteNs, channel, false, Arrays.copyOf(pending, pendingLength)));
        pendingLength = 0;
    }
}
