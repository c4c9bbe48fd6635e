package org.bmsw.protocol.can;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.SignalSink;
import org.bmsw.protocol.dbc.DbcCodec;
import org.bmsw.protocol.dbc.DbcMessage;
import org.bmsw.protocol.dbc.DbcSignal;

/**
 * Decodes CAN records with a {@link CanProtocol} and folds them into a {@link BatteryState}. Serial records and
 * frames the definition does not know are skipped (counted in {@link #unknownFrames()}).
 */
public final class CanDecoder implements Decoder {

    private final CanProtocol protocol;
    private final DbcCodec codec;
    private final BatteryState.Builder state = BatteryState.builder();
    private final double[] values;
    private final boolean[] present;
    private final SignalSink collector;
    private long unknownFrames;

    public CanDecoder(CanProtocol protocol) {
        this.protocol = protocol;
        this.codec = protocol.codec();
        values = new double[codec.signalCount()];
        present = new boolean[codec.signalCount()];
        collector = (index, value) -> {
            values[index] = value;
            present[index] = true;
        };
    }

    public CanProtocol protocol() {
        return protocol;
    }

    @Override
    public String protocolId() {
        return protocol.id();
    }

    @Override
    public List<String> variants() {
        return protocol.variantNotes();
    }

    @Override
    public BatteryState state() {
        return state.build();
    }

    /** CAN frames seen whose identifier the definition does not have. */
    public long unknownFrames() {
        return unknownFrames;
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        if (record.bus() != BusKind.CAN) {
            return;
        }
        DecodedMessage message = decode(record.timestampNs(), record.channel(), record.identifier(), record.flags(),
                record.payload());
        if (message != null) {
            out.accept(message);
        }
    }

    /** Decodes and folds one frame; null when it is not a data frame of a known message. */
    public DecodedMessage decode(long timestampNs, String channel, int identifier, int flags, byte[] payload) {
        int m = codec.messageIndex(identifier, flags);
        if (m < 0) {
            unknownFrames++;
            return null;
        }
        int first = codec.firstSignal(m);
        int end = first + codec.signalCount(m);
        for (int i = first; i < end; i++) {
            present[i] = false;
        }
        if (codec.decode(identifier, flags, payload, 0, payload.length, collector) < 0) {
            return null; // remote or error frame
        }
        DbcMessage definition = codec.message(m);
        List<DecodedSignal> signals = new ArrayList<>(end - first);
        List<String> problems = new ArrayList<>(0);
        state.timestampNs(timestampNs);
        if (end > first && !present[first] && payload.length < codec.bytesNeeded(first)
                && !protocol.ascii[first]) {
            problems.add(String.format("%s %s: frame of %d byte%s, too short for %s (%d bytes)",
                    definition.idText(), definition.name(), payload.length, payload.length == 1 ? "" : "s",
                    codec.signalName(first), codec.bytesNeeded(first)));
        }
        for (int i = first; i < end; i++) {
            DbcSignal signal = codec.signal(i);
            if (protocol.ascii[i]) {
                String text = ascii(payload, signal);
                if (text != null) {
                    signals.add(DecodedSignal.text(protocol.outputName[i], text, protocol.manufacturer[i]));
                    if (protocol.manufacturer[i] && !text.isBlank()) {
                        state.manufacturer(text.strip());
                    }
                }
                continue;
            }
            if (!present[i]) {
                continue;
            }
            long raw = codec.rawValue(i, payload, 0, payload.length);
            double value = values[i];
            boolean valid = !isInvalid(i, raw);
            if (valid && protocol.magnitude[i] && value < 0) {
                problems.add(String.format("%s %s: %s = %s is negative; its magnitude is used", definition.idText(),
                        definition.name(), protocol.outputName[i], trim(value)));
                value = -value;
            }
            signals.add(new DecodedSignal(protocol.outputName[i], value, signal.unit(), raw,
                    null, signal.valueDescriptions().get(raw), protocol.canonical[i], valid));
            if (valid) {
                fold(m, i, raw, value);
            }
        }
        return new DecodedMessage(timestampNs, channel, definition.idText(), definition.name(), signals, problems);
    }

    private void fold(int m, int i, long raw, double value) {
        if (protocol.quantity[i] != null) {
            if (!protocol.fallback[i] || state.build().get(protocol.quantity[i]).isEmpty()) {
                state.set(protocol.quantity[i], value);
            }
        } else if (protocol.request[i] != null) {
            state.set(protocol.request[i], raw != 0);
        } else if (protocol.alarm[i] != null) {
            if (protocol.pair[i]) {
                if (raw == 1) {
                    state.raise(protocol.alarm[i], protocol.level[i]);
                } else if (raw == 2) {
                    state.clear(protocol.alarm[i], protocol.level[i]);
                }
            } else if (raw != 0) {
                state.raise(protocol.alarm[i], protocol.level[i]);
            } else if (protocol.alarmFrame[m]) {
                state.clear(protocol.alarm[i], protocol.level[i]);
            }
        }
    }

    private boolean isInvalid(int i, long raw) {
        long[] markers = protocol.invalid[i];
        if (markers != null) {
            for (long marker : markers) {
                if (marker == raw) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The signal's bytes that the frame has, as text up to the first NUL; null when the frame has none of them. */
    static String ascii(byte[] payload, DbcSignal signal) {
        int from = signal.startBit() / 8;
        int to = Math.min(payload.length, from + (signal.length() + 7) / 8);
        if (from >= to) {
            return null;
        }
        StringBuilder text = new StringBuilder(to - from);
        for (int b = from; b < to && payload[b] != 0; b++) {
            int c = payload[b] & 0xFF;
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '.');
        }
        return text.toString();
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
