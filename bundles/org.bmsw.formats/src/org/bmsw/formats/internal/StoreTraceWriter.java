package org.bmsw.formats.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.StoreHeader;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.TraceWriter;

/** Imports frames into a trace store; the reader's channel indexes are the store's. */
public final class StoreTraceWriter implements TraceWriter {

    private final TraceStoreWriter store;

    public StoreTraceWriter(Path path, String profile) throws IOException {
        store = TraceStoreWriter.create(path, StoreHeader.UNKNOWN_TIME, profile, List.of());
    }

    @Override
    public TraceFormat format() {
        return TraceFormat.STORE;
    }

    @Override
    public void channel(int channelIndex, String name, BusKind bus) throws IOException {
        int index = store.addChannel(new StoreChannel(name, bus, 0));
        if (index != channelIndex) {
            throw new IllegalStateException("channel " + name + " got index " + index + ", expected " + channelIndex);
        }
    }

    @Override
    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
            int length) throws IOException {
        store.append(timestampNs, channelIndex, identifier, flags, payload, offset, length);
    }

    @Override
    public long framesWritten() {
        return store.recordCount();
    }

    @Override
    public long framesNotWritten() {
        return 0;
    }

    @Override
    public String notWrittenReason() {
        return "";
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
