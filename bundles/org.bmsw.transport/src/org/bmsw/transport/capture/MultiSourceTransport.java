package org.bmsw.transport.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.TransportStatistics;
import org.bmsw.transport.spi.AbstractTransport;

/**
 * Several live sources as one, so that one {@link LiveCapture} records them into one trace store: a CAN adapter
 * and a Modbus poll of the inverter, side by side. Each source keeps a channel of its own, named as the source
 * names its records ({@code pts3}, {@code 127.0.0.1:5020}; a second source with the same name gets {@code #2}),
 * and every record keeps the time its source stamped it with: the live transports all stamp from the process's one
 * wall clock, so the channels share one time axis.
 * <p>
 * Open while every source is open; {@link TransportState#LOST} while one is away (the capture's reopen then opens
 * only the ones away). A state event of a source is passed on with that source's URI. Receive only: it sends
 * nothing (the sources transmit what they must themselves, e.g. a Modbus poll's requests).
 */
public final class MultiSourceTransport extends AbstractTransport {

    private final List<Transport> sources;
    private final List<String> channels;

    /** @param sources at least two transports, not yet open; closed with this one */
    public MultiSourceTransport(List<Transport> sources) {
        super(uriOf(sources), String.join("+", channelsOf(sources)));
        if (sources.size() < 2) {
            throw new IllegalArgumentException("a multi-source transport needs two sources or more, not "
                    + sources.size());
        }
        this.sources = List.copyOf(sources);
        this.channels = channelsOf(sources);
        for (int i = 0; i < this.sources.size(); i++) {
            Transport source = this.sources.get(i);
            String channel = channels.get(i);
            boolean rename = !channel.equals(source.channel());
            source.addRecordListener(record -> deliver(rename ? renamed(record, channel) : record));
            source.addStateListener(this::sourceChanged);
        }
    }

    /** The sources, in the order given. */
    public List<Transport> sources() {
        return sources;
    }

    /** The channel each source's records carry in the store, in the order of {@link #sources()}. */
    public List<String> channels() {
        return channels;
    }

    private static String uriOf(List<Transport> sources) {
        return String.join(" + ", sources.stream().map(Transport::uri).toList());
    }

    private static List<String> channelsOf(List<Transport> sources) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Transport source : sources) {
            String name = source.channel();
            for (int n = 2; !taken.add(name); n++) {
                name = source.channel() + "#" + n;
            }
            names.add(name);
        }
        return names;
    }

    private static TraceRecord renamed(TraceRecord record, String channel) {
        return new TraceRecord(record.timestampNs(), channel, record.bus(), record.identifier(), record.flags(),
                record.payload());
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        List<Transport> opened = new ArrayList<>();
        for (Transport source : sources) {
            if (source.state() == TransportState.OPEN || source.state() == TransportState.OPENING) {
                continue;
            }
            try {
                source.open();
                opened.add(source);
            } catch (TransportException e) {
                if (state() == TransportState.CLOSED) { // the first open: all or nothing, the port named
                    opened.forEach(Transport::close);
                    throw e;
                }
                // a reopen after a loss: the others keep recording, this one is tried again later
            }
        }
        changeState(overall(), stateReason());
    }

    private synchronized void sourceChanged(StateEvent event) {
        TransportState before = state();
        if (before == TransportState.CLOSED) {
            return; // opening or closing: open() and close() say it once for all
        }
        TransportState now = overall();
        if (now != before || event.state() == TransportState.LOST) {
            changeState(now, event.uri() + ": " + event.reason());
        }
    }

    /** Open when every source is, lost when one is away, closed when all are. */
    private TransportState overall() {
        boolean allClosed = true;
        boolean anyLost = false;
        boolean allOpen = true;
        for (Transport source : sources) {
            TransportState state = source.state();
            allClosed &= state == TransportState.CLOSED;
            anyLost |= state == TransportState.LOST;
            allOpen &= state == TransportState.OPEN;
        }
        return allOpen ? TransportState.OPEN : anyLost ? TransportState.LOST : allClosed ? TransportState.CLOSED
                : TransportState.OPENING;
    }

    private String stateReason() {
        return String.join("; ", sources.stream().map(s -> s.uri() + " " + s.state().name().toLowerCase())
                .toList());
    }

    @Override
    public void close() {
        for (Transport source : sources) {
            source.close();
        }
        synchronized (this) {
            if (state() != TransportState.CLOSED) {
                changeState(TransportState.CLOSED, "closed");
            }
        }
    }

    /** Receives only: a source that must transmit (a Modbus poll) does so itself. */
    @Override
    public void send(TraceRecord record) throws TransportException {
        throw new TransportException(uri() + ": several sources recorded together do not send; send on one source");
    }

    /** The most real of the sources: real equipment when any source may reach it. */
    @Override
    public EndpointKind endpointKind() {
        EndpointKind kind = EndpointKind.VIRTUAL;
        for (Transport source : sources) {
            EndpointKind each = source.endpointKind();
            if (each.isReal() || each.ordinal() < kind.ordinal()) {
                kind = each;
            }
        }
        return kind;
    }

    @Override
    public TransportStatistics statistics() {
        long received = 0;
        long sent = 0;
        long bytes = 0;
        long malformed = 0;
        long failures = 0;
        long dropped = 0;
        for (Transport source : sources) {
            TransportStatistics s = source.statistics();
            received += s.recordsReceived();
            sent += s.recordsSent();
            bytes += s.bytesReceived();
            malformed += s.malformedInputs();
            failures += s.listenerFailures();
            dropped += s.droppedByAdapter();
        }
        return new TransportStatistics(received, sent, bytes, malformed, failures + super.statistics()
                .listenerFailures(), dropped);
    }
}
