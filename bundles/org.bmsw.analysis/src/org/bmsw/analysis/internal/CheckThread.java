package org.bmsw.analysis.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;

/**
 * Runs the checks of decoded messages on a second thread while the feeding thread reads and decodes the next
 * frames: messages go over in batches through a short queue, in their order, so every check sees them exactly as
 * it would on one thread. A failure of the checks is thrown to the feeding thread at its next hand-over or at
 * {@link #finish}. The thread ends at {@link #finish}, or after a while without input (a pass cancelled before its
 * end), and starts again if more comes. One feeding thread.
 */
public final class CheckThread {

    /** Idle this long, the thread ends (a cancelled pass never calls {@link #finish}). */
    private static final long IDLE_NS = TimeUnit.SECONDS.toNanos(10);
    private static final int BATCH = 1024;
    private static final int QUEUED = 4;

    /** A batch of messages with what the checks need of the moment each was decoded at. */
    private static final class Batch {
        final ChannelAnalysis[] channels = new ChannelAnalysis[BATCH];
        final DecodedMessage[] messages = new DecodedMessage[BATCH];
        final long[] times = new long[BATCH];
        final Object[] plans = new Object[BATCH];
        final long[] rows = new long[BATCH];
        final BatteryState[] states = new BatteryState[BATCH];
        final String[] protocols = new String[BATCH];
        final boolean[] can = new boolean[BATCH];
        int size;

        void clear() {
            java.util.Arrays.fill(channels, 0, size, null);
            java.util.Arrays.fill(messages, 0, size, null);
            java.util.Arrays.fill(plans, 0, size, null);
            java.util.Arrays.fill(states, 0, size, null);
            java.util.Arrays.fill(protocols, 0, size, null);
            size = 0;
        }
    }

    private static final Batch END = new Batch();

    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(QUEUED + 1);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(QUEUED + 3);
    private final Object lock = new Object();
    private final String name;
    private Batch batch = new Batch();
    /** Guarded by {@link #lock}: whether a thread takes batches. */
    private boolean running;
    private Thread thread;
    private volatile Throwable failure;

    public CheckThread(String name) {
        this.name = name;
    }

    /** Queues the checks of one message (see {@link ChannelAnalysis}); throws the checks' failure, if any. */
    void add(ChannelAnalysis channel, DecodedMessage message, long timestampNs, Object plan, long row,
            BatteryState state, String protocolId, boolean can) {
        Batch b = batch;
        int i = b.size++;
        b.channels[i] = channel;
        b.messages[i] = message;
        b.times[i] = timestampNs;
        b.plans[i] = plan;
        b.rows[i] = row;
        b.states[i] = state;
        b.protocols[i] = protocolId;
        b.can[i] = can;
        if (b.size == BATCH) {
            handOver(b);
            Batch next = free.poll();
            batch = next != null ? next : new Batch();
        }
    }

    /** Runs every queued check, waits for the thread to end and throws the checks' failure, if any. */
    public void finish() {
        if (batch.size > 0) {
            handOver(batch);
            batch = new Batch();
        }
        Thread t;
        synchronized (lock) {
            t = running ? thread : null;
            if (t != null) {
                put(END);
            }
        }
        if (t != null) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the checks ran", e);
            }
        }
        rethrow();
    }

    private void handOver(Batch b) {
        rethrow();
        synchronized (lock) {
            if (!running) {
                running = true;
                thread = new Thread(this::run, name);
                thread.setDaemon(true); // a feeding thread that fails never leaves the JVM waiting for this one
                thread.start();
            }
            put(b); // blocks only while the queue is full, so the thread is busy, not ending
        }
    }

    private void put(Batch b) {
        try {
            full.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing messages to the checks", e);
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private void run() {
        long idleSince = System.nanoTime();
        while (true) {
            Batch b;
            try {
                b = full.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                failure = e;
                b = null;
            }
            if (b == END) {
                synchronized (lock) {
                    running = false;
                }
                return;
            }
            if (b == null) {
                if (failure != null || System.nanoTime() - idleSince > IDLE_NS) {
                    synchronized (lock) {
                        if (full.isEmpty()) {
                            running = false;
                            return;
                        }
                    }
                }
                continue;
            }
            idleSince = System.nanoTime();
            if (failure == null) {
                try {
                    for (int i = 0; i < b.size; i++) {
                        b.channels[i].checks(b.messages[i], b.times[i], b.plans[i], b.rows[i], b.states[i],
                                b.protocols[i], b.can[i]);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e; // batches after it are only taken, so the feeding thread never waits
                }
            }
            b.clear();
            free.offer(b);
        }
    }
}
