package org.bmsw.transport.capture;

import java.util.Locale;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.transport.TransportState;

/**
 * Where a {@link LiveCapture} stands.
 *
 * @param frames records received and stored
 * @param errors error frames received plus records that could not be decoded
 * @param elapsedNs time since {@link LiveCapture#start()}
 * @param transportState the port's state: {@link TransportState#LOST} while it is away
 * @param storedRecords records handed to the store file, flushed or not
 * @param queueDrops records the port's reader thread could not hand over because the queue to the store writer
 *        was full (the disk or the decoder fell behind)
 * @param adapterDrops frames the adapter or the kernel reported dropping before they were read (an SLCAN adapter's
 *        overrun counts as one: it lost at least one frame and does not say how many)
 * @param problem why the capture stopped by itself (e.g. {@code "disk full: site.bmst: No space left on device"}),
 *        empty while it runs or after a normal stop
 * @param adapterCondition what the adapter reported about itself ({@link org.bmsw.transport.Transport#adapterCondition()},
 *        e.g. {@code "2 overruns, error passive"}), empty when nothing
 */
public record CaptureStatus(long frames, long errors, long elapsedNs, TransportState transportState,
        long storedRecords, long queueDrops, long adapterDrops, String problem, String adapterCondition) {

    /** A status with nothing reported by the adapter. */
    public CaptureStatus(long frames, long errors, long elapsedNs, TransportState transportState, long storedRecords,
            long queueDrops, long adapterDrops, String problem) {
        this(frames, errors, elapsedNs, transportState, storedRecords, queueDrops, adapterDrops, problem, "");
    }

    /** Mean frames per second since the start. */
    public double framesPerSecond() {
        return frames / Math.max(elapsedNs / 1e9, 1e-3);
    }

    /** Frames lost before they reached the store: the queue's drops plus the adapter's and the kernel's. */
    public long dropped() {
        return queueDrops + adapterDrops;
    }

    /**
     * The status line of a capture: {@link #line(long, long, long, double, BatteryState)} of this status, then what
     * the adapter reported ({@code "; adapter: 2 overruns, error passive"}) and why it stopped, when there is such.
     */
    public String line(BatteryState state) {
        String line = line(frames, errors, dropped(), framesPerSecond(), state) + adapterSuffix(adapterCondition);
        return problem.isEmpty() ? line : line + "; stopped: " + problem;
    }

    /** {@code "; adapter: CONDITION"}, or empty for an empty condition. */
    public static String adapterSuffix(String adapterCondition) {
        return adapterCondition == null || adapterCondition.isEmpty() ? "" : "; adapter: " + adapterCondition;
    }

    /** {@link #line(long, long, long, double, BatteryState)} without a drop count (0). */
    public static String line(long frames, long errors, double framesPerSecond, BatteryState state) {
        return line(frames, errors, 0, framesPerSecond, state);
    }

    /**
     * The one status line of a capture, in the CLI and the workbench: {@code "1234 frames, 61.0/s, 0 errors,
     * 0 dropped, SOC 88 %, 49.86 V, -27 A"} (the values the state has, to at most 2 decimals); {@code dropped} counts
     * frames lost before the store as candump's drop counter does.
     */
    public static String line(long frames, long errors, long dropped, double framesPerSecond, BatteryState state) {
        StringBuilder line = new StringBuilder();
        line.append(frames).append(" frames, ").append(String.format(Locale.ROOT, "%.1f/s", framesPerSecond))
                .append(", ").append(errors).append(" errors, ").append(dropped).append(" dropped");
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
