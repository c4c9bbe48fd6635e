package org.bmsw.analysis.internal;

import java.time.Instant;
import java.util.Locale;

/** Numbers and times as people read them in findings. */
public final class Text {

    /** Times after 2000-01-01 are wall-clock times; smaller ones count from the trace start. */
    public static final long EPOCH_THRESHOLD_NS = 946_684_800L * 1_000_000_000L;

    private Text() {
    }

    /** {@code 52.41}, {@code 200}, {@code -1.5}: at most 3 decimals, no trailing zeros. */
    public static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.3f", value);
        int end = text.length(); // trailing zeros off, then a trailing point (no pattern compiled per number)
        while (end > 0 && text.charAt(end - 1) == '0') {
            end--;
        }
        if (end > 0 && text.charAt(end - 1) == '.') {
            end--;
        }
        return text.substring(0, end);
    }

    /** {@code 2023-11-14T22:13:20.5Z} for wall-clock times, {@code 12.5 s} otherwise. */
    public static String time(long ns) {
        if (ns >= EPOCH_THRESHOLD_NS) {
            return Instant.ofEpochSecond(0, ns).toString();
        }
        return num(ns / 1e9) + " s";
    }

    /** {@code 3 s}, {@code 2 min 5 s}, {@code 1 h 2 min}. */
    public static String duration(long ns) {
        double s = ns / 1e9;
        if (s < 60) {
            return num(Math.round(s * 1000) / 1000.0) + " s";
        }
        long total = Math.round(s);
        if (total < 3600) {
            return total / 60 + " min " + total % 60 + " s";
        }
        return total / 3600 + " h " + total % 3600 / 60 + " min";
    }
}
