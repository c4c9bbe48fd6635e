package org.bmsw.pinout;

import java.util.Locale;
import java.util.Objects;

/**
 * Termination at one end of a cable for one bus, beyond the devices' own: a 120 ohm resistor in the cable's plug
 * (or across the terminal screws), or a device's termination switch the installer turned on.
 *
 * @param end which end of the cable
 * @param bus the bus of that end's port, e.g. {@code CAN1} on the battery side
 * @param by {@link By#CABLE} or {@link By#DEVICE_SWITCH}
 * @param resistanceOhm the resistor; 120 for a CAN terminator
 */
public record Terminator(End end, String bus, By by, double resistanceOhm) {

    /** End A (battery) or end B (inverter, or the next battery). */
    public enum End {
        A, B;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who terminates: a resistor in the cable, or the device's switch set on. */
    public enum By {
        CABLE("cable"), DEVICE_SWITCH("device-switch");

        private final String key;

        By(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        /** The {@code by=} value of a wire list, or null. */
        public static By byKey(String key) {
            for (By by : values()) {
                if (by.key.equals(key)) {
                    return by;
                }
            }
            return null;
        }
    }

    /** The usual CAN terminator. */
    public static final double CAN_OHM = 120;

    public Terminator {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(by, "by");
    }

    /** How a technician says it: "a 120 ohm resistor in the cable at the battery end (bus CAN1)". */
    public String describe(Cable cable) {
        String role = cable.end(end).role();
        return (by == By.CABLE ? "a " + ohm(resistanceOhm) + " ohm resistor in the cable at the " + role + " end"
                : "the " + role + "'s termination switch set on") + " (bus " + bus + ")";
    }

    static String ohm(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
