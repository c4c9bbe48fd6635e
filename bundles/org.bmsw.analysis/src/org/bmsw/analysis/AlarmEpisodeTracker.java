package org.bmsw.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.BatteryState;

/**
 * Turns a sequence of battery states into alarm episodes, incrementally: feed it {@code (timestamp, state)} as
 * decoding goes ({@link #update}); an alarm that appears in {@link BatteryState#alarms()} opens an episode, its
 * disappearance closes it. Used by the offline analysis and by the live workbench's alarm timeline.
 * <p>
 * Memory is bounded: at most {@code maxClosedEpisodes} closed episodes are kept (the oldest are dropped and
 * counted in {@link #droppedEpisodes()}), plus one open episode per alarm at most. Thread-safe: one thread may
 * feed while others read {@link #episodes()} and {@link #changeCount()}; listeners are called on the feeding
 * thread.
 */
public final class AlarmEpisodeTracker {

    /** Told about every episode that starts (open) or ends (closed), on the feeding thread. */
    @FunctionalInterface
    public interface Listener {
        void episodeChanged(AlarmEpisode episode);
    }

    /** Closed episodes kept by default: a day of an alarm toggling every 10 s. */
    public static final int DEFAULT_MAX_CLOSED_EPISODES = 10_000;

    private static final Comparator<AlarmEpisode> ORDER = Comparator.comparingLong(AlarmEpisode::startNs)
            .thenComparing(AlarmEpisode::alarm);

    private final int maxClosedEpisodes;
    private final ArrayDeque<AlarmEpisode> closed = new ArrayDeque<>();
    /** Open episodes by alarm, in order of start. */
    private final Map<Alarm, AlarmEpisode> open = new LinkedHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private long changeCount;
    private long droppedEpisodes;
    private long lastTimestampNs = Long.MIN_VALUE;

    public AlarmEpisodeTracker() {
        this(DEFAULT_MAX_CLOSED_EPISODES);
    }

    public AlarmEpisodeTracker(int maxClosedEpisodes) {
        if (maxClosedEpisodes < 1) {
            throw new IllegalArgumentException("maxClosedEpisodes must be at least 1, not " + maxClosedEpisodes);
        }
        this.maxClosedEpisodes = maxClosedEpisodes;
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** {@link #update(long, BatteryState, long)} without a frame row (a live feed). */
    public void update(long timestampNs, BatteryState state) {
        update(timestampNs, state, AlarmEpisode.NO_ROW);
    }

    /**
     * Compares the state's active alarms with the open episodes: new alarms open an episode at {@code timestampNs},
     * alarms no longer active close theirs.
     *
     * @param row the 1-based frame row of the trace that produced this state, or {@link AlarmEpisode#NO_ROW}
     */
    public void update(long timestampNs, BatteryState state, long row) {
        List<AlarmEpisode> changes = null;
        synchronized (this) {
            lastTimestampNs = Math.max(lastTimestampNs, timestampNs);
            if (open.isEmpty() && state.alarms().isEmpty()) {
                return; // the common case: nothing active, nothing to do, no allocation
            }
            for (var it = open.entrySet().iterator(); it.hasNext();) {
                Map.Entry<Alarm, AlarmEpisode> entry = it.next();
                if (!state.alarms().contains(entry.getKey())) {
                    it.remove();
                    AlarmEpisode ended = entry.getValue().closedAt(timestampNs, row);
                    keepClosed(ended);
                    changes = add(changes, ended);
                }
            }
            for (Alarm alarm : state.alarms()) {
                if (!open.containsKey(alarm)) {
                    AlarmEpisode started = new AlarmEpisode(alarm, timestampNs, AlarmEpisode.OPEN, row,
                            AlarmEpisode.NO_ROW);
                    open.put(alarm, started);
                    changes = add(changes, started);
                }
            }
            if (changes != null) {
                changeCount += changes.size();
            }
        }
        if (changes != null) {
            for (AlarmEpisode episode : changes) {
                for (Listener listener : listeners) {
                    listener.episodeChanged(episode);
                }
            }
        }
    }

    private static List<AlarmEpisode> add(List<AlarmEpisode> list, AlarmEpisode episode) {
        List<AlarmEpisode> result = list == null ? new ArrayList<>(2) : list;
        result.add(episode);
        return result;
    }

    private void keepClosed(AlarmEpisode episode) {
        closed.addLast(episode);
        if (closed.size() > maxClosedEpisodes) {
            closed.removeFirst();
            droppedEpisodes++;
        }
    }

    /** Every episode kept, closed and open, ordered by start time (then protections first). A snapshot. */
    public synchronized List<AlarmEpisode> episodes() {
        List<AlarmEpisode> all = new ArrayList<>(closed.size() + open.size());
        all.addAll(closed);
        all.addAll(open.values());
        all.sort(ORDER);
        return Collections.unmodifiableList(all);
    }

    /** The episodes still active, ordered by start time. A snapshot. */
    public synchronized List<AlarmEpisode> openEpisodes() {
        List<AlarmEpisode> all = new ArrayList<>(open.values());
        all.sort(ORDER);
        return Collections.unmodifiableList(all);
    }

    /**
     * Counts every episode start and end so far; a reader that remembers the value can tell whether anything
     * changed since (e.g. a view refreshing on a timer).
     */
    public synchronized long changeCount() {
        return changeCount;
    }

    /** Closed episodes dropped because more than {@code maxClosedEpisodes} were kept. */
    public synchronized long droppedEpisodes() {
        return droppedEpisodes;
    }

    /** The newest timestamp fed so far ({@link Long#MIN_VALUE} before the first), for open episodes' durations. */
    public synchronized long lastTimestampNs() {
        return lastTimestampNs;
    }

    /** Forgets every episode (a new trace, a reconnected port); listeners stay. */
    public synchronized void reset() {
        closed.clear();
        open.clear();
        droppedEpisodes = 0;
        lastTimestampNs = Long.MIN_VALUE;
        changeCount++;
    }
}
