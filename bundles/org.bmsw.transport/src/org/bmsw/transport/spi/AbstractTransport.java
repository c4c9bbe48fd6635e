package org.bmsw.transport.spi;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.RecordListener;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.StateListener;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.TransportStatistics;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;

/**
 * The base of a transport: listener bookkeeping, state changes with their events, the counters behind
 * {@link #statistics()}, and the checks {@link #requireOpen()} / {@link #requireOpenable()} /
 * {@link #requireTransmitAllowed(String)}. A subclass implements {@link #open()}, {@link #close()} and
 * {@link #send(TraceRecord)} (asking {@code requireTransmitAllowed} before it writes, and answering
 * {@link #endpointKind()} for the interlock), calls {@link #changeState} as its link comes
 * and goes and {@link #deliver} for every record it reads (stamped with {@link #now()}), counting bytes and
 * malformed input in the protected counters. The built-in transports and the simulator's are built on it.
 * Listeners are called on the thread that calls {@code deliver}/{@code changeState}; one that throws is counted
 * in {@link TransportStatistics#listenerFailures()} and logged, and the others still run.
 *
 * @since 0.1.0
 */
public abstract class AbstractTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(AbstractTransport.class.getName());

    private final String uri;
    private final String channel;
    private final TransportClock clock;
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private volatile TransportState state = TransportState.CLOSED;

    /** Counted by {@link #deliver}. */
    protected final AtomicLong recordsReceived = new AtomicLong();
    /** Counted by the subclass's {@code send}. */
    protected final AtomicLong recordsSent = new AtomicLong();
    /** Raw bytes read from the link, counted by the subclass. */
    protected final AtomicLong bytesReceived = new AtomicLong();
    /** Input the subclass could not parse and skipped. */
    protected final AtomicLong malformedInputs = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();
    private final AtomicLong droppedByAdapter = new AtomicLong();

    /**
     * A closed transport on the wall clock.
     *
     * @param uri the URI it was created from, as the user wrote it (it names the transport in every message)
     * @param channel the channel its records carry, e.g. {@code can0} or {@code ttyACM0}
     */
    protected AbstractTransport(String uri, String channel) {
        this(uri, channel, TransportClock.wall());
    }

    /** A closed transport whose state events (and, through {@link #now()}, records) are stamped by {@code clock}. */
    protected AbstractTransport(String uri, String channel, TransportClock clock) {
        this.uri = uri;
        this.channel = channel;
        this.clock = clock;
    }

    /**
     * Asks {@link TransmitInterlock} whether this transport may transmit; every {@code send} calls it first.
     *
     * @param action what transmits, for the refusal's message, e.g. {@code "sending a frame"}
     * @throws TransmitRefusedException naming the port and how to acknowledge it
     */
    protected final void requireTransmitAllowed(String action) throws TransmitRefusedException {
        TransmitInterlock.check(this, action);
    }

    /** The time to stamp a record or an event with, from this transport's clock. */
    protected long now() {
        return clock.epochNs();
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String channel() {
        return channel;
    }

    @Override
    public TransportState state() {
        return state;
    }

    @Override
    public void addRecordListener(RecordListener listener) {
        recordListeners.add(listener);
    }

    @Override
    public void removeRecordListener(RecordListener listener) {
        recordListeners.remove(listener);
    }

    @Override
    public void addStateListener(StateListener listener) {
        stateListeners.add(listener);
    }

    @Override
    public void removeStateListener(StateListener listener) {
        stateListeners.remove(listener);
    }

    @Override
    public TransportStatistics statistics() {
        return new TransportStatistics(recordsReceived.get(), recordsSent.get(), bytesReceived.get(),
                malformedInputs.get(), listenerFailures.get(), droppedByAdapter.get());
    }

    /** Counts frames the adapter or the kernel says it dropped before they were read (an overflow report). */
    protected void countAdapterDrops(long frames) {
        if (frames > 0) {
            droppedByAdapter.addAndGet(frames);
        }
    }

    /** Hands a record to every listener; a failing listener does not stop the others or the reader. */
    protected void deliver(TraceRecord record) {
        recordsReceived.incrementAndGet();
        for (RecordListener listener : recordListeners) {
            try {
                listener.recordReceived(record);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                LOG.log(Level.WARNING, uri + ": record listener " + listener + " failed", e);
            }
        }
    }

    /** Sets the state and tells the state listeners. */
    protected void changeState(TransportState newState, String reason) {
        state = newState;
        StateEvent event = new StateEvent(uri, newState, reason, now());
        for (StateListener listener : stateListeners) {
            try {
                listener.stateChanged(event);
            } catch (RuntimeException e) {
                listenerFailures.incrementAndGet();
                LOG.log(Level.WARNING, uri + ": state listener " + listener + " failed", e);
            }
        }
    }

    /** Fails unless open, naming the port and its state. */
    protected void requireOpen() throws TransportException {
        TransportState current = state;
        if (current != TransportState.OPEN) {
            throw new TransportException(uri + ": cannot send, transport is " + current.name().toLowerCase());
        }
    }

    /** Fails unless closed or lost, so open() is not run twice. */
    protected void requireOpenable() throws TransportException {
        TransportState current = state;
        if (current != TransportState.CLOSED && current != TransportState.LOST) {
            throw new TransportException(uri + ": already " + current.name().toLowerCase());
        }
    }

    @Override
    public String toString() {
        return uri + " (" + state.name().toLowerCase() + ")";
    }
}
