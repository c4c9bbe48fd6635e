package org.bmsw.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded message: a CAN frame, an RS485 command or response, a Modbus request or response.
 *
 * @param timestampNs the time of the record it came from (for a framed serial message, the record that completed it)
 * @param channel the record's channel, e.g. {@code can0}
 * @param id the identifier as shown to people: {@code 0x351}, {@code 0x42} (RS485 command), {@code fc3}
 * @param message the message name from the definition, e.g. {@code Limits}, {@code AnalogValues response}
 * @param signals the values, in definition order
 * @param problems what is wrong with it ({@code bad CHKSUM E1A2, computed E27A}, {@code 0x356: frame of 4 bytes,
 *        6 expected}); empty when nothing is. A layout mismatch is among them as {@link LayoutMismatch#text()}.
 * @param layoutMismatch set when the frame does not fit its layout (too short, or values no battery can have): its
 *        signals are shown with {@code valid == false} and none of them reached the battery state; null otherwise
 */
public record DecodedMessage(long timestampNs, String channel, String id, String message, List<DecodedSignal> signals,
        List<String> problems, LayoutMismatch layoutMismatch) {

    /** A message whose frame fits its layout. */
    public DecodedMessage(long timestampNs, String channel, String id, String message, List<DecodedSignal> signals,
            List<String> problems) {
        this(timestampNs, channel, id, message, signals, problems, null);
    }

    public DecodedMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        signals = List.copyOf(signals);
        problems = List.copyOf(problems);
    }

    /** True when the frame does not fit its layout and its values were kept out of the battery state. */
    public boolean isLayoutMismatch() {
        return layoutMismatch != null;
    }

    /** The signal called {@code name}, or null. */
    public DecodedSignal signal(String name) {
        for (DecodedSignal signal : signals) {
            if (signal.name().equals(name)) {
                return signal;
            }
        }
        return null;
    }

    /** Name to value ({@link DecodedSignal#jsonValue()}), in order, for a JSONL line's {@code "signals"}. */
    public Map<String, Object> signalMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (DecodedSignal signal : signals) {
            map.put(signal.name(), signal.jsonValue());
        }
        return map;
    }

    /** Seconds since the epoch (or the trace start) as a double, for the JSONL {@code "t"}. */
    public double seconds() {
        return timestampNs / 1e9;
    }
}
