package org.bmsw.profiles;

/** What a pin carries; the wiring checks reason about these, not about the vendor's pin names. */
public enum SignalKind {
    CAN_H("can-h"),
    CAN_L("can-l"),
    /** The CAN transceiver's reference ground. */
    CAN_GND("can-gnd"),
    /** RS485 A, which most vendors also label "+" (the naming trap: some swap A/B against +/-). */
    RS485_A("rs485-a"),
    /** RS485 B, usually labelled "-". */
    RS485_B("rs485-b"),
    /** Ground for communication signals. */
    SIGNAL_GND("signal-gnd"),
    /** Power or chassis ground. */
    GND("gnd"),
    /** A supply output; its limit is on the pin. */
    SUPPLY("supply"),
    DIGITAL_IN("digital-in"),
    /** A switched output (relay, high-side switch). */
    SWITCH_OUT("switch-out"),
    TEMPERATURE_SENSOR("temperature-sensor"),
    /** Not connected: must stay unwired. */
    NC("nc");

    private final String xmlName;

    SignalKind(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    public static SignalKind fromXml(String name) {
        for (SignalKind kind : values()) {
            if (kind.xmlName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown signal kind '" + name + "'");
    }
}
