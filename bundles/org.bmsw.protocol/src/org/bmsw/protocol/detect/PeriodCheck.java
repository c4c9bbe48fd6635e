package org.bmsw.protocol.detect;

/**
 * A message's measured period against the protocol's expectation.
 *
 * @param id the identifier, e.g. {@code 0x351}
 * @param expectedMs the period the protocol states
 * @param minimumMs the shortest period the receiver accepts
 * @param maximumMs the longest before the receiver times out or the sender counts as late
 * @param measuredMs mean period between the first and last occurrence
 */
public record PeriodCheck(String id, double expectedMs, double minimumMs, double maximumMs, double measuredMs,
        int count) {

    public boolean withinLimits() {
        return measuredMs >= minimumMs && measuredMs <= maximumMs;
    }

    @Override
    public String toString() {
        return String.format("%s: %.0f ms measured over %d frames, expected %.0f ms (%.0f-%.0f)%s", id, measuredMs,
                count, expectedMs, minimumMs, maximumMs, withinLimits() ? "" : " OUT OF LIMITS");
    }
}
