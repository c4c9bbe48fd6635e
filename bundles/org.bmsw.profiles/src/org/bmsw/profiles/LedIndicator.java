package org.bmsw.profiles;

import java.util.List;
import java.util.Objects;

/**
 * One of the battery's front LEDs (RUN, ALM, SOC) and what its states mean on this model.
 */
public record LedIndicator(String name, String description, List<Indication> indications) {

    public LedIndicator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        indications = List.copyOf(indications);
    }

    /**
     * @param when the battery condition: normal, charging, discharging, idle, warning, protection,
     *        communication-lost, off
     * @param pattern on, off, blink, or soc-level (a bar graph showing soc_pct)
     * @param periodMs the blink period, 0 when it does not blink
     */
    public record Indication(String when, String pattern, int periodMs, String meaning) {
    }
}
