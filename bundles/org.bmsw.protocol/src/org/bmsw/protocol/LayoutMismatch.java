package org.bmsw.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A frame that does not fit the layout its identifier is decoded with: shorter than the layout, or values no
 * battery can have (a cell at 1 mV, a minimum above its maximum, -273 °C, 250 % SOC). Such a frame is shown with
 * its values, but the values stay out of the battery state and the checks: the battery most likely sends another
 * layout under that identifier.
 *
 * @param id the identifier as shown to people, e.g. {@code 0x373}
 * @param layout the layout expected, e.g. {@code sma-can CellInfo}
 * @param length the frame's data bytes
 * @param expectedLength the data bytes the layout needs at least
 * @param bytes the frame's data as hex, e.g. {@code 01 00 00 00}
 * @param reasons what does not fit, one readable line each, e.g. {@code 4 data bytes, layout needs 8} or
 *        {@code min_cell_mV = 1 mV, a battery sends 1000..5000 mV}
 */
public record LayoutMismatch(String id, String layout, int length, int expectedLength, String bytes,
        List<String> reasons) {

    public LayoutMismatch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(bytes, "bytes");
        reasons = List.copyOf(reasons);
    }

    /** True when the frame is shorter than the layout (rather than carrying impossible values). */
    public boolean isTooShort() {
        return length < expectedLength;
    }

    /** One line: {@code 0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00}. */
    public String text() {
        return id + ": " + String.join("; ", reasons) + " (" + layout + "): " + (bytes.isEmpty() ? "no data" : bytes);
    }

    /** The data bytes as hex pairs separated by spaces. */
    public static String hex(byte[] payload) {
        StringBuilder text = new StringBuilder(payload.length * 3);
        for (byte b : payload) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
