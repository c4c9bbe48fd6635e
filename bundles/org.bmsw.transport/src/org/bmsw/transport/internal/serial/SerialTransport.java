package org.bmsw.transport.internal.serial;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.Endpoints;

/**
 * Raw serial line (RS485/RS232) through jSerialComm: received bytes become {@link BusKind#SERIAL} records,
 * one per burst between pauses; {@link #send} writes a serial record's bytes.
 */
public final class SerialTransport extends AbstractTransport {

    private static final int MAX_READ_TIMEOUT_MS = 100;

    private final String label;
    private final String devicePath;
    private final SerialSettings settings;
    private final int pauseMs;
    private volatile SerialLink link;
    /** What the port reached when last opened; asked again while never opened. */
    private volatile EndpointKind endpointKind;

    SerialTransport(String uri, String label, String devicePath, SerialSettings settings, int pauseMs) {
        super(uri, channelOf(devicePath));
        this.label = label;
        this.devicePath = devicePath;
        this.settings = settings;
        this.pauseMs = pauseMs;
    }

    /** {@code ttyUSB0} for {@code /dev/ttyUSB0}, {@code COM3} for {@code COM3}. */
    public static String channelOf(String devicePath) {
        String name = devicePath.substring(devicePath.lastIndexOf('/') + 1);
        return name.isEmpty() ? devicePath : name;
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        if (link != null) {
            link.stop(); // what is left of a lost port
            link = null;
        }
        endpointKind = Endpoints.ofDevicePath(devicePath);
        changeState(TransportState.OPENING, label + ": opening at " + settings);
        SerialChunker chunker = new SerialChunker(channel(), pauseMs * 1_000_000L, this::deliver);
        SerialLink.Receiver countingChunker = new SerialLink.Receiver() {
            @Override
            public void bytesRead(byte[] buffer, int length, long arrivalNs) {
                bytesReceived.addAndGet(length);
                chunker.bytesRead(buffer, length, arrivalNs);
            }

            @Override
            public void idle(long nowNs) {
                chunker.idle(nowNs);
            }

            @Override
            public void ended() {
                chunker.ended();
            }
        };
        // reads wake up at least every 100 ms so that close() is quick even with a long pauseMs
        SerialLink candidate = new SerialLink(label, devicePath, settings, Math.min(pauseMs, MAX_READ_TIMEOUT_MS),
                countingChunker,
                reason -> changeState(TransportState.LOST, reason));
        try {
            candidate.open();
        } catch (TransportException e) {
            changeState(TransportState.CLOSED, e.getMessage());
            throw e;
        }
        link = candidate;
        changeState(TransportState.OPEN, label + ": open at " + settings);
    }

    @Override
    public EndpointKind endpointKind() {
        EndpointKind known = endpointKind;
        return known != null ? known : Endpoints.ofDevicePath(devicePath);
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        requireOpen();
        requireTransmitAllowed("sending bytes");
        if (record.bus() != BusKind.SERIAL) {
            throw new TransportException(label + ": cannot send a " + record.bus() + " record on a serial line");
        }
        SerialLink current = link;
        if (current == null) {
            throw new TransportException(label + ": cannot send, transport is closed");
        }
        current.write(record.payload());
        recordsSent.incrementAndGet();
    }

    @Override
    public synchronized void close() {
        if (link == null) {
            return;
        }
        link.stop();
        link = null;
        changeState(TransportState.CLOSED, label + ": closed");
    }
}
