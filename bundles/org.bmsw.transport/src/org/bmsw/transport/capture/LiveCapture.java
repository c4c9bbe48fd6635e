package org.bmsw.transport.capture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.transport.RecordListener;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.StateListener;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;

/**
 * A live capture: every record a {@link Transport} receives goes into a trace store file and through a
 * {@link Decoder}, as it arrives. What the CLI's {@code bmsw capture} and the workbench's Connections view share.
 * <p>
 * The port's reader thread only puts each record into a bounded queue and never waits: a writer thread appends
 * the records to the store and runs the decoder and the message listeners. When the queue is full (the disk or the
 * decoder fell behind) the record is dropped and counted ({@link CaptureStatus#queueDrops()}), with the adapter's
 * or the kernel's own drops where the transport reports them. The store is flushed every {@value #FLUSH_MS} ms
 * (a killed process reopens with every frame older than that) and forced to the device every
 * {@link Options#forceIntervalMs()} (what a power cut keeps), and at close. A store that cannot be written (a full
 * disk) stops the capture cleanly: the file is cut back to its last whole block and the status says why. When the
 * port goes away the capture says so, keeps what it has, and reopens the port every {@value #REOPEN_MS} ms.
 */
public final class LiveCapture implements AutoCloseable {

    public static final int FLUSH_MS = 200;
    public static final int REOPEN_MS = 1000;
    private static final long JOIN_MS = 30_000;
    private static final int BATCH = 4096;
    /** While records arrived within this time, the writer looks for more every {@link #BUSY_WAIT_NS}. */
    private static final long BUSY_NS = 100_000_000L;
    /** Adds at most this much latency (well under the 5 ms p99 a live view needs) to batch a busy port's records. */
    private static final long BUSY_WAIT_NS = 500_000L;

    /**
     * How a capture buffers and forces.
     *
     * @param queueCapacity records the queue between the port and the store holds: the default, 262,144, is 30 s of
     *        a full 1 Mbit/s bus (about 8,700 frames a second), so a disk that stalls that long loses nothing; about
     *        20 MB of heap when full
     * @param forceIntervalMs how often the store is forced to the device (fsync) while recording
     * @param statusPollMs how often the adapter is asked for its status ({@link Transport#pollAdapterStatus()}: its
     *        overruns are counted as drops), 0 for never; once a second by default, a few bytes on the serial link
     */
    public record Options(int queueCapacity, int forceIntervalMs, int statusPollMs) {

        public static final Options DEFAULT = new Options(262_144, 1000, 1000);

        public Options {
            if (queueCapacity < 1 || forceIntervalMs < 1 || statusPollMs < 0) {
                throw new IllegalArgumentException("queue capacity and force interval must be positive, the status "
                        + "poll interval not negative: " + queueCapacity + ", " + forceIntervalMs + ", " + statusPollMs);
            }
        }

        /** Options that poll the adapter's status once a second. */
        public Options(int queueCapacity, int forceIntervalMs) {
            this(queueCapacity, forceIntervalMs, 1000);
        }
    }

    private final Transport transport;
    private final Path storeFile;
    private final Decoder decoder;
    private final Options options;
    private final ArrayBlockingQueue<TraceRecord> queue;
    private final List<LiveCaptureListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DecodedMessage>> messageListeners = new CopyOnWriteArrayList<>();
    private final Object decoderLock = new Object(); // the decoder runs on the writer thread, state() on others
    private final AtomicLong frames = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong queueDrops = new AtomicLong();
    private volatile long storedRecords;
    private volatile String problem = "";
    private TraceStoreWriter store; // the writer thread's once started
    private RecordListener storeTap; // for tests: runs on the writer thread before each append
    private long startNs;
    private Thread writer;
    private volatile boolean draining; // the port is closed: write what is queued, then end
    private volatile boolean stopped; // the writer gave up (the store cannot be written)
    private boolean closed;

    /** A capture of {@code transport} into the new store {@code storeFile} (replaced if it exists, once the port is open). */
    public LiveCapture(Transport transport, Path storeFile, Decoder decoder) {
        this(transport, storeFile, decoder, Options.DEFAULT);
    }

    public LiveCapture(Transport transport, Path storeFile, Decoder decoder, Options options) {
        this.transport = transport;
        this.storeFile = storeFile;
        this.decoder = decoder;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    }

    public Transport transport() {
        return transport;
    }

    public Path storeFile() {
        return storeFile;
    }

    /** The protocol the decoder runs (the detected one, once known, for {@code auto}). */
    public String protocolId() {
        synchronized (decoderLock) {
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
     * Adds a listener for every decoded message, called on the capture's writer thread right after the decoder
     * made it (for latency measurements and live tables; keep it short).
     */
    public void addMessageListener(Consumer<DecodedMessage> listener) {
        messageListeners.add(listener);
    }

    /** Runs {@code tap} on the writer thread before each record is stored (a test's slow disk). Before start. */
    void storeTap(RecordListener tap) {
        this.storeTap = tap;
    }

    /**
     * Opens the port, then creates the store file. The file is created only once the port is open, so that a
     * refused or failed open leaves no empty file behind (and {@code --force} keeps an earlier file until then), and
     * its channel carries the bit rate the transport opened at (the one {@code bitrate=auto} found). What arrives
     * meanwhile waits in the queue.
     *
     * @throws TransportException naming the port when it cannot be opened (no file is created)
     * @throws IOException naming the file when it cannot be created (the port is closed again)
     */
    public synchronized void start() throws IOException, TransportException {
        if (store != null || writer != null) {
            throw new IllegalStateException("capture of " + transport.uri() + " already started");
        }
        long startTimeNs = System.currentTimeMillis() * 1_000_000L;
        startNs = System.nanoTime();
        RecordListener receiver = this::received;
        StateListener stateListener = this::portChanged;
        transport.addRecordListener(receiver);
        transport.addStateListener(stateListener);
        try {
            transport.open();
        } catch (TransportException | RuntimeException e) {
            transport.removeRecordListener(receiver);
            transport.removeStateListener(stateListener);
            throw e;
        }
        try {
            store = TraceStoreWriter.create(storeFile, startTimeNs, "", initialChannels(transport));
            store.flush(); // a viewer can open the file at once
        } catch (IOException | RuntimeException e) {
            store = null;
            transport.close();
            transport.removeRecordListener(receiver);
            transport.removeStateListener(stateListener);
            try {
                Files.deleteIfExists(storeFile); // a header cut short is no store
            } catch (IOException deleting) {
                e.addSuppressed(deleting);
            }
            throw e;
        }
        writer = new Thread(this::writeLoop, "capture " + transport.uri() + " writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * The store's first channel, declared in its header, for a CAN transport that knows its bit rate: records
     * declare their channel themselves otherwise (with the rate unknown).
     */
    static List<StoreChannel> initialChannels(Transport transport) {
        int bitrate = transport.bitrateBps();
        return bitrate > 0 ? List.of(new StoreChannel(transport.channel(), BusKind.CAN, bitrate)) : List.of();
    }

    /** On the port's reader thread: hands the record over without waiting. */
    private void received(TraceRecord record) {
        if (stopped || !queue.offer(record)) {
            queueDrops.incrementAndGet();
        }
    }

    private void portChanged(StateEvent event) {
        for (LiveCaptureListener listener : listeners) {
            listener.portChanged(event);
        }
    }

    private void writeLoop() {
        List<TraceRecord> batch = new ArrayList<>(BATCH);
        long now = System.nanoTime();
        long nextFlushNs = now + FLUSH_MS * 1_000_000L;
        long nextForceNs = now + options.forceIntervalMs() * 1_000_000L;
        long lastReopenNs = now;
        long lastRecordNs = now - BUSY_NS;
        long pollNs = options.statusPollMs() * 1_000_000L;
        long nextPollNs = now + pollNs;
        try {
            while (true) {
                boolean last = draining; // read before the queue: what the port delivered before closing is in it
                TraceRecord first = queue.poll();
                if (first == null && !last) {
                    long untilFlushNs = Math.max(1, nextFlushNs - System.nanoTime());
                    if (System.nanoTime() - lastRecordNs < BUSY_NS) {
                        // records are flowing: look again shortly instead of being woken for each one, which
                        // costs the port's thread and this one more than storing and decoding the record
                        LockSupport.parkNanos(Math.min(BUSY_WAIT_NS, untilFlushNs));
                        first = queue.poll();
                    } else {
                        first = queue.poll(Math.max(1, untilFlushNs / 1_000_000L), TimeUnit.MILLISECONDS);
                    }
                }
                if (first != null) {
                    lastRecordNs = System.nanoTime();
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    write(batch);
                    batch.clear();
                    if (last) {
                        continue; // empty the queue before the final flush
                    }
                }
                now = System.nanoTime();
                if (last) {
                    break;
                }
                if (now >= nextForceNs) {
                    store.sync(); // flush, then force to the device
                    nextForceNs = now + options.forceIntervalMs() * 1_000_000L;
                    nextFlushNs = now + FLUSH_MS * 1_000_000L;
                    tell();
                } else if (now >= nextFlushNs) {
                    store.flush(); // what is flushed survives a kill of the process
                    nextFlushNs = now + FLUSH_MS * 1_000_000L;
                    tell();
                }
                if (pollNs > 0 && now >= nextPollNs) {
                    nextPollNs = now + pollNs;
                    try {
                        transport.pollAdapterStatus(); // a question to the adapter, nothing on the bus
                    } catch (RuntimeException e) {
                        // a status the adapter cannot give is no reason to stop recording
                    }
                }
                if (transport.state() == TransportState.LOST && now - lastReopenNs >= REOPEN_MS * 1_000_000L) {
                    lastReopenNs = now;
                    try {
                        transport.open();
                    } catch (TransportException e) {
                        // still away: try again later
                    }
                }
            }
            store.close(); // flushes and forces
            tell();
        } catch (IOException e) {
            storeFailed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<TraceRecord> batch) throws IOException {
        RecordListener tap = storeTap;
        long stored = 0;
        long failed = 0;
        try {
            for (TraceRecord record : batch) {
                if (tap != null) {
                    tap.recordReceived(record);
                }
                try {
                    store.append(record);
                } catch (IllegalArgumentException e) {
                    failed++; // a record the store cannot hold (e.g. the 65,536th channel)
                    continue;
                }
                stored++;
                if (record.isError()) {
                    failed++;
                }
            }
        } finally { // the counters move once per batch: the reader thread reads them for nothing else
            frames.addAndGet(stored);
            errors.addAndGet(failed);
            storedRecords = store.recordCount();
        }
        synchronized (decoderLock) {
            for (TraceRecord record : batch) {
                try {
                    decoder.decode(record, this::decoded);
                } catch (RuntimeException e) {
                    errors.incrementAndGet(); // a decoder bug must not stop the recording
                }
            }
        }
    }

    private void decoded(DecodedMessage message) {
        for (Consumer<DecodedMessage> listener : messageListeners) {
            listener.accept(message);
        }
    }

    /** The store cannot be written: keep the whole blocks already in the file, stop, and say why. */
    private void storeFailed(IOException e) {
        stopped = true;
        int lost = store.bufferedRecords();
        try {
            store.abandon(); // the failed write already cut the file back to its last whole block
        } catch (IOException closing) {
            e.addSuppressed(closing);
        }
        storedRecords = store.recordCount() - lost;
        String reason = TraceStoreWriter.isDiskFull(e) ? "disk full" : "cannot write the store";
        problem = reason + ": " + storeFile + ": " + e.getMessage() + " (" + storedRecords + " frames kept, "
                + (lost + queue.size()) + " not written)";
        queue.clear();
        CaptureStatus status = status();
        for (LiveCaptureListener listener : listeners) {
            listener.stopped(status);
        }
        tell();
    }

    private void tell() {
        CaptureStatus status = status();
        BatteryState state = state();
        for (LiveCaptureListener listener : listeners) {
            listener.flushed(status, state);
        }
    }

    /** Where the capture stands; never waits for the disk. */
    public CaptureStatus status() {
        return new CaptureStatus(frames.get(), errors.get(), startNs == 0 ? 0 : System.nanoTime() - startNs,
                transport.state(), storedRecords, queueDrops.get(), transport.statistics().droppedByAdapter(),
                problem, transport.adapterCondition());
    }

    /** True once the capture stopped by itself ({@link CaptureStatus#problem()} says why). */
    public boolean stoppedByItself() {
        return stopped;
    }

    /** The battery state decoded from everything received so far. */
    public BatteryState state() {
        synchronized (decoderLock) {
            return decoder.state();
        }
    }

    /**
     * Stops: closes the port (delivering what it still holds), writes what is queued, flushes, forces and closes
     * the store. Idempotent, and safe from a shutdown hook while another thread closes too (it waits for that).
     */
    @Override
    public synchronized void close() {
        if (store == null || closed) {
            return;
        }
        closed = true;
        transport.close();
        draining = true;
        try {
            writer.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
