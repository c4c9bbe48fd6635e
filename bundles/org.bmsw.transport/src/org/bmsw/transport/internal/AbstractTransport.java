package org.bmsw.transport.internal;

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

/** Listeners, state changes and counters shared by the built-in transports. */
public abstract class AbstractTransport implements Transport {

    private static final System.Logger LOG = System.getLogger(AbstractTransport.class.getName());

    private final String uri;
    private final String channel;
    private final List<RecordListener> recordListeners = new CopyOnWriteArrayList<>();
    private final List<StateListener> stateListeners = new CopyOnWriteArrayList<>();
    private volatile TransportState state = TransportState.CLOSED;

    protected final AtomicLong recordsReceived = new AtomicLong();
    protected final AtomicLong recordsSent = new AtomicLong();
    protected final AtomicLong bytesReceived = new AtomicLong();
    protected final AtomicLong malformedInputs = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    protected AbstractTransport(String uri, String channel) {
        this.uri = uri;
        this.channel = channel;
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
                malformedInputs.get(), listenerFailures.get());
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
        StateEvent event = new StateEvent(uri, newState, reason, WallClock.epochNs());
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
