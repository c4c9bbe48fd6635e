package org.bmsw.pinout;

import java.util.List;

/**
 * The wire colours of an RJ45 patch cable by pin, in the two wiring standards, with the colour codes WireViz uses.
 */
public enum WireColour {
    WHITE_ORANGE("white-orange", "WHOG", 0xE07B00),
    ORANGE("orange", "OG", 0xE07B00),
    WHITE_GREEN("white-green", "WHGN", 0x2E8B57),
    BLUE("blue", "BU", 0x1F5FBF),
    WHITE_BLUE("white-blue", "WHBU", 0x1F5FBF),
    GREEN("green", "GN", 0x2E8B57),
    WHITE_BROWN("white-brown", "WHBN", 0x7B4A12),
    BROWN("brown", "BN", 0x7B4A12);

    /** The colour drawings use for a wire whose colour is not known. */
    public static final int UNKNOWN_RGB = 0x444444;

    /** TIA-568 T568B, the common one, by pin 1-8. */
    public static final List<WireColour> T568B = List.of(WHITE_ORANGE, ORANGE, WHITE_GREEN, BLUE, WHITE_BLUE, GREEN,
            WHITE_BROWN, BROWN);
    /** TIA-568 T568A, by pin 1-8. */
    public static final List<WireColour> T568A = List.of(WHITE_GREEN, GREEN, WHITE_ORANGE, BLUE, WHITE_BLUE, ORANGE,
            WHITE_BROWN, BROWN);

    private final String displayName;
    private final String wireVizCode;
    private final int rgb;

    WireColour(String displayName, String wireVizCode, int rgb) {
        this.displayName = displayName;
        this.wireVizCode = wireVizCode;
        this.rgb = rgb;
    }

    /** The colour to draw the wire in, 0xRRGGBB; a striped wire (white-x) is drawn dashed in its stripe colour. */
    public int rgb() {
        return rgb;
    }

    /** True for the white wire with a coloured stripe of each pair. */
    public boolean isStriped() {
        return name().startsWith("WHITE_");
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
