package org.bmsw.cli.internal;

import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.detect.AutoDecoder;

/**
 * Decodes a pass's records, giving a CAN frame identical to the last one of its identifier (a battery repeats most
 * frames unchanged every second) the message of that one, at the new frame's time and channel, after folding it
 * into the decoder's state: the CAN decoder's message depends on the frame's identifier, flags and bytes alone, so
 * the output is what decoding it again would give, without building it again. Other decoders and records are
 * decoded as they come. Not thread-safe.
 */
final class ReplayingDecoder {

    private static final int SLOTS = 256;

    /** The last frame of an identifier that decoded into one message fitting its layout. */
    private static final class Slot {
        int identifier;
        int flags;
        int length;
        long bytes;
        Decoder by;
        DecodedMessage message;
    }

    private final Decoder decoder;
    private final Slot[] slots = new Slot[SLOTS];
    private final Consumer<DecodedMessage> counting = this::decoded;
    private Consumer<DecodedMessage> out;
    private int decodedCount;
    private DecodedMessage lastDecoded;

    ReplayingDecoder(Decoder decoder) {
        this.decoder = decoder;
    }

    Decoder decoder() {
        return decoder;
    }

    /** Decodes {@code record}, giving its messages to {@code messages}. */
    void decode(TraceRecord record, Consumer<DecodedMessage> messages) {
        boolean can = record.bus() == BusKind.CAN && record.payload().length <= 8;
        if (can && replay(record, messages)) {
            return;
        }
        Decoder before = can ? chosenCanDecoder() : null;
        out = messages;
        decodedCount = 0;
        decoder.decode(record, counting);
        if (before != null && decodedCount == 1 && !lastDecoded.isLayoutMismatch() && chosenCanDecoder() == before
                && lastDecoded.timestampNs() == record.timestampNs()) {
            int identifier = record.identifier();
            Slot slot = slots[slot(identifier)];
            if (slot == null) {
                slot = new Slot();
                slots[slot(identifier)] = slot;
            }
            slot.identifier = identifier;
            slot.flags = record.flags();
            slot.length = record.payload().length;
            slot.bytes = packed(record.payload());
            slot.by = before;
            slot.message = lastDecoded;
        }
    }

    /** What the decoder still holds at the end of the pass. */
    void finish(Consumer<DecodedMessage> messages) {
        decoder.finish(messages);
    }

    private void decoded(DecodedMessage message) {
        decodedCount++;
        lastDecoded = message;
        out.accept(message);
    }

    private boolean replay(TraceRecord record, Consumer<DecodedMessage> messages) {
        byte[] payload = record.payload();
        int identifier = record.identifier();
        Slot slot = slots[slot(identifier)];
        if (slot == null || slot.identifier != identifier || slot.length != payload.length
                || slot.flags != record.flags() || slot.bytes != packed(payload) || slot.by != chosenCanDecoder()) {
            return false;
        }
        int completed = decoder.fold(record);
        if (completed != 1) {
            throw new IllegalStateException("a repeated CAN frame folded into " + completed + " messages, not 1");
        }
        DecodedMessage m = slot.message;
        messages.accept(new DecodedMessage(record.timestampNs(), record.channel(), m.id(), m.message(), m.signals(),
                m.problems(), null));
        return true;
    }

    /** The CAN decoder decoding the records now, or null (still detecting, or not a CAN decoder). */
    private Decoder chosenCanDecoder() {
        if (decoder instanceof CanDecoder) {
            return decoder;
        }
        return decoder instanceof AutoDecoder auto && auto.chosen() instanceof CanDecoder chosen ? chosen : null;
    }

    private static int slot(int identifier) {
        return (identifier ^ identifier >>> 11 ^ identifier >>> 19) & (SLOTS - 1);
    }

    private static long packed(byte[] payload) {
        long bits = 0;
        for (byte b : payload) {
            bits = bits << 8 | (b & 0xFF);
        }
        return bits;
    }
}
