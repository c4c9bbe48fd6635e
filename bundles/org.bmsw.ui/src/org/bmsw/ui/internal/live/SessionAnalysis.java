package org.bmsw.ui.internal.live;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bmsw.analysis.AlarmEpisode;
import org.bmsw.analysis.AlarmEpisodeTracker;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.StateSeries;
import org.bmsw.core.store.TraceStore;
import org.bmsw.engine.PassConsumer;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.TraceEngine;
import org.bmsw.pinout.TraceFacts;
import org.bmsw.protocol.Decoder;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.session.TraceSessionListener;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * One decoding pass over the session's trace for the Plot, Battery panel and Alarm timeline: the rows are decoded
 * once by the {@link TraceEngine}'s store pass, in a {@link Job} (a user job with progress and cancel for an opened file, a quiet one for the rows a live
 * capture adds), into a decimated {@link StateSeries} (bounded memory), an {@link AlarmEpisodeTracker}, the
 * newest battery state and the frame counts of the cable diagnosis. The views only draw what this holds.
 */
public final class SessionAnalysis implements TraceSessionListener {

    /** Buckets for a whole file: a few per pixel column of a wide plot. */
    static final int FILE_BUCKETS = 4000;
    /** Buckets for the live window. */
    static final int LIVE_BUCKETS = 1200;

    private static SessionAnalysis instance;

    /** Told in the UI thread when the series, episodes or state changed. */
    public interface Listener {
        void analysisChanged();
    }

    /** What one trace's pass has produced so far; replaced when the trace changes. */
    public static final class Result {
        private final boolean live;
        private final String name;
        private volatile StateSeries series;
        private final AlarmEpisodeTracker episodes = new AlarmEpisodeTracker();
        private volatile BatteryState state = BatteryState.EMPTY;
        private volatile long rowsDone;
        private volatile long rowsTotal;
        private volatile long lastArrivalNanos = Long.MIN_VALUE;
        private volatile boolean cancelled;
        private volatile long firstNs = Long.MIN_VALUE;
        private volatile long lastNs = Long.MIN_VALUE;
        private volatile TraceFacts traceFacts;

        Result(boolean live, String name) {
            this.live = live;
            this.name = name;
        }

        /** Null until the first row is decoded. */
        public StateSeries series() {
            return series;
        }

        public AlarmEpisodeTracker episodes() {
            return episodes;
        }

        public List<AlarmEpisode> episodeList() {
            return episodes.episodes();
        }

        /** The newest state decoded. */
        public BatteryState state() {
            return state;
        }

        public boolean isLive() {
            return live;
        }

        public String name() {
            return name;
        }

        public long rowsDone() {
            return rowsDone;
        }

        public long rowsTotal() {
            return rowsTotal;
        }

        /** True when the user cancelled the pass: what is shown covers {@link #rowsDone()} rows. */
        public boolean isCancelled() {
            return cancelled;
        }

        /** Time of the first and the newest row decoded (trace time base). */
        public long firstNs() {
            return firstNs;
        }

        public long lastNs() {
            return lastNs;
        }

        /**
         * What the rows decoded so far say about the link, for the cable diagnosis (frames from the battery, from
         * others, error frames, time span); null until the first pass has run.
         */
        public TraceFacts traceFacts() {
            return traceFacts;
        }

        /** Whether frames arrive in time: new rows within the stale limit (live), or a trace ending in time. */
        public boolean receiving() {
            if (live) {
                return lastArrivalNanos != Long.MIN_VALUE
                        && org.bmsw.core.state.LedPanel.receiving(lastArrivalNanos, System.nanoTime());
            }
            return !state.isEmpty() && org.bmsw.core.state.LedPanel.receiving(state.timestampNs(), lastNs);
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Result result = new Result(false, "");
    private ScanJob job;

    private SessionAnalysis() {
    }

    /** The workbench's analysis, listening to {@link TraceSession#current()}. */
    public static synchronized SessionAnalysis current() {
        if (instance == null) {
            instance = new SessionAnalysis();
            TraceSession.current().addListener(instance);
            instance.traceChanged();
        }
        return instance;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public Result result() {
        return result;
    }

    /** The running pass, for tests that wait for it. */
    public Job job() {
        return job;
    }

    @Override
    public synchronized void traceChanged() {
        if (job != null) {
            job.retire();
        }
        TraceStore shown = TraceSession.current().store();
        if (shown == null) {
            result = new Result(false, "");
            job = null;
            fire();
            return;
        }
        boolean live = CaptureController.current().isLive(shown);
        result = new Result(live, shown.path().getFileName().toString());
        job = new ScanJob(result, shown.path(), TraceSession.current().newDecoder(), live);
        job.schedule();
        fire();
    }

    @Override
    public synchronized void traceGrew(long oldSize, long newSize) {
        if (job != null) {
            job.schedule(); // a running job runs once more when done
        }
    }

    void fire() {
        Runnable notify = () -> {
            for (Listener listener : listeners) {
                listener.analysisChanged();
            }
        };
        Display display = Display.getCurrent();
        if (display != null) {
            notify.run();
        } else if (PlatformUI.isWorkbenchRunning() && !PlatformUI.getWorkbench().getDisplay().isDisposed()) {
            PlatformUI.getWorkbench().getDisplay().asyncExec(notify);
        }
    }

    /** Decodes the rows not decoded yet of its own view of the store file, so the UI's store is never touched. */
    private final class ScanJob extends Job {
        private final Result target;
        private final Path file;
        private final Decoder decoder;
        private final boolean live;
        private TraceStore store;
        private long nextRow;
        private final TraceFacts.Tally link = new TraceFacts.Tally(); // this job's alone; published as a snapshot

        ScanJob(Result target, Path file, Decoder decoder, boolean live) {
            super(live ? "Following the live capture" : "Decoding " + file.getFileName() + " for plots and alarms");
            this.target = target;
            this.file = file;
            this.decoder = decoder;
            this.live = live;
            setSystem(live);
            setUser(!live);
        }

        /** Stops it for good: it runs once more only to close its store (it alone touches it). */
        void retire() {
            retired = true;
            cancel();
            schedule();
        }

        private volatile boolean retired;

        @Override
        protected IStatus run(IProgressMonitor monitor) {
            if (retired) {
                dispose();
                return Status.CANCEL_STATUS;
            }
            try {
                store = store == null ? TraceStore.open(file) : refresh(store);
            } catch (IOException e) {
                return new Status(IStatus.ERROR, BmswPreferences.QUALIFIER, file + ": cannot read the trace for the "
                        + "plots and alarm timeline: " + e.getMessage(), e);
            }
            long size = store.size();
            target.rowsTotal = size;
            if (size <= nextRow) {
                target.traceFacts = link.facts(); // an empty trace says something too: nothing heard yet
                fire();
                return Status.OK_STATUS;
            }
            if (target.series == null) {
                long first = store.record(0).timestampNs();
                target.firstNs = first;
                target.series = live
                        ? StateSeries.window(first, Math.max(1, BmswPreferences.plotWindowSeconds() * 1_000_000_000L
                                / LIVE_BUCKETS), LIVE_BUCKETS)
                        : StateSeries.covering(first, Math.max(first, store.record(size - 1).timestampNs()),
                                FILE_BUCKETS);
            }
            StateSeries series = target.series;
            monitor.beginTask(getName(), (int) Math.min(Integer.MAX_VALUE, (size - nextRow) / 4096 + 1));
            long[] reported = { 0 };
            long before = nextRow;
            PassOptions options = PassOptions.DEFAULT.withCancel(() -> monitor.isCanceled() || retired)
                    .withProgress(done -> {
                        monitor.worked((int) (done / 4096 - reported[0]));
                        reported[0] = done / 4096;
                        target.rowsDone = before + done;
                    });
            nextRow = TraceEngine.getDefault().passStore(store, nextRow, size, decoder, options, new PassConsumer() {
                @Override
                public void record(TraceRecord record, long row) {
                    link.add(record.timestampNs(), record.bus(), record.identifier(), record.flags());
                }

                @Override
                public boolean wantsMessages() {
                    return false; // the states are all the views draw: records are folded, no message is built
                }

                @Override
                public boolean wantsState() {
                    return true;
                }

                @Override
                public void stateChanged(long row, long timeNs, BatteryState state) {
                    series.add(timeNs, state);
                    target.episodes.update(timeNs, state, row); // rows count from 1, as the tracker's
                    target.state = state;
                }
            });
            target.rowsDone = nextRow;
            target.traceFacts = link.facts();
            if (nextRow > 0) {
                target.lastNs = store.record(nextRow - 1).timestampNs();
            }
            if (live && nextRow > before) {
                target.lastArrivalNanos = System.nanoTime();
            }
            monitor.done();
            fire();
            if (nextRow < size && monitor.isCanceled()) {
                target.cancelled = true;
                fire();
                return Status.CANCEL_STATUS;
            }
            return Status.OK_STATUS;
        }

        /** Makes what the capture flushed since visible (rows keep their numbers). */
        private TraceStore refresh(TraceStore old) throws IOException {
            old.refresh();
            return old;
        }

        void dispose() {
            try {
                if (store != null) {
                    store.close();
                }
            } catch (IOException e) {
                // read only
            }
        }
    }
}
