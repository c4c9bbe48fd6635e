package org.bmsw.pinout;

import java.util.List;

/**
 * The wire colours of an RJ45 patch cable by pin, in the two wiring standards, with the colour codes WireViz uses.
 */
public enum WireColour {
    WHITE_ORANGE("white-orange", "WHOG"),
    ORANGE("orange", "OG"),
    WHITE_GREEN("white-green", "WHGN"),
    BLUE("blue", "BU"),
    WHITE_BLUE("white-blue", "WHBU"),
    GREEN("green", "GN"),
    WHITE_BROWN("white-brown", "WHBN"),
    BROWN("brown", "BN");

    /** TIA-568 T568B, the common one, by pin 1-8. */
    public static final List<WireColour> T568B = List.of(WHITE_ORANGE, ORANGE, WHITE_GREEN, BLUE, WHITE_BLUE, GREEN,
            WHITE_BROWN, BROWN);
    /** TIA-568 T568A, by pin 1-8. */
    public static final List<WireColour> T568A = List.of(WHITE_GREEN, GREEN, WHITE_ORANGE, BLUE, WHITE_BLUE, ORANGE,
            WHITE_BROWN, BROWN);

    private final String displayName;
    private final String wireVizCode;

    WireColour(String displayName, String wireVizCode) {
        this.displayName = displayName;
        this.wireVizCode = wireVizCode;
    }

    public String displayName() {
        return displayName;
    }

    public String wireVizCode() {
        return wireVizCode;
    }

    /** The T568B colour of an RJ45 pin (1-8). */
    public static WireColour t568b(int pin) {
        return T568B.get(pin - 1);
    }

    /** The colour named {@code name} ("white-blue"), or null for a colour this enum does not know. */
    public static WireColour byName(String name) {
        for (WireColour colour : values()) {
            if (colour.displayName.equalsIgnoreCase(name)) {
                return colour;
            }
        }
        return null;
    }
}
