package org.bmsw.engine.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;

/**
 * A trace of two buses at once, as a capture of several sources records it: CAN records go to the CAN decoder
 * (the battery's protocol), serial records to the serial one (a Modbus register map: the inverter's view). The
 * state is the serial side's with the CAN side's on top: where both carry a value (a limit the inverter received
 * and the one the battery sent), the battery's own word wins; what only one side has (the inverter's own
 * measurements) is kept. Passes of one channel ({@code --channel}) see one side only.
 */
public final class BusSplitDecoder implements Decoder {

    private final Decoder can;
    private final Decoder serial;
    private boolean canSeen;
    private boolean serialSeen;

    public BusSplitDecoder(Decoder can, Decoder serial) {
        this.can = can;
        this.serial = serial;
    }

    @Override
    public String protocolId() {
        if (canSeen && serialSeen) {
            return can.protocolId() + " and " + serial.protocolId();
        }
        return serialSeen ? serial.protocolId() : can.protocolId();
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        side(record.bus()).decode(record, out);
    }

    @Override
    public int fold(TraceRecord record) {
        return side(record.bus()).fold(record);
    }

    @Override
    public int fold(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload,
            int offset, int length) {
        return side(bus).fold(timestampNs, channel, bus, identifier, flags, payload, offset, length);
    }

    private Decoder side(BusKind bus) {
        if (bus == BusKind.CAN) {
            canSeen = true;
            return can;
        }
        serialSeen = true;
        return serial;
    }

    @Override
    public void finish(Consumer<DecodedMessage> out) {
        can.finish(out);
        serial.finish(out);
    }

    @Override
    public BatteryState state() {
        return serial.state().overlaidBy(can.state());
    }

    @Override
    public List<String> variants() {
        List<String> notes = new ArrayList<>();
        can.variants().forEach(v -> notes.add("CAN: " + v));
        serial.variants().forEach(v -> notes.add("serial: " + v));
        return notes;
    }
}
