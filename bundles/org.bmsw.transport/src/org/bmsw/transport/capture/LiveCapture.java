package org.bmsw.transport.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;

/**
 * A live capture: every record a {@link Transport} receives goes into a trace store file and through a
 * {@link Decoder}, as it arrives. What the CLI's {@code bmsw capture} and the workbench's Connections view share.
 * <p>
 * The store is flushed every {@value #FLUSH_MS} ms, so a killed capture reopens with every frame older than that,
 * and a viewer following the file ({@code TraceStore.refresh()}) sees it grow. When the port goes away the capture
 * says so, keeps what it has, and reopens the port every {@value #REOPEN_MS} ms until it is back.
 */
public final class LiveCapture implements AutoCloseable {

    public static final int FLUSH_MS = 200;
    public static final int REOPEN_MS = 1000;

    private final Transport transport;
    private final Path storeFile;
    private final Decoder decoder;
    private final List<LiveCaptureListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DecodedMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object(); // guards store, decoder and the counters
    private TraceStoreWriter store;
    private long frames;
    private long errors;
    private long startNs;
    private Thread flusher;
    private volatile boolean stopping;

    /** A capture of {@code transport} into the new store {@code storeFile} (replaced if it exists). */
    public LiveCapture(Transport transport, Path storeFile, Decoder decoder) {
        this.transport = transport;
        this.storeFile = storeFile;
        this.decoder = decoder;
    }

    public Transport transport() {
        return transport;
    }

    public Path storeFile() {
        return storeFile;
    }

    /** The protocol the decoder runs (the detected one, once known, for {@code auto}). */
    public String protocolId() {
        synchronized (lock) {
            return decoder.protocolId();
        }
    }

    public void addListener(LiveCaptureListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LiveCaptureListener listener) {
        listeners.remove(listener);
    }

    /**
     * Adds a listener for every decoded message, called on the port's reader thread right after the decoder made
     * it (for latency measurements and live tables; keep it short).
     */
    public void addMessageListener(Consumer<DecodedMessage> listener) {
        messageListeners.add(listener);
    }

    /**
     * Creates the store file and opens the port.
     *
     * @throws IOException naming the file when it cannot be created
     * @throws TransportException naming the port when it cannot be opened (the empty store file stays)
     */
    public void start() throws IOException, TransportException {
        if (store != null) {
            throw new IllegalStateException("capture of " + transport.uri() + " already started");
        }
        store = TraceStoreWriter.create(storeFile, System.currentTimeMillis() * 1_000_000L, "", List.of());
        store.flush(); // a viewer can open the file at once
        startNs = System.nanoTime();
        transport.addRecordListener(this::received);
        transport.addStateListener(this::portChanged);
        transport.open();
        flusher = new Thread(this::flushLoop, "capture " + transport.uri());
        flusher.setDaemon(true);
        flusher.start();
    }

    private void received(TraceRecord record) {
        synchronized (lock) {
            try {
                store.append(record);
                frames++;
                if (record.isError()) {
                    errors++;
                }
            } catch (IOException | RuntimeException e) {
                errors++;
                return;
            }
            try {
                decoder.decode(record, this::decoded);
            } catch (RuntimeException e) {
                errors++; // a decoder bug must not stop the recording
            }
        }
    }

    private void decoded(DecodedMessage message) {
        for (Consumer<DecodedMessage> listener : messageListeners) {
            listener.accept(message);
        }
    }

    private void portChanged(StateEvent event) {
        for (LiveCaptureListener listener : listeners) {
            listener.portChanged(event);
        }
    }

    private void flushLoop() {
        long lastReopenNs = System.nanoTime();
        while (!stopping) {
            try {
                Thread.sleep(FLUSH_MS);
            } catch (InterruptedException e) {
                return;
            }
            flushAndTell();
            long now = System.nanoTime();
            if (!stopping && transport.state() == TransportState.LOST
                    && now - lastReopenNs >= REOPEN_MS * 1_000_000L) {
                lastReopenNs = now;
                try {
                    transport.open();
                } catch (TransportException e) {
                    // still away: try again later
                }
            }
        }
    }

    private void flushAndTell() {
        CaptureStatus status;
        BatteryState state;
        synchronized (lock) {
            try {
                store.flush(); // what is flushed survives a kill
            } catch (IOException e) {
                errors++;
            }
            status = statusLocked();
            state = decoder.state();
        }
        for (LiveCaptureListener listener : listeners) {
            listener.flushed(status, state);
        }
    }

    public CaptureStatus status() {
        synchronized (lock) {
            return statusLocked();
        }
    }

    private CaptureStatus statusLocked() {
        return new CaptureStatus(frames, errors, store == null ? 0 : System.nanoTime() - startNs, transport.state(),
                store == null ? 0 : store.recordCount());
    }

    /** The battery state decoded from everything received so far. */
    public BatteryState state() {
        synchronized (lock) {
            return decoder.state();
        }
    }

    /** Stops: closes the port (delivering what it still holds), flushes and closes the store. Idempotent. */
    @Override
    public void close() {
        if (store == null || stopping) {
            return;
        }
        stopping = true;
        if (flusher != null) {
            flusher.interrupt();
            try {
                flusher.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        transport.close();
        flushAndTell();
        synchronized (lock) {
            try {
                store.close();
            } catch (IOException e) {
                errors++;
            }
        }
    }
}
