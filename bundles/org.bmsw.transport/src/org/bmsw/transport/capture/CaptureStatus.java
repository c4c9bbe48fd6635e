package org.bmsw.transport.capture;

import java.util.Locale;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.transport.TransportState;

/**
 * Where a {@link LiveCapture} stands.
 *
 * @param frames records received and stored
 * @param errors error frames received plus records that could not be stored or decoded
 * @param elapsedNs time since {@link LiveCapture#start()}
 * @param transportState the port's state: {@link TransportState#LOST} while it is away
 * @param storedRecords records in the store file, flushed or not
 */
public record CaptureStatus(long frames, long errors, long elapsedNs, TransportState transportState,
        long storedRecords) {

    /** Mean frames per second since the start. */
    public double framesPerSecond() {
        return frames / Math.max(elapsedNs / 1e9, 1e-3);
    }

    /** The status line of a capture: {@link #line(long, long, double, BatteryState)} of this status. */
    public String line(BatteryState state) {
        return line(frames, errors, framesPerSecond(), state);
    }

    /**
     * The one status line of a capture, in the CLI and the workbench: {@code "1234 frames, 61.0/s, 0 errors, SOC 88 %,
     * 49.86 V, -27 A"} (the values the state has, to at most 2 decimals).
     */
    public static String line(long frames, long errors, double framesPerSecond, BatteryState state) {
        StringBuilder line = new StringBuilder();
        line.append(frames).append(" frames, ").append(String.format(Locale.ROOT, "%.1f/s", framesPerSecond))
                .append(", ").append(errors).append(" errors");
        appendValue(line, state, Quantity.SOC, "SOC ", " %");
        appendValue(line, state, Quantity.VOLTAGE, "", " V");
        appendValue(line, state, Quantity.CURRENT, "", " A");
        return line.toString();
    }

    private static void appendValue(StringBuilder line, BatteryState state, Quantity quantity, String prefix,
            String unit) {
        state.get(quantity).ifPresent(value -> {
            String text = String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
            line.append(", ").append(prefix).append(text).append(unit);
        });
    }
}
