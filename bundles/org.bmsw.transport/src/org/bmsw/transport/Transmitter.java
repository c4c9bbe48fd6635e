package org.bmsw.transport;

import java.util.function.BooleanSupplier;

import org.bmsw.core.record.TraceRecord;

/**
 * Puts frames the user chose onto a bus through an open {@link Transport}: one frame once or every period (as
 * can-utils' {@code cansend} in a loop), or a trace's records with their timing scaled by a speed (as
 * {@code canplayer}). It asks {@link TransmitInterlock} itself before every frame, whatever the transport does, so a
 * vendor's transport with no gate of its own still cannot reach real equipment unacknowledged. {@link #stop()} ends
 * a wait or a loop from another thread (Ctrl-C, the window's Stop).
 *
 * @since 0.1.0
 */
public final class Transmitter {

    /** The action named in a refusal when frames are sent. */
    public static final String SEND_ACTION = "sending frames";
    /** The action named in a refusal when a trace is played. */
    public static final String PLAY_ACTION = "playing a trace";

    private final Transport transport;
    private final String action;
    private final Object sleeper = new Object();
    private volatile boolean stopped;
    private volatile long sent; // one thread sends, others read

    /**
     * @param transport open, on the bus to transmit on
     * @param action what transmits, for a refusal's message ({@link #SEND_ACTION}, {@link #PLAY_ACTION})
     */
    public Transmitter(Transport transport, String action) {
        this.transport = transport;
        this.action = action;
    }

    /**
     * The URI to open for transmitting: an {@code slcan:} adapter in normal mode ({@code listenOnly=false}; it opens
     * listen-only otherwise) unless the URI says {@code listenOnly} itself; any other URI as it is.
     */
    public static String transmitUri(String uri) {
        if (!uri.startsWith("slcan:")) {
            return uri;
        }
        int question = uri.indexOf('?');
        if (question >= 0) {
            for (String pair : uri.substring(question + 1).split("&")) {
                if (pair.startsWith("listenOnly=")) {
                    return uri;
                }
            }
        }
        return uri + (question < 0 ? "?" : "&") + "listenOnly=false";
    }

    /** Sends one record now, after the interlock's check. */
    public void send(TraceRecord record) throws TransportException {
        TransmitInterlock.check(transport, action);
        transport.send(record);
        sent++;
    }

    /**
     * Sends {@code record} {@code count} times, the first at once and then every {@code periodMs} (the period kept
     * from the first frame's time, so it does not drift), until {@code count} is reached, {@link #stop()} or
     * {@code until} answers true.
     *
     * @param count how many times; 0 or less: until stopped
     * @return the frames sent
     */
    public long repeat(TraceRecord record, long count, long periodMs, BooleanSupplier until)
            throws TransportException, InterruptedException {
        long startNs = System.nanoTime();
        long before = sent;
        for (long i = 0; (count <= 0 || i < count) && !stopped && !until.getAsBoolean(); i++) {
            if (i > 0 && !sleepUntil(startNs + i * periodMs * 1_000_000L)) {
                break;
            }
            send(record);
        }
        return sent - before;
    }

    /**
     * A player of records in time order: each waits until its time, relative to the first record played, divided
     * by {@code speed} ({@link Double#POSITIVE_INFINITY}: no waiting).
     */
    public Player player(double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("the speed must be above 0, not " + speed);
        }
        return new Player(speed);
    }

    /** Plays records one after another with their trace's timing; see {@link Transmitter#player(double)}. */
    public final class Player {
        private final double speed;
        private long firstTimestampNs;
        private long startNs;
        private boolean started;

        private Player(double speed) {
            this.speed = speed;
        }

        /**
         * Waits until {@code record} is due and sends it.
         *
         * @return false when stopped before it was sent
         */
        public boolean play(TraceRecord record) throws TransportException, InterruptedException {
            if (stopped) {
                return false;
            }
            if (!started) {
                started = true;
                firstTimestampNs = record.timestampNs();
                startNs = System.nanoTime();
            } else if (!Double.isInfinite(speed)) {
                // a trace whose clock steps back (two files joined) sends at once rather than waiting
                double offsetNs = Math.max(0, record.timestampNs() - firstTimestampNs) / speed;
                if (!sleepUntil(startNs + (long) Math.min(offsetNs, Long.MAX_VALUE / 4.0))) {
                    return false;
                }
            }
            send(record);
            return true;
        }
    }

    /** Frames sent so far by this transmitter. */
    public long sent() {
        return sent;
    }

    /** Ends the wait under way and every later one; what was sent stays sent. Thread-safe. */
    public void stop() {
        stopped = true;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
    }

    public boolean stopped() {
        return stopped;
    }

    /** Waits until {@code System.nanoTime()} reaches {@code deadlineNs}; false when stopped first. */
    private boolean sleepUntil(long deadlineNs) throws InterruptedException {
        synchronized (sleeper) {
            long left;
            while (!stopped && (left = deadlineNs - System.nanoTime()) > 0) {
                sleeper.wait(left / 1_000_000L, (int) (left % 1_000_000L));
            }
        }
        return !stopped;
    }
}
