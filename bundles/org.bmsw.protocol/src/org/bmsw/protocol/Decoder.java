package org.bmsw.protocol;

import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;

/**
 * A streaming protocol decoder: records in, decoded messages out, and the battery state folded from everything
 * seen so far. Create one with {@link DecoderRegistry#create(String)}; one instance per trace (it keeps state: the
 * battery state, RS485 bytes of a frame split across records, Modbus requests waiting for their response).
 * Not thread-safe.
 * <p>
 * Bad input never stops decoding: a broken frame comes out as a message with {@link DecodedMessage#problems()}.
 */
public interface Decoder {

    /** The protocol id this decoder runs, e.g. {@code pylon-can}; for {@code auto}, the detected one once known. */
    String protocolId();

    /** Decodes one record, giving each decoded message to {@code out} (none, one or several per record). */
    void decode(TraceRecord record, Consumer<DecodedMessage> out);

    /**
     * Folds {@code record} into the state without building messages: the path of passes that only want the
     * battery state ({@code bmsw state}, the plots). Decoders with a cheaper way than {@link #decode} override it.
     *
     * @return how many messages {@link #decode} would have given out for it (those held back before it too)
     */
    default int fold(TraceRecord record) {
        int[] completed = { 0 };
        decode(record, message -> completed[0]++);
        return completed[0];
    }

    /**
     * As {@link #fold(TraceRecord)} for a frame a reader hands over by its fields, the payload being
     * {@code payload[offset .. offset+length)} of the reader's buffer, valid only during the call: a pass that only
     * wants the state then makes no record per frame. The fields follow the rules of {@link TraceRecord} (readers
     * check them). The default builds the record; decoders with a cheaper way override it.
     */
    default int fold(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload,
            int offset, int length) {
        return fold(new TraceRecord(timestampNs, channel, bus, identifier, flags, java.util.Arrays.copyOfRange(
                payload, offset, offset + length)));
    }

    /** Gives out what is still buffered (auto detection's look-ahead) at the end of the trace. */
    default void finish(Consumer<DecodedMessage> out) {
    }

    /** The battery state folded from every record so far; alarms are the active ones. */
    BatteryState state();

    /**
     * The variant choices this decoder applied, one readable line each, e.g.
     * {@code "0x356 voltage: 0.01 V (SMA-TI, OpenDTU, DBC-PL)"}.
     */
    List<String> variants();
}
