package org.bmsw.sim.internal;

import java.nio.charset.StandardCharsets;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.Transport;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.TransportStatistics;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.slcan.SlcanCodec;

/**
 * The adapter's side of an SLCAN link, over a serial transport: what a CANable looks like to the program that
 * drives it. Commands from the host ({@code Sn}, {@code O}, {@code L}, {@code C}, {@code Zn}, {@code V}, ...)
 * are answered CR as a LAWICEL adapter does; frames the host transmits ({@code t/T/r/R} lines) are answered
 * {@code z}/{@code Z} and delivered as received CAN records; {@link #send} writes a {@code t}/{@code T} line, but
 * only while the host has the channel open (a closed adapter puts nothing on the bus, and lines written before
 * {@code O} would garble the host's setup).
 * <p>
 * This is what lets a simulator sit on one end of a pty pair with an ordinary {@code slcan:} transport on the
 * other: two hosts facing each other would both wait for an adapter's CR.
 */
final class SlcanAdapterTransport extends AbstractTransport {

    private final String label;
    private final Transport serial;
    private final StringBuilder line = new StringBuilder(32);
    private volatile boolean channelOpen;

    SlcanAdapterTransport(String uri, String label, Transport serial, String channel) {
        super(uri, channel);
        this.label = label;
        this.serial = serial;
        serial.addRecordListener(this::bytesReceived);
        serial.addStateListener(event -> {
            if (event.state() == TransportState.LOST || event.state() == TransportState.OPEN
                    || event.state() == TransportState.CLOSED) {
                changeState(event.state(), event.reason().replace(event.uri(), uri));
            }
        });
    }

    @Override
    public void open() throws TransportException {
        channelOpen = false; // a fresh adapter waits for the host's O
        line.setLength(0);
        serial.open();
    }

    @Override
    public void close() {
        channelOpen = false;
        serial.close();
    }

    @Override
    public TransportState state() {
        return serial.state();
    }

    /** True once the host has sent {@code O} or {@code L} (and not {@code C} since). */
    boolean channelOpen() {
        return channelOpen;
    }

    /** Whatever the serial port underneath reaches; its own send asks the interlock for every line written. */
    @Override
    public EndpointKind endpointKind() {
        return serial.endpointKind();
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        if (record.bus() != BusKind.CAN || record.isFd() || record.isError()) {
            throw new TransportException(label + ": an SLCAN adapter sends classic CAN frames only, not " + record);
        }
        if (!channelOpen) {
            return; // the host has not opened the channel: nothing reaches it, as on a real bus
        }
        // the same line an adapter sends to its host as a host sends to the adapter
        serial.send(TraceRecord.serial(0, serial.channel(), true, SlcanCodec.encode(record)));
        recordsSent.incrementAndGet();
    }

    private void write(String text) throws TransportException {
        serial.send(TraceRecord.serial(0, serial.channel(), true, text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Runs on the serial reader thread: lines may come split over records or several in one. */
    private void bytesReceived(TraceRecord record) {
        for (int i = 0; i < record.length(); i++) {
            char c = (char) record.byteAt(i);
            if (c == '\r') {
                String text = line.toString();
                line.setLength(0);
                try {
                    answer(text, record.timestampNs());
                } catch (TransportException e) {
                    malformedInputs.incrementAndGet(); // the port is going away; the state listener tells
                }
            } else if (c != '\n' && line.length() < 64) {
                line.append(c);
            }
        }
    }

    private void answer(String text, long timestampNs) throws TransportException {
        if (text.isEmpty()) {
            return; // hosts send bare CRs to flush the adapter's buffer
        }
        char command = text.charAt(0);
        switch (command) {
        case 't', 'T', 'r', 'R' -> {
            TraceRecord frame = parseFrame(text, timestampNs);
            if (frame == null || !channelOpen) {
                malformedInputs.incrementAndGet();
                write("\u0007");
                return;
            }
            write(Character.isUpperCase(command) ? "Z\r" : "z\r");
            deliver(frame);
        }
        case 'O', 'L' -> {
            channelOpen = true;
            write("\r");
        }
        case 'C' -> {
            channelOpen = false;
            write("\r");
        }
        case 'S', 's', 'Z', 'M', 'm' -> write("\r");
        case 'V' -> write("V1013\r");
        case 'v' -> write("v1013\r");
        case 'N' -> write("NSIM1\r");
        case 'F' -> write("F00\r");
        default -> {
            malformedInputs.incrementAndGet();
            write("\u0007");
        }
        }
    }

    /** The frame of a {@code t/T/r/R} line the host transmits; null when it is not a classic CAN frame. */
    private TraceRecord parseFrame(String text, long timestampNs) {
        try {
            return SlcanCodec.decode(text).toRecord(timestampNs, channel());
        } catch (SlcanCodec.MalformedLineException e) {
            return null;
        }
    }

    @Override
    public TransportStatistics statistics() {
        TransportStatistics bytes = serial.statistics();
        TransportStatistics frames = super.statistics();
        return new TransportStatistics(frames.recordsReceived(), frames.recordsSent(), bytes.bytesReceived(),
                frames.malformedInputs(), frames.listenerFailures() + bytes.listenerFailures());
    }
}
