package org.bmsw.protocol;

import java.util.Arrays;
import java.util.List;

/**
 * Which decoder to run: a protocol id with its variants after {@code +}, as users write it
 * ({@code pylon-can+voltage-0.1V}, {@code sma-can}, {@code auto}).
 *
 * @param id the protocol id, e.g. {@code pylon-can}
 * @param variants the variants, in the order given
 */
public record DecoderSpec(String id, List<String> variants) {

    /** Detect the protocol and its variants from the first records. */
    public static final String AUTO = "auto";

    public DecoderSpec {
        variants = List.copyOf(variants);
    }

    /** Parses {@code pylon-can+voltage-0.1V}; blanks around the parts are ignored. */
    public static DecoderSpec parse(String text) {
        String[] parts = text.trim().split("\\+");
        return new DecoderSpec(parts[0].trim(),
                Arrays.stream(parts).skip(1).map(String::trim).filter(part -> !part.isEmpty()).toList());
    }

    public boolean isAuto() {
        return AUTO.equals(id);
    }

    /** The spec as users write it: {@code id+variant+variant}. */
    @Override
    public String toString() {
        return variants.isEmpty() ? id : id + "+" + String.join("+", variants);
    }
}
