package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Optional;

/** How serious an alarm is. Declared from the most to the least serious. */
public enum AlarmLevel {
    /** The battery acts (limits current, opens its contactor): Pylon 0x359 bytes 0-1, SMA 0x35A alarm pairs. */
    PROTECTION("protection"),
    /** A warning only: Pylon 0x359 bytes 2-3, SMA 0x35A warning pairs. */
    WARNING("warning");

    private final String canonicalName;

    AlarmLevel(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public static Optional<AlarmLevel> byName(String canonicalName) {
        return Arrays.stream(values()).filter(l -> l.canonicalName.equals(canonicalName)).findFirst();
    }
}
