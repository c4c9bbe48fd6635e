package org.bmsw.analysis;

import java.util.Objects;
import java.util.OptionalLong;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;

/**
 * One alarm episode: an alarm ({@code {name, level}} as in battery-state.md) from the state that first showed it
 * active to the state that first showed it cleared. Immutable; an open episode is replaced by a closed one when it
 * ends.
 *
 * @param alarm the alarm's name and level (protection or warning)
 * @param startNs time of the first state with the alarm active, in the trace's time base
 * @param endNs time of the first state without it, or {@link #OPEN} while it is still active
 * @param startRow the frame row (1-based position of the frame in the trace) that raised it, or {@link #NO_ROW}
 * @param endRow the frame row that cleared it, or {@link #NO_ROW} (open, or not known)
 */
public record AlarmEpisode(Alarm alarm, long startNs, long endNs, long startRow, long endRow) {

    /** {@link #endNs()} of an episode that is still active. */
    public static final long OPEN = Long.MIN_VALUE;
    /** A frame row that is not known (a live feed without rows, or an open episode's end). */
    public static final long NO_ROW = -1;

    public AlarmEpisode {
        Objects.requireNonNull(alarm, "alarm");
        if (endNs != OPEN && endNs < startNs) {
            throw new IllegalArgumentException("episode of " + alarm + " ends at " + endNs + " ns before it starts at "
                    + startNs + " ns");
        }
    }

    public AlarmName name() {
        return alarm.name();
    }

    public AlarmLevel level() {
        return alarm.level();
    }

    /** True while the alarm is still active. */
    public boolean isOpen() {
        return endNs == OPEN;
    }

    /** The end time, empty while open. */
    public OptionalLong end() {
        return isOpen() ? OptionalLong.empty() : OptionalLong.of(endNs);
    }

    /** The duration; an open episode counts up to {@code asOfNs} (e.g. the last frame of the trace, or now). */
    public long durationNs(long asOfNs) {
        return Math.max(0, (isOpen() ? asOfNs : endNs) - startNs);
    }

    /** This episode ended at {@code timeNs} by the frame at {@code row}. */
    AlarmEpisode closedAt(long timeNs, long row) {
        return new AlarmEpisode(alarm, startNs, Math.max(timeNs, startNs), startRow, row);
    }

    @Override
    public String toString() {
        return alarm + " " + startNs + ".." + (isOpen() ? "open" : Long.toString(endNs));
    }
}
