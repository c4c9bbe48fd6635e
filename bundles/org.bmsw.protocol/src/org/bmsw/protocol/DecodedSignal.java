package org.bmsw.protocol;

import java.util.Objects;

/**
 * One decoded value: {@code (name, value, unit, raw)}. The name is canonical ({@code battery-state.md}) where the
 * protocol maps the field onto the battery state, otherwise the protocol's own.
 *
 * @param value the physical value; NaN for a text signal
 * @param raw the bits on the wire (sign-extended when signed)
 * @param text the text of an ASCII field (e.g. {@code manufacturer}), otherwise null
 * @param description the value's meaning from the definition ({@code VAL_}), e.g. {@code "raised"}, or null
 * @param canonical true when {@code name} is a canonical battery-state name or alarm
 * @param valid false when the raw value is the protocol's "not sent" marker (SMA 0xFFFF, ...), or when its message does
 *        not fit its layout ({@link DecodedMessage#layoutMismatch()}): shown, not folded
 */
public record DecodedSignal(String name, double value, String unit, long raw, String text, String description,
        boolean canonical, boolean valid) {

    public DecodedSignal {
        Objects.requireNonNull(name, "name");
        unit = unit == null ? "" : unit;
    }

    public static DecodedSignal number(String name, double value, String unit, long raw, boolean canonical) {
        return new DecodedSignal(name, value, unit, raw, null, null, canonical, true);
    }

    public static DecodedSignal text(String name, String text, boolean canonical) {
        return new DecodedSignal(name, Double.NaN, "", 0, text, null, canonical, true);
    }

    /** The value for JSON output: the text of a text signal, the number otherwise. */
    public Object jsonValue() {
        return text != null ? text : (Object) value;
    }

    public boolean isText() {
        return text != null;
    }
}
