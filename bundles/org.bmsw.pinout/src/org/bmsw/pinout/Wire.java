package org.bmsw.pinout;

import java.util.Objects;

/**
 * One wire of a cable, from a pin of end A to a pin of end B.
 *
 * @param colour the insulation colour as technicians name it ("white-blue"), empty when unknown
 */
public record Wire(int pinA, int pinB, String colour) {

    public Wire {
        Objects.requireNonNull(colour, "colour");
    }
}
