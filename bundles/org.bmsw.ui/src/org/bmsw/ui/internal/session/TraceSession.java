package org.bmsw.ui.internal.session;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassConsumer;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.TraceInput;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.filter.TraceRows;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * The one trace every view of the workbench shows: a {@link TraceStore} opened from a file, or growing while a
 * live capture writes it. Views read rows straight from {@link #store()} (nothing per row is kept here) and
 * decode only what they show, with {@link #newDecoder()} or {@link #decodeRows(long, int)}. Opening, importing and
 * the choice of decoder go through the {@link TraceEngine}, under the same policy as the command line.
 * <p>
 * {@link #open}, {@link #openFile} and {@link #grew()} may be called from any thread; listeners are always called
 * in the UI thread. The session owns the store it shows and closes it when another one replaces it.
 */
public final class TraceSession {

    /** Trace time {@link #stateAt(long)} decodes before the row: the battery repeats every frame each second. */
    public static final long STATE_WINDOW_NS = 10_000_000_000L;
    /** The most rows {@link #stateAt(long)} decodes, so a dense trace still answers at once. */
    public static final int STATE_WINDOW_MAX_ROWS = 200_000;

    private static final TraceSession CURRENT = new TraceSession();

    private final List<TraceSessionListener> listeners = new CopyOnWriteArrayList<>();
    private volatile TraceStore store;
    private volatile DecoderRequest request = DecoderRequest.auto();
    private volatile ResolvedDecoder decoder = autoDecoder();
    private volatile long cursor = -1;
    private volatile boolean ownsFile; // an import in the cache folder: deleted when closed
    private Path source;

    /** Sessions are made by tests; the workbench uses {@link #current()}. */
    TraceSession() {
    }

    /** The workbench's one session. */
    public static TraceSession current() {
        return CURRENT;
    }

    public void addListener(TraceSessionListener listener) {
        listeners.add(listener);
    }

    public void removeListener(TraceSessionListener listener) {
        listeners.remove(listener);
    }

    /** The trace shown, or null before any was opened. Read rows with {@code store().cursor()}. */
    public TraceStore store() {
        return store;
    }

    /**
     * The decoder spec rows are decoded with, e.g. {@code pylon-can+voltage-0.1V}, {@code dbc} for a profile's
     * DBC; {@code auto} while the trace has too few records to tell.
     */
    public String protocolId() {
        return decoder.spec();
    }

    /** The decoder the rows are decoded with and how it was chosen. */
    public ResolvedDecoder decoder() {
        return decoder;
    }

    /** What the user asked to decode with (a protocol, a profile, DBC files of their own). */
    public DecoderRequest request() {
        return request;
    }

    /**
     * Decodes the trace shown (and the ones opened later) as {@code newRequest} asks; views hear
     * {@code traceChanged}.
     *
     * @throws EngineException naming what cannot be used (an unknown protocol or profile, an unreadable DBC)
     */
    public void setRequest(DecoderRequest newRequest) throws EngineException {
        ResolvedDecoder resolved = resolve(store, newRequest);
        synchronized (this) {
            request = newRequest;
            decoder = resolved;
        }
        fire(TraceSessionListener::traceChanged);
    }

    /** A new decoder for the trace shown (decoders keep state: one per pass over the rows). */
    public Decoder newDecoder() {
        return decoder.newDecoder();
    }

    /** The current row (the one selected in the Trace view), or -1. */
    public long cursor() {
        return cursor;
    }

    /** Moves the current row; listeners hear {@code cursorMoved} when it changed. */
    public void setCursor(long row) {
        TraceStore shown = store;
        long clamped = shown == null || row < 0 ? -1 : Math.min(row, shown.size() - 1);
        if (clamped != cursor) {
            cursor = clamped;
            fire(listener -> listener.cursorMoved(clamped));
        }
    }

    /**
     * Shows {@code newStore} (null for none), decoded as {@code spec} ({@code auto} or null: detected from its
     * first records; the user's DBC files stay on top). The previous store is closed.
     */
    public void open(TraceStore newStore, String spec) {
        open(newStore, DecoderRequest.protocol(spec).withDbcs(request.dbcOverlays()));
    }

    /** Shows {@code newStore} (null for none), decoded as {@code asked} says. The previous store is closed. */
    public void open(TraceStore newStore, DecoderRequest asked) {
        open(newStore, asked, false, newStore == null ? null : newStore.path());
    }

    /**
     * The file the trace shown came from: the file the user opened (not the store it was imported into), or the
     * store of a live capture; null when nothing is shown. Files of the site (the cable) go next to it.
     */
    public synchronized Path source() {
        return source;
    }

    private void open(TraceStore newStore, DecoderRequest asked, boolean cached, Path newSource) {
        ResolvedDecoder resolved = resolveOrAuto(newStore, asked);
        TraceStore previous;
        boolean previousCached;
        synchronized (this) {
            previous = store;
            previousCached = ownsFile;
            store = newStore;
            source = newSource;
            ownsFile = cached;
            request = asked;
            decoder = resolved;
            cursor = -1;
        }
        if (previous != null && previous != newStore) {
            closeQuietly(previous, previousCached);
        }
        fire(TraceSessionListener::traceChanged);
    }

    /** Closes the trace shown; views show nothing. */
    public void close() {
        open(null, request, false, null);
    }

    /**
     * Opens {@code trace}: a trace store directly, any other format (candump, ASC, TRC, CSV, serial dump, detected
     * from the content) by importing it into a store in the workbench's cache folder first. Malformed lines are
     * skipped and listed in the returned report ({@code file:line: reason}); the import can be cancelled through
     * {@code monitor}, which then throws {@link OperationCanceledException} and leaves the shown trace as it was.
     *
     * @throws IOException naming the file when it cannot be read or is not a trace
     */
    public ReadReport openFile(Path trace, IProgressMonitor monitor) throws IOException {
        TraceEngine engine = TraceEngine.getDefault();
        SubMonitor progress = SubMonitor.convert(monitor, "Opening " + trace.getFileName(), 1000);
        TraceInput input;
        try {
            input = engine.open(trace);
        } catch (EngineException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (input.format() == TraceFormat.STORE) {
            TraceStore opened = TraceStore.open(trace);
            progress.worked(500);
            open(opened, request, false, trace);
            return TraceEngine.storeReport(trace, opened);
        }
        Path target = Files.createTempFile(cacheFolder(), "import-", ".bmst");
        long fileBytes = Math.max(1, input.sizeBytes());
        progress.subTask("Importing " + input.format().displayName() + " " + trace.getFileName());
        long[] reported = { 0 };
        ReadReport report;
        try {
            report = engine.importToStore(input, target, PassOptions.DEFAULT.withProgress(bytes -> {
                int done = (int) (bytes * 950 / fileBytes);
                if (done > reported[0]) {
                    progress.worked((int) (done - reported[0]));
                    reported[0] = done;
                }
            }).withCancel(progress::isCanceled));
        } catch (CancellationException e) {
            Files.deleteIfExists(target);
            throw new OperationCanceledException();
        } catch (EngineException e) {
            Files.deleteIfExists(target);
            throw new IOException(e.getMessage(), e);
        }
        progress.setWorkRemaining(50);
        progress.subTask("Opening the imported trace");
        TraceStore opened = TraceStore.open(target);
        open(opened, request, true, trace);
        progress.done();
        return report;
    }

    /**
     * Called by the live side after each flush of the store being shown: makes the new rows visible and tells
     * listeners {@code traceGrew}. Runs the refresh in the UI thread, so views never see the store change while
     * they paint.
     */
    public void grew() {
        TraceStore shown = store;
        if (shown == null) {
            return;
        }
        inUiThread(() -> {
            if (store != shown) {
                return; // replaced meanwhile
            }
            long oldSize = shown.size();
            long newSize;
            try {
                newSize = shown.refresh();
            } catch (IOException e) {
                // e.g. the file shrank under us: keep showing what was read, the capture reports its own errors
                refreshProblem = e.getMessage();
                return;
            }
            if (decoder.isAuto() && newSize > 0) {
                decoder = resolveOrAuto(shown, request);
            }
            if (newSize != oldSize) {
                for (TraceSessionListener listener : listeners) {
                    listener.traceGrew(oldSize, newSize);
                }
            }
        });
    }

    /**
     * The battery state as the inverter knew it at {@code row}: the rows of the {@link #STATE_WINDOW_NS} before
     * it (at most {@link #STATE_WINDOW_MAX_ROWS}) decoded into a fresh decoder. Never reads the whole trace.
     */
    public BatteryState stateAt(long row) {
        return snapshotAt(row).state();
    }

    /**
     * What was known at a row: the battery state ({@link #stateAt}) and the last message of each kind decoded in
     * the same window, in order of first appearance.
     *
     * @param state the battery state after the row
     * @param messages the latest message per channel, id and name
     * @param firstRow the first row decoded (the window's start)
     */
    public record Snapshot(BatteryState state, List<DecodedMessage> messages, long firstRow) {
        public static final Snapshot EMPTY = new Snapshot(BatteryState.EMPTY, List.of(), -1);
    }

    /** The {@link Snapshot} at {@code row}, from the same bounded window as {@link #stateAt(long)}. */
    public Snapshot snapshotAt(long row) {
        TraceStore shown = store;
        if (shown == null || row < 0 || shown.size() == 0) {
            return Snapshot.EMPTY;
        }
        long last = Math.min(row, shown.size() - 1);
        StoreCursor at = shown.cursor();
        at.moveTo(last);
        long first = Math.max(shown.seek(at.timestampNs() - STATE_WINDOW_NS), last - STATE_WINDOW_MAX_ROWS + 1);
        first = Math.max(0, Math.min(first, last));
        Decoder fresh = newDecoder();
        Map<String, DecodedMessage> latest = new LinkedHashMap<>();
        Consumer<DecodedMessage> keep = message -> latest.put(
                message.channel() + " " + message.id() + " " + message.message(), message);
        TraceEngine.getDefault().passStore(shown, first, last + 1, fresh, PassOptions.DEFAULT, new PassConsumer() {
            @Override
            public void message(DecodedMessage message, long messageRow) {
                keep.accept(message);
            }
        });
        fresh.finish(keep);
        return new Snapshot(fresh.state(), List.copyOf(latest.values()), first);
    }

    /**
     * The decoded messages of rows {@code first .. first+count-1} (clipped to the trace), one array per row (empty
     * when a row completes no message), decoded by a fresh decoder warmed up on a few rows before them.
     */
    public DecodedMessage[][] decodeRows(long first, int count) {
        TraceStore shown = store;
        if (shown == null) {
            return new DecodedMessage[0][];
        }
        return TraceRows.decode(shown, newDecoder(), first, count);
    }

    // --- internals

    /** The engine's decoder for {@code shown}: with {@code auto}, what its first records show. */
    private static ResolvedDecoder resolve(TraceStore shown, DecoderRequest asked) throws EngineException {
        TraceEngine engine = TraceEngine.getDefault();
        return shown == null ? engine.resolve(asked, false) : engine.resolve(asked, shown);
    }

    /**
     * As {@link #resolve}, but a request that cannot be used any more (a profile uninstalled, a DBC deleted) falls
     * back to detection, so the trace is still shown; the Trace view's title says how rows are decoded.
     */
    private static ResolvedDecoder resolveOrAuto(TraceStore shown, DecoderRequest asked) {
        try {
            return resolve(shown, asked);
        } catch (EngineException e) {
            try {
                return resolve(shown, DecoderRequest.auto());
            } catch (EngineException impossible) {
                return autoDecoder();
            }
        }
    }

    private static ResolvedDecoder autoDecoder() {
        return new ResolvedDecoder(DecoderSpec.AUTO, DecoderSpec.AUTO, Optional.empty(), List.of(),
                () -> DecoderRegistry.getDefault().create(DecoderSpec.AUTO));
    }

    /**
     * Where imports go: the UI bundle's state folder (the workspace's {@code .metadata}), or the temporary folder
     * outside OSGi. Imports left behind by a workbench that was killed are removed the first time.
     */
    private Path cacheFolder() throws IOException {
        Path folder = null;
        try {
            if (Platform.isRunning()) {
                IPath state = Platform.getStateLocation(Platform.getBundle("org.bmsw.ui"));
                folder = state.toFile().toPath().resolve("traces");
            }
        } catch (RuntimeException | LinkageError e) {
            folder = null; // no instance location (e.g. -data @none): fall back to the temporary folder
        }
        if (folder == null) {
            folder = Path.of(System.getProperty("java.io.tmpdir"), "bmsw-traces-" + System.getProperty("user.name"));
        }
        Files.createDirectories(folder);
        if (!cacheCleaned) {
            cacheCleaned = true;
            TraceStore shown = store;
            try (DirectoryStream<Path> old = Files.newDirectoryStream(folder, "import-*")) {
                for (Path file : old) {
                    if (shown == null || !file.equals(shown.path())) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        }
        return folder;
    }

    private boolean cacheCleaned;

    /** Why the last {@link #grew()} could not read the new records, or null. */
    public String refreshProblem() {
        return refreshProblem;
    }

    private volatile String refreshProblem;

    private static void closeQuietly(TraceStore closed, boolean delete) {
        try {
            closed.close();
            if (delete) {
                Files.deleteIfExists(closed.path());
            }
        } catch (IOException e) {
            // the file was only read; nothing is lost
        }
    }

    private void fire(Consumer<TraceSessionListener> event) {
        inUiThread(() -> {
            for (TraceSessionListener listener : listeners) {
                event.accept(listener);
            }
        });
    }

    private static void inUiThread(Runnable runnable) {
        Display display = Display.getCurrent();
        if (display == null) {
            try {
                display = PlatformUI.isWorkbenchRunning() ? PlatformUI.getWorkbench().getDisplay() : null;
            } catch (LinkageError e) {
                display = null; // outside the workbench (a plain Java test): call listeners directly
            }
        }
        if (display == null || display.getThread() == Thread.currentThread()) {
            runnable.run();
        } else if (!display.isDisposed()) {
            display.asyncExec(runnable);
        }
    }
}
