package org.bmsw.transport.internal.slcan;

import java.lang.System.Logger.Level;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.internal.serial.SerialLink;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.internal.serial.SerialTransport;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.slcan.SlcanBitrate;
import org.bmsw.transport.spi.slcan.SlcanCodec;
import org.bmsw.transport.spi.slcan.SlcanFrame;
import org.bmsw.transport.spi.slcan.SlcanFramer;

/**
 * A LAWICEL/SLCAN adapter (CANable, CANUSB, CAN232, ...) on a serial port. {@link #open()} closes the channel
 * in case it was left open, sets the bit rate ({@code Sn}), turns on timestamps when asked ({@code Z1}) and opens
 * the channel ({@code O}, or {@code L} listen-only), each time waiting for the adapter's CR (OK) or BEL
 * (error). {@link #close()} sends {@code C} and delivers every frame that arrived before it.
 */
public final class SlcanTransport extends AbstractTransport {

    private static final System.Logger LOG = System.getLogger(SlcanTransport.class.getName());
    /** The reader's read timeout; only bounds how fast close() is noticed, frames are handled as they come. */
    private static final int READ_TIMEOUT_MS = 100;
    /** Wait for the reply to the C sent before setup: a closed channel may answer BEL, or nothing at all. */
    private static final int INITIAL_CLOSE_WAIT_MS = 300;

    private enum Reply {
        OK, ERROR
    }

    private final String label;
    private final String devicePath;
    private final SerialSettings settings;
    private final int bitrateBps;
    private final boolean listenOnly;
    private final boolean timestamps;
    private final int replyTimeoutMs;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    /** Replies are queued only while a command waits; otherwise a BEL is counted as malformed input. */
    private volatile boolean awaitingReply;
    private volatile SerialLink link;
    private SlcanTimestamps adapterClock;
    /** Arrival time of the bytes being framed; written and read on the reader thread only. */
    private long lastArrivalNs;

    SlcanTransport(String uri, String label, String devicePath, SerialSettings settings, int bitrateBps,
            boolean listenOnly, boolean timestamps, int replyTimeoutMs) {
        super(uri, SerialTransport.channelOf(devicePath));
        this.label = label;
        this.devicePath = devicePath;
        this.settings = settings;
        this.bitrateBps = bitrateBps;
        this.listenOnly = listenOnly;
        this.timestamps = timestamps;
        this.replyTimeoutMs = replyTimeoutMs;
    }

    public int bitrateBps() {
        return bitrateBps;
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        if (link != null) {
            link.stop(); // what is left of a lost port
            link = null;
        }
        changeState(TransportState.OPENING, label + ": setting up the adapter at " + bitrateBps + " bit/s");
        adapterClock = new SlcanTimestamps();
        SlcanFramer framer = new SlcanFramer(new FramerHandler());
        SerialLink candidate = new SerialLink(label, devicePath, settings, READ_TIMEOUT_MS, new SerialLink.Receiver() {
            @Override
            public void bytesRead(byte[] buffer, int length, long arrivalNs) {
                bytesReceived.addAndGet(length);
                lastArrivalNs = arrivalNs;
                framer.accept(buffer, 0, length);
            }

            @Override
            public void idle(long nowNs) {
                // SLCAN lines end with CR; a pause means nothing
            }

            @Override
            public void ended() {
                // a line cut off by the loss is not a frame
            }
        }, reason -> changeState(TransportState.LOST, reason));
        try {
            candidate.open();
            link = candidate;
            command("C", INITIAL_CLOSE_WAIT_MS, false);
            command(SlcanBitrate.command(bitrateBps), replyTimeoutMs, true);
            if (timestamps) {
                command("Z1", replyTimeoutMs, true);
            }
            command(listenOnly ? "L" : "O", replyTimeoutMs, true);
        } catch (TransportException e) {
            candidate.stop();
            link = null;
            changeState(TransportState.CLOSED, e.getMessage());
            throw e;
        }
        changeState(TransportState.OPEN, label + ": open at " + bitrateBps + " bit/s"
                + (listenOnly ? ", listen-only" : "") + (timestamps ? ", adapter timestamps" : ""));
    }

    /**
     * Sends {@code command} and waits for the adapter's answer.
     *
     * @param required when false, BEL or silence are accepted (used for the C before setup)
     */
    private void command(String command, int timeoutMs, boolean required) throws TransportException {
        replies.clear();
        awaitingReply = true;
        try {
            link.write(SlcanCodec.command(command));
            Reply reply = replies.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (!required) {
                return;
            }
            if (reply == null) {
                throw new TransportException(label + ": no answer to " + command + " within " + timeoutMs
                        + " ms; is this an SLCAN adapter, and is nothing else using the port?");
            }
            if (reply == Reply.ERROR) {
                throw new TransportException(label + ": adapter answered BEL to " + command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(label + ": interrupted while waiting for the answer to " + command, e);
        } finally {
            awaitingReply = false;
        }
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        requireOpen();
        byte[] line;
        try {
            line = SlcanCodec.encode(record);
        } catch (IllegalArgumentException e) {
            throw new TransportException(label + ": " + e.getMessage(), e);
        }
        SerialLink current = link;
        if (current == null) {
            throw new TransportException(label + ": cannot send, transport is closed");
        }
        current.write(line);
        recordsSent.incrementAndGet();
    }

    @Override
    public synchronized void close() {
        SerialLink current = link;
        if (current == null) {
            return;
        }
        if (state() == TransportState.OPEN) {
            try {
                command("C", INITIAL_CLOSE_WAIT_MS, false);
            } catch (TransportException e) {
                LOG.log(Level.DEBUG, label + ": C on close failed", e);
            }
        }
        current.stop();
        link = null;
        changeState(TransportState.CLOSED, label + ": closed");
    }

    /** Runs on the reader thread. */
    private final class FramerHandler implements SlcanFramer.Handler {

        @Override
        public void frame(SlcanFrame frame) {
            long timestampNs = frame.adapterTimestampMs() < 0 ? lastArrivalNs
                    : adapterClock.timestampNs(frame.adapterTimestampMs(), lastArrivalNs);
            deliver(frame.toRecord(timestampNs, channel()));
        }

        @Override
        public void okReply() {
            if (awaitingReply) {
                replies.offer(Reply.OK);
            }
        }

        @Override
        public void errorReply() {
            if (awaitingReply) {
                replies.offer(Reply.ERROR);
            } else {
                malformedInputs.incrementAndGet();
            }
        }

        @Override
        public void transmitAcknowledged() {
            // LAWICEL's answer to t/T; nothing to do
        }

        @Override
        public void malformed(String input, String reason) {
            malformedInputs.incrementAndGet();
            LOG.log(Level.DEBUG, () -> label + ": skipped '" + input + "': " + reason);
        }
    }
}
