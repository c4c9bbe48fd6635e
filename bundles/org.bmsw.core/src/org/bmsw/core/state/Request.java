package org.bmsw.core.state;

import java.util.Arrays;
import java.util.Optional;

/** The battery's requests to the inverter (Pylon 0x35C bits 7-3, RS485 0x92 status byte), as booleans. */
public enum Request {
    CHARGE_ENABLE("charge_enable", "Charge enable"),
    DISCHARGE_ENABLE("discharge_enable", "Discharge enable"),
    FORCE_CHARGE_REQUEST_I("force_charge_request_I", "Force charge request I"),
    FORCE_CHARGE_REQUEST_II("force_charge_request_II", "Force charge request II"),
    FULL_CHARGE_REQUEST("full_charge_request", "Full charge request");

    private final String canonicalName;
    private final String label;

    Request(String canonicalName, String label) {
        this.canonicalName = canonicalName;
        this.label = label;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public String label() {
        return label;
    }

    public static Optional<Request> byName(String canonicalName) {
        return Arrays.stream(values()).filter(r -> r.canonicalName.equals(canonicalName)).findFirst();
    }
}
