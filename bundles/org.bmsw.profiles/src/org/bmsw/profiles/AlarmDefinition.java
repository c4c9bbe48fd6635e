package org.bmsw.profiles;

import java.util.Objects;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;

/**
 * A vendor's alarm, in the vendor's words, mapped onto the canonical vocabulary so views and reports can show
 * the text the technician sees in the vendor's manual.
 *
 * @param code where the alarm comes from, e.g. "0x359 byte 0 bit 1"; may be empty
 */
public record AlarmDefinition(String code, String text, AlarmName name, AlarmLevel level) {

    public AlarmDefinition {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
    }
}
