package org.bmsw.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.dbc.DbcCodec;

/**
 * The user's DBC over a protocol: a CAN frame whose identifier the DBC defines is decoded by the DBC, every other
 * record by the protocol. The state is the protocol's with the DBC's values on top (a DBC signal with a canonical
 * name, or the {@code bmsw_canonical} attribute, sets that quantity).
 */
public final class OverlayDecoder implements Decoder {

    private final Decoder base;
    private final CanDecoder overlay;
    private final DbcCodec codec;

    public OverlayDecoder(Decoder base, CanDecoder overlay) {
        this.base = base;
        this.overlay = overlay;
        this.codec = overlay.protocol().codec();
    }

    @Override
    public String protocolId() {
        return base.protocolId() + " with " + overlay.protocolId();
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        if (record.bus() == BusKind.CAN && codec.messageIndex(record.identifier(), record.flags()) >= 0) {
            overlay.decode(record, out);
        } else {
            base.decode(record, out);
        }
    }

    @Override
    public int fold(TraceRecord record) {
        return record.bus() == BusKind.CAN && codec.messageIndex(record.identifier(), record.flags()) >= 0
                ? overlay.fold(record) : base.fold(record);
    }

    @Override
    public void finish(Consumer<DecodedMessage> out) {
        base.finish(out);
        overlay.finish(out);
    }

    @Override
    public BatteryState state() {
        return base.state().overlaidBy(overlay.state());
    }

    @Override
    public List<String> variants() {
        List<String> notes = new ArrayList<>(base.variants());
        notes.add("identifiers of " + overlay.protocolId() + " decoded by it, before the protocol");
        return notes;
    }

    /** The protocol below the DBC. */
    public Decoder base() {
        return base;
    }
}
