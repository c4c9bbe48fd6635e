package org.bmsw.ui.internal.live;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.TraceRecord;

/**
 * The Transmit view's list of frames: each a CAN frame in can-utils' notation, a period (0: one-shot only) and
 * whether it is enabled; kept as text in the view's memento, one frame a line.
 */
final class TransmitFrames {

    private TransmitFrames() {
    }

    /** One frame of the list; {@code frame} was checked by {@link #entry}. */
    record Entry(String frame, long periodMs, boolean enabled) {
        TraceRecord record() {
            return CanFrameNotation.parse(frame, "tx");
        }

        Entry withEnabled(boolean on) {
            return new Entry(frame, periodMs, on);
        }
    }

    /**
     * An entry from what the user typed.
     *
     * @throws IllegalArgumentException naming the mistake (the frame's, or a period that is not a whole number of ms)
     */
    static Entry entry(String frame, String period, boolean enabled) {
        TraceRecord record = CanFrameNotation.parse(frame, "tx");
        long periodMs;
        try {
            periodMs = period.isBlank() ? 0 : Long.parseLong(period.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("period \"" + period + "\": a whole number of milliseconds (0: one-shot)");
        }
        if (periodMs < 0 || periodMs > 3_600_000) {
            throw new IllegalArgumentException("period " + periodMs + " ms: 0 (one-shot) to 3600000 ms");
        }
        return new Entry(CanFrameNotation.format(record), periodMs, enabled);
    }

    /** The list as text: {@code enabled period frame} a line. */
    static String toText(List<Entry> entries) {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            text.append(entry.enabled() ? "on" : "off").append(' ').append(entry.periodMs()).append(' ')
                    .append(entry.frame()).append('\n');
        }
        return text.toString();
    }

    /** The list {@link #toText} wrote; a line that no longer reads is left out. */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length != 3) {
                continue;
            }
            try {
                entries.add(entry(parts[2], parts[1], parts[0].equals("on")));
            } catch (IllegalArgumentException e) {
                // a line edited by hand: dropped rather than taking the view down
            }
        }
        return entries;
    }
}
