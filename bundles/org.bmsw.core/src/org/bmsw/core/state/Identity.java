package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who the battery says it is, as texts: where a protocol carries them (SMA/Victron 0x35E, 0x35F, 0x370-0x371,
 * 0x380-0x382; Pylontech RS485 0x51 and 0x93; a register map's string registers). Absent when not sent.
 */
public enum Identity {
    MANUFACTURER("manufacturer", "Manufacturer"),
    MODEL("model", "Model"),
    SERIAL_NUMBER("serial_number", "Serial number"),
    FIRMWARE_VERSION("firmware_version", "Firmware version"),
    HARDWARE_VERSION("hardware_version", "Hardware version");

    private final String canonicalName;
    private final String label;

    Identity(String canonicalName, String label) {
        this.canonicalName = canonicalName;
        this.label = label;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public String label() {
        return label;
    }

    public static Optional<Identity> byName(String canonicalName) {
        return Arrays.stream(values()).filter(i -> i.canonicalName.equals(canonicalName)).findFirst();
    }
}
