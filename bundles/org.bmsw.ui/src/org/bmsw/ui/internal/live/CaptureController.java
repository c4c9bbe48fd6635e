package org.bmsw.ui.internal.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.TraceStore;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.Decoder;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.sim.BmsSimulator;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimClock;
import org.bmsw.sim.SimProtocol;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.capture.CaptureStatus;
import org.bmsw.transport.capture.LiveCapture;
import org.bmsw.transport.capture.LiveCaptureListener;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;

/**
 * The workbench's one live capture: a transport recorded into a trace store file in the capture folder, flushed
 * every {@value #FLUSH_MS} ms, shown in the {@link TraceSession} (opened at the first flush, {@code grew()} after
 * each later one, at most one update waiting in the UI queue). A lost port is reported and reopened every second.
 * Optionally a simulated battery sends on the same transport (after the real-port checklist).
 */
public final class CaptureController {

    private static final CaptureController CURRENT = new CaptureController();

    /** Told in the UI thread after each flush and on every port event. */
    public interface Listener {
        void statusChanged(Status status);
    }

    /**
     * What the status line shows.
     *
     * @param event the last port event in words ("lost: ...", "back"), or empty
     * @param adapterCondition what the adapter reported about itself ("2 overruns, error passive"), or empty
     */
    public record Status(String uri, Path file, boolean running, long frames, long errors, long dropped,
            double framesPerSecond, TransportState transportState, String event, BatteryState state,
            String adapterCondition) {

        static final Status IDLE = new Status("", null, false, 0, 0, 0, 0, TransportState.CLOSED, "",
                BatteryState.EMPTY, "");

        /**
         * "1234 frames, 6.0/s, 0 errors, 0 dropped, SOC 88 %, 49.86 V, -27 A" and what the adapter reported, as
         * {@code bmsw capture} prints it.
         */
        public String line() {
            return CaptureStatus.line(frames, errors, dropped, framesPerSecond, state)
                    + CaptureStatus.adapterSuffix(adapterCondition);
        }
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final TransportRegistry registry = TransportRegistry.getDefault();
    private volatile Running running;
    private volatile Status status = Status.IDLE;

    private volatile BatteryProfile profile;
    private volatile boolean profileChosen;

    private CaptureController() {
    }

    /**
     * The battery profile chosen in the Connections view (its LED semantics drive the Battery panel), by default
     * the brief's battery when its profile is installed; null for none.
     */
    public BatteryProfile profile() {
        if (!profileChosen) {
            try {
                profile = ProfileRegistry.getDefault().find("seed.lv-battery")
                        .filter(BatteryProfile.class::isInstance).map(BatteryProfile.class::cast).orElse(null);
            } catch (RuntimeException e) {
                profile = null; // no registry: the panel uses battery-state.md's defaults
            }
            profileChosen = true;
        }
        return profile;
    }

    public void setProfile(BatteryProfile chosen) {
        profile = chosen;
        profileChosen = true;
    }

    public static CaptureController current() {
        return CURRENT;
    }

    public TransportRegistry registry() {
        return registry;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    public Status status() {
        return status;
    }

    public boolean isRunning() {
        return running != null;
    }

    /** The store file of the running capture, or null. */
    public Path file() {
        Running r = running;
        return r == null ? null : r.file;
    }

    /** True when the session shows the running capture's store (so views follow it live). */
    public boolean isLive(TraceStore store) {
        Path file = file();
        return store != null && file != null && file.equals(store.path());
    }

    /**
     * Starts recording {@code uri} (stopping a running capture first).
     *
     * @param request what to decode with (a protocol spec, {@code auto} to detect, or a profile's binding), resolved
     *            by the engine as everywhere else
     * @param simulateBattery also run a simulated battery on the transport; the caller has done the real-port check
     * @throws TransportException naming the port when it cannot be opened
     * @throws IOException naming the store file when it cannot be written
     * @throws IllegalArgumentException for an unknown protocol or profile, or a profile file that cannot be read
     */
    public synchronized void start(String uri, DecoderRequest request, boolean simulateBattery, Path folder)
            throws TransportException, IOException {
        start(uri, request, simulateBattery, folder, true);
    }

    /** As {@link #start(String, DecoderRequest, boolean, Path)} with a protocol spec. */
    public void start(String uri, String protocol, boolean simulateBattery, Path folder)
            throws TransportException, IOException {
        start(uri, DecoderRequest.protocol(protocol), simulateBattery, folder);
    }

    /**
     * The engine's decoder for a live source: a serial port or a Modbus master takes a profile's RS485/Modbus
     * binding, every other source its CAN binding.
     */
    ResolvedDecoder resolve(DecoderRequest request, String uri) {
        try {
            return TraceEngine.getDefault().resolve(request, registry.bus(uri) == BusKind.SERIAL);
        } catch (EngineException | TransportException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** @param replaceShown whether the capture replaces a trace the user opened meanwhile (not at startup) */
    private synchronized void start(String uri, DecoderRequest request, boolean simulateBattery, Path folder,
            boolean replaceShown) throws TransportException, IOException {
        stop();
        ResolvedDecoder resolved = resolve(request, uri);
        Decoder decoder = resolved.newDecoder();
        Files.createDirectories(folder);
        Path file = folder.resolve("capture-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss-SSS")) + ".bmst");
        Transport transport = registry.create(uri);
        Running r = new Running(uri, file, new LiveCapture(transport, file, decoder), request);
        r.replaceShown = replaceShown;
        try {
            r.capture.start();
        } catch (TransportException e) {
            r.capture.close();
            throw e;
        } catch (IOException e) {
            r.capture.close();
            throw new IOException(file + ": cannot create the capture file: " + e.getMessage(), e);
        }
        if (simulateBattery) {
            // a simulator speaks a built-in protocol: the one decoded with, else Pylon CAN (auto, a profile's DBC)
            String id = DecoderSpec.parse(resolved.spec()).id();
            SimProtocol simProtocol = java.util.Arrays.stream(SimProtocol.values()).filter(p -> p.id().equals(id))
                    .findFirst().orElse(SimProtocol.PYLON_CAN);
            r.startSimulator(new BmsSimulator(simProtocol, transport, Scenario.constant(), SimClock.system()));
        }
        running = r;
        publish(r, true);
    }

    /**
     * Starts the preferred default source (workbench start); a failure is shown in the Connections view's status
     * with what to do, never as a dialog over a starting window.
     */
    public void startDefault() {
        String uri = BmswPreferences.store().getString(BmswPreferences.DEFAULT_SOURCE).trim();
        String spec = BmswPreferences.store().getString(BmswPreferences.DEFAULT_PROTOCOL).trim();
        try {
            start(uri, DecoderRequest.protocol(spec), false, BmswPreferences.captureFolder(), false);
        } catch (IOException | RuntimeException e) {
            status = new Status(uri, null, false, 0, 0, 0, 0, TransportState.CLOSED, "The default source " + uri
                    + " did not start: " + e.getMessage() + ". Choose another source and press Start, or change "
                    + "it in Window > Preferences > BMS Workbench.", BatteryState.EMPTY, "");
            Status s = status;
            inUiThread(() -> listeners.forEach(l -> l.statusChanged(s)));
        }
    }

    /**
     * How the running capture's port was set up, as its transport said when it opened, e.g. {@code open at 500000
     * bit/s, listen-only} or {@code ..., normal mode (transmits ACKs)}; empty when none runs or it said nothing.
     */
    public String openedAs() {
        Running r = running;
        return r == null ? "" : r.openedAs;
    }

    /** A transport's event text without the port it starts with ({@code slcan:/dev/ttyACM0: open ...}). */
    static String withoutLabel(String reason) {
        int colon = reason.indexOf(": ");
        return colon < 0 ? reason : reason.substring(colon + 2);
    }

    /** Stops the running capture, keeping its file (the session keeps showing it). */
    public synchronized void stop() {
        Running r = running;
        if (r == null) {
            return;
        }
        running = null;
        r.close();
        publish(r, false);
    }

    private void publish(Running r, boolean stillRunning) {
        CaptureStatus c = r.capture.status();
        Status s = new Status(r.uri, r.file, stillRunning, c.frames(), c.errors(), c.dropped(), c.framesPerSecond(),
                c.transportState(), r.event, r.capture.state(), c.adapterCondition());
        status = s;
        if (!r.uiPending.compareAndSet(false, true) && stillRunning) {
            return; // the UI has not taken the last update yet: the next flush brings it up to date
        }
        inUiThread(() -> {
            r.uiPending.set(false);
            TraceSession session = TraceSession.current();
            try {
                if (!r.opened && running == r) { // a capture stopped meanwhile must not replace a file
                    r.opened = true;
                    if (r.replaceShown || session.store() == null) { // the startup source leaves an opened file
                        session.open(TraceStore.open(r.file), r.request);
                    }
                } else if (session.store() != null && r.file.equals(session.store().path())) {
                    session.grew();
                }
            } catch (IOException | RuntimeException e) {
                r.event = r.file + ": cannot show the capture: " + e.getMessage();
            }
            Status latest = status;
            for (Listener listener : listeners) {
                listener.statusChanged(latest);
            }
        });
    }

    private static void inUiThread(Runnable runnable) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        if (!display.isDisposed()) {
            display.asyncExec(runnable);
        }
    }

    /** One capture ({@link LiveCapture}: store file flushed every 200 ms, reopens a lost port), as shown. */
    private final class Running implements LiveCaptureListener {
        final String uri;
        final Path file;
        final LiveCapture capture;
        final DecoderRequest request;
        final AtomicBoolean uiPending = new AtomicBoolean();
        final AtomicBoolean stop = new AtomicBoolean();
        volatile String event = "";
        volatile boolean opened;
        volatile boolean replaceShown = true;
        /** How the port was set up, from its last OPEN event: {@code open at 500000 bit/s, listen-only}. */
        volatile String openedAs = "";
        private Thread simulatorThread;

        Running(String uri, Path file, LiveCapture capture, DecoderRequest request) {
            this.uri = uri;
            this.file = file;
            this.capture = capture;
            this.request = request;
            capture.addListener(this);
        }

        @Override
        public void flushed(CaptureStatus captureStatus, BatteryState state) {
            if (!stop.get()) {
                publish(this, true);
            }
        }

        @Override
        public void portChanged(StateEvent e) {
            if (e.state() == TransportState.OPEN) {
                openedAs = withoutLabel(e.reason());
            }
            if (e.state() == TransportState.LOST) {
                event = "Port lost: " + e.reason() + ". Every frame so far is in " + file.getFileName()
                        + "; reopening every second (plug the adapter back in).";
            } else if (e.state() == TransportState.OPEN && !event.isEmpty()) {
                event = "Port back at " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))
                        + "; recording again.";
            } else {
                return;
            }
            publish(this, !stop.get());
        }

        /** The store could not be written (a full disk): say so and stop, off the capture's own writer thread. */
        @Override
        public void stopped(CaptureStatus captureStatus) {
            event = "Capture stopped: " + captureStatus.problem() + ". Free some space and press Start again.";
            Thread stopper = new Thread(() -> {
                synchronized (CaptureController.this) {
                    if (running == this) {
                        CaptureController.this.stop();
                    }
                }
            }, "bmsw capture stop " + uri);
            stopper.setDaemon(true);
            stopper.start();
        }

        /** Runs a simulated battery's send cycle on the captured transport until stopped. */
        void startSimulator(BmsSimulator simulator) {
            simulatorThread = new Thread(() -> {
                try {
                    simulator.run(null, stop::get);
                } catch (TransportException e) {
                    event = "Simulated battery stopped: " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    simulator.close();
                }
            }, "bmsw simulated battery " + uri);
            simulatorThread.setDaemon(true);
            simulatorThread.start();
        }

        void close() {
            stop.set(true);
            if (simulatorThread != null) {
                simulatorThread.interrupt();
                try {
                    simulatorThread.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            capture.close();
        }
    }
}
