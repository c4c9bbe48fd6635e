package org.bmsw.transport.internal.slcan;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.internal.serial.SerialLink;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.internal.serial.SerialTransport;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.Endpoints;
import org.bmsw.transport.spi.slcan.SlcanBitrate;
import org.bmsw.transport.spi.slcan.SlcanCodec;
import org.bmsw.transport.spi.slcan.SlcanFrame;
import org.bmsw.transport.spi.slcan.SlcanFramer;

/**
 * A LAWICEL/SLCAN adapter (CANable, CANUSB, CAN232, ...) on a serial port. {@link #open()} closes the channel
 * in case it was left open, sets the bit rate ({@code Sn}), turns on timestamps when asked ({@code Z1}) and opens
 * the channel, each time waiting for the adapter's CR (OK) or BEL (error): listen-only ({@code L}) unless normal
 * mode was asked, because an adapter in normal mode ACKs every frame on a bus that already works and, at a wrong
 * bit rate, sends error frames into it. Normal mode ({@code O}) and {@link #send} ask {@link TransmitInterlock}.
 * With an unknown bit rate ({@link #AUTO_BITRATE}) open() listens at each rate of {@link #SCAN_ORDER_BPS} in turn
 * and keeps the first at which frames arrive without error flags. {@link #pollAdapterStatus()} asks {@code F} while
 * open (a capture does, once a second): overruns are counted as drops. {@link #close()} sends {@code C} and delivers
 * every frame that arrived before it.
 */
public final class SlcanTransport extends AbstractTransport {

    private static final System.Logger LOG = System.getLogger(SlcanTransport.class.getName());
    /** The reader's read timeout; only bounds how fast close() is noticed, frames are handled as they come. */
    private static final int READ_TIMEOUT_MS = 100;
    /** Wait for the reply to the C sent before setup: a closed channel may answer BEL, or nothing at all. */
    private static final int INITIAL_CLOSE_WAIT_MS = 300;

    /** {@code bitrate=auto}: find the bus's bit rate by listening. */
    public static final int AUTO_BITRATE = 0;
    /**
     * The order {@code bitrate=auto} tries: the rates batteries and inverters use most (500k Pylon/SMA, 250k,
     * 125k, 1M), then the others from fast to slow.
     */
    public static final int[] SCAN_ORDER_BPS = { 500_000, 250_000, 125_000, 1_000_000, 800_000, 100_000, 50_000,
            20_000, 10_000 };
    /** Frames enough to keep a rate before the dwell time is up. */
    private static final int SCAN_FRAMES_ENOUGH = 5;
    /**
     * LAWICEL status flags that mean the controller sees a bus it cannot follow: error warning (bit 2), error
     * passive (bit 5), bus error (bit 7). Overrun and arbitration lost say nothing about the bit rate.
     */
    static final int SCAN_ERROR_FLAGS = 0x04 | 0x20 | 0x80;
    /** LAWICEL status flags that mean received frames were lost: RX FIFO full (bit 0), data overrun (bit 3). */
    static final int OVERRUN_FLAGS = 0x01 | 0x08;
    /** Status polls left unanswered (or answered BEL) after which an adapter is no longer asked. */
    static final int UNANSWERED_POLLS_LIMIT = 5;

    private enum ReplyKind {
        OK, ERROR, STATUS
    }

    private record Reply(ReplyKind kind, int flags) {
        static final Reply OK = new Reply(ReplyKind.OK, 0);
        static final Reply ERROR = new Reply(ReplyKind.ERROR, 0);
    }

    private final String label;
    private final String devicePath;
    private final SerialSettings settings;
    private final int requestedBitrateBps;
    private final boolean listenOnly;
    private final boolean timestamps;
    private final int replyTimeoutMs;
    private final int scanDwellMs;
    /** The rate in use: the one asked, or the one the last scan found (tried first when the port comes back). */
    private volatile int bitrateBps;
    private volatile EndpointKind endpointKind;
    /** While a bit-rate scan listens, frames are counted, not delivered: the channel is not set up as asked yet. */
    private volatile boolean scanning;
    private final AtomicInteger scanFrames = new AtomicInteger();
    private final AtomicInteger scanMalformed = new AtomicInteger();
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
    /** Replies are queued only while a command waits; otherwise a BEL is counted as malformed input. */
    private volatile boolean awaitingReply;
    private volatile SerialLink link;
    /** Status polls sent since the last answer to one; an adapter that never answers F is not asked for ever. */
    private final AtomicInteger unansweredPolls = new AtomicInteger();
    /** Answers to F, since open, that reported lost frames (RX FIFO full or data overrun). */
    private final AtomicLong overrunReports = new AtomicLong();
    /** The flags of the last answer to a status poll; 0 before the first. */
    private volatile int lastStatusFlags;
    private SlcanTimestamps adapterClock;
    /** Arrival time of the bytes being framed; written and read on the reader thread only. */
    private long lastArrivalNs;

    /**
     * @param bitrateBps the bus's bit rate, or {@link #AUTO_BITRATE} to find it by listening
     * @param scanDwellMs how long a bit-rate scan listens at each rate
     */
    SlcanTransport(String uri, String label, String devicePath, SerialSettings settings, int bitrateBps,
            boolean listenOnly, boolean timestamps, int replyTimeoutMs, int scanDwellMs) {
        super(uri, SerialTransport.channelOf(devicePath));
        this.label = label;
        this.devicePath = devicePath;
        this.settings = settings;
        this.requestedBitrateBps = bitrateBps;
        this.bitrateBps = bitrateBps;
        this.listenOnly = listenOnly;
        this.timestamps = timestamps;
        this.replyTimeoutMs = replyTimeoutMs;
        this.scanDwellMs = scanDwellMs;
    }

    /** The bit rate in use: the one asked, or the one {@code bitrate=auto} found (0 before it found one). */
    @Override
    public int bitrateBps() {
        return bitrateBps;
    }

    /** True unless the URI asked for normal mode ({@code listenOnly=false}). */
    public boolean listenOnly() {
        return listenOnly;
    }

    /** {@code "listen-only"} or {@code "normal mode (transmits ACKs)"}, as the status lines say it. */
    public String modeDescription() {
        return listenOnly ? "listen-only" : "normal mode (transmits ACKs)";
    }

    @Override
    public EndpointKind endpointKind() {
        EndpointKind known = endpointKind;
        return known != null ? known : Endpoints.ofDevicePath(devicePath);
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        if (link != null) {
            link.stop(); // what is left of a lost port
            link = null;
        }
        endpointKind = Endpoints.ofDevicePath(devicePath);
        unansweredPolls.set(0);
        lastStatusFlags = 0;
        if (!listenOnly) {
            // before the port is touched: normal mode makes the adapter ACK frames on the bus
            TransmitInterlock.check(this, "opening the adapter in normal mode (listenOnly=false, it ACKs every "
                    + "frame on the bus)");
        }
        boolean auto = requestedBitrateBps == AUTO_BITRATE;
        changeState(TransportState.OPENING, label + (auto ? ": finding the bus's bit rate by listening"
                : ": setting up the adapter at " + bitrateBps + " bit/s"));
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
            if (auto) {
                bitrateBps = scanBitrate();
            }
            command(SlcanBitrate.command(bitrateBps), replyTimeoutMs, true);
            if (timestamps) {
                command("Z1", replyTimeoutMs, true);
            }
            command(listenOnly ? "L" : "O", replyTimeoutMs, true);
        } catch (TransportException e) {
            scanning = false;
            candidate.stop();
            link = null;
            changeState(TransportState.CLOSED, e.getMessage());
            throw e;
        }
        changeState(TransportState.OPEN, label + ": open at " + bitrateBps + " bit/s"
                + (auto ? " (found by listening)" : "") + ", " + modeDescription()
                + (timestamps ? ", adapter timestamps" : ""));
    }

    /**
     * Listens at each rate of {@link #SCAN_ORDER_BPS} (the last rate found first, after a lost port) for up to the
     * dwell time, in listen-only mode whatever the URI asks, and keeps the first at which frames arrive and the
     * adapter's status flags ({@code F}) show no error; an adapter that does not answer {@code F} is judged by its
     * frames alone. The channel is closed ({@code C}) after each rate.
     *
     * @return the bit rate found
     * @throws TransportException naming the port and what each rate showed when none fits
     */
    private int scanBitrate() throws TransportException {
        List<Integer> order = new ArrayList<>();
        if (bitrateBps != AUTO_BITRATE) {
            order.add(bitrateBps);
        }
        for (int rate : SCAN_ORDER_BPS) {
            if (!order.contains(rate)) {
                order.add(rate);
            }
        }
        StringBuilder seen = new StringBuilder();
        scanning = true;
        try {
            for (int rate : order) {
                changeState(TransportState.OPENING, label + ": listening at " + rate + " bit/s for up to "
                        + scanDwellMs + " ms (bitrate=auto)");
                command(SlcanBitrate.command(rate), replyTimeoutMs, true);
                scanFrames.set(0);
                scanMalformed.set(0);
                command("L", replyTimeoutMs, true);
                awaitScanFrames();
                Reply status = command("F", replyTimeoutMs, false);
                command("C", INITIAL_CLOSE_WAIT_MS, false);
                int frames = scanFrames.get();
                int flags = status != null && status.kind() == ReplyKind.STATUS ? status.flags() : 0;
                boolean errors = (flags & SCAN_ERROR_FLAGS) != 0 || scanMalformed.get() > 0;
                if (frames > 0 && !errors) {
                    return rate;
                }
                seen.append(seen.length() == 0 ? "" : "; ").append(rate).append(": ").append(frames)
                        .append(frames == 1 ? " frame" : " frames")
                        .append((flags & SCAN_ERROR_FLAGS) != 0 ? String.format(", error flags 0x%02X", flags) : "")
                        .append(scanMalformed.get() > 0 ? ", " + scanMalformed.get() + " malformed lines" : "");
            }
        } finally {
            scanning = false;
        }
        throw new TransportException(label + ": bitrate=auto found no bit rate at which frames arrive without "
                + "error flags, listening " + scanDwellMs + " ms at each (" + seen + "). Is the bus quiet, or the "
                + "adapter not connected to it? Give the rate, e.g. bitrate=500000");
    }

    /** Waits the dwell time, or less once enough frames came. */
    private void awaitScanFrames() throws TransportException {
        long deadline = System.nanoTime() + scanDwellMs * 1_000_000L;
        try {
            while (System.nanoTime() < deadline && scanFrames.get() < SCAN_FRAMES_ENOUGH) {
                Thread.sleep(Math.max(1, Math.min(20, (deadline - System.nanoTime()) / 1_000_000L)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(label + ": interrupted while finding the bit rate", e);
        }
    }

    /**
     * Sends {@code command} and waits for the adapter's answer.
     *
     * @param required when false, BEL or silence are accepted (used for the C before setup)
     * @return the reply; null when none came and none was required
     */
    private Reply command(String command, int timeoutMs, boolean required) throws TransportException {
        replies.clear();
        awaitingReply = true;
        try {
            link.write(SlcanCodec.command(command));
            Reply reply = replies.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (!required) {
                return reply;
            }
            if (reply == null) {
                throw new TransportException(label + ": no answer to " + command + " within " + timeoutMs
                        + " ms; is this an SLCAN adapter, and is nothing else using the port?");
            }
            if (reply.kind() == ReplyKind.ERROR) {
                throw new TransportException(label + ": adapter answered BEL to " + command);
            }
            return reply;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(label + ": interrupted while waiting for the answer to " + command, e);
        } finally {
            awaitingReply = false;
        }
    }

    /**
     * Sends {@code F} without waiting: the reader thread takes the answer ({@code Fxx}) as it comes and counts each
     * overrun it reports as one dropped frame (at least one was lost; the adapter does not say how many). LAWICEL
     * adapters clear their flags when they are read. Only while open; an adapter that leaves
     * {@value #UNANSWERED_POLLS_LIMIT} polls in a row unanswered, or answers BEL, is not asked again until reopened.
     */
    @Override
    public void pollAdapterStatus() {
        SerialLink current = link;
        if (current == null || state() != TransportState.OPEN || scanning
                || unansweredPolls.get() >= UNANSWERED_POLLS_LIMIT) {
            return;
        }
        try {
            unansweredPolls.incrementAndGet();
            current.write(SlcanCodec.command("F"));
        } catch (TransportException e) {
            LOG.log(Level.DEBUG, label + ": status poll failed", e);
        }
    }

    /** The overruns reported since open and the error state of the last answer to {@code F}. */
    @Override
    public String adapterCondition() {
        List<String> parts = new ArrayList<>();
        long overruns = overrunReports.get();
        if (overruns > 0) {
            parts.add(overruns + (overruns == 1 ? " overrun" : " overruns"));
        }
        parts.addAll(describeFlags(lastStatusFlags));
        return String.join(", ", parts);
    }

    /** The LAWICEL status bits other than the overruns, in words. */
    static List<String> describeFlags(int flags) {
        List<String> words = new ArrayList<>();
        if ((flags & 0x02) != 0) {
            words.add("TX FIFO full");
        }
        if ((flags & 0x04) != 0) {
            words.add("error warning");
        }
        if ((flags & 0x20) != 0) {
            words.add("error passive");
        }
        if ((flags & 0x40) != 0) {
            words.add("arbitration lost");
        }
        if ((flags & 0x80) != 0) {
            words.add("bus error");
        }
        return words;
    }

    /** On the reader thread: the answer to a status poll. */
    private void statusReported(int flags) {
        unansweredPolls.set(0);
        lastStatusFlags = flags;
        if ((flags & OVERRUN_FLAGS) != 0) {
            overrunReports.incrementAndGet();
            countAdapterDrops(1);
        }
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        requireOpen();
        if (listenOnly) {
            throw new TransportException(label + ": cannot send, the adapter is listen-only (the default); add "
                    + "listenOnly=false to the URI to transmit (the adapter then ACKs every frame on the bus)");
        }
        requireTransmitAllowed("sending a frame");
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
            if (scanning) {
                scanFrames.incrementAndGet();
                return;
            }
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
            } else if (unansweredPolls.get() > 0) {
                unansweredPolls.set(UNANSWERED_POLLS_LIMIT); // the adapter does not know F: stop asking
            } else {
                malformedInputs.incrementAndGet();
            }
        }

        @Override
        public void transmitAcknowledged() {
            // LAWICEL's answer to t/T; nothing to do
        }

        @Override
        public void statusFlags(int flags) {
            if (awaitingReply) {
                replies.offer(new Reply(ReplyKind.STATUS, flags));
            } else if (!scanning) {
                statusReported(flags);
            }
        }

        @Override
        public void malformed(String input, String reason) {
            if (scanning) {
                scanMalformed.incrementAndGet();
            }
            malformedInputs.incrementAndGet();
            LOG.log(Level.DEBUG, () -> label + ": skipped '" + input + "': " + reason);
        }
    }
}
