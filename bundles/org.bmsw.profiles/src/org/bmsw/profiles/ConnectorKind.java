package org.bmsw.profiles;

/** The physical connector of a port. */
public enum ConnectorKind {
    /** 8P8C modular jack, pins 1-8. */
    RJ45("rj45", 8),
    /** D-sub 9, pins 1-9. */
    DB9("db9", 9),
    /** A row of screw or spring terminals; as many pins as the profile lists. */
    TERMINAL_BLOCK("terminal-block", 0);

    private final String xmlName;
    private final int pinCount;

    ConnectorKind(String xmlName, int pinCount) {
        this.xmlName = xmlName;
        this.pinCount = pinCount;
    }

    /** The name in profile descriptors. */
    public String xmlName() {
        return xmlName;
    }

    /** The number of pins the connector has, or 0 when the profile decides. */
    public int pinCount() {
        return pinCount;
    }

    public static ConnectorKind fromXml(String name) {
        for (ConnectorKind kind : values()) {
            if (kind.xmlName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown connector '" + name + "'");
    }
}
