package org.bmsw.pinout;

import java.util.List;
import java.util.Objects;

/**
 * What a wiring check found, in words a technician acts on, with the pins to look at.
 *
 * @param check a stable id, e.g. {@code can-h-l-swapped}
 * @param pins the pins involved, as "battery pin 4 (CAN1_H)"
 */
public record Finding(Severity severity, String check, String message, List<String> pins) {

    public enum Severity {
        /** The link will not work, or something can be damaged. */
        ERROR,
        /** It may work on the bench and fail on site. */
        WARNING,
        /** Something to verify with a meter; the profiles do not say. */
        INFO
    }

    public Finding {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
        pins = List.copyOf(pins);
    }

    /** True for findings that make a cable check fail. */
    public boolean fails() {
        return severity != Severity.INFO;
    }

    @Override
    public String toString() {
        return severity + " " + check + ": " + message;
    }
}
