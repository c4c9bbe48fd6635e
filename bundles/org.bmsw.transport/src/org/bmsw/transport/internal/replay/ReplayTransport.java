package org.bmsw.transport.internal.replay;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.Traces;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.WallClock;

/**
 * Plays a trace file as if its frames arrived now, paced by their timestamps divided by the speed. Records keep
 * the file's channels. At the end of the file the transport closes itself with the count in the reason (or starts
 * over with {@code loop=true}).
 */
final class ReplayTransport extends AbstractTransport {

    private final Path file;
    private final double speed;
    private final boolean stampNow;
    private final boolean loop;
    private Thread reader;
    private volatile boolean stopping;

    ReplayTransport(String uri, String channel, Path file, double speed, boolean stampNow, boolean loop) {
        super(uri, channel);
        this.file = file;
        this.speed = speed;
        this.stampNow = stampNow;
        this.loop = loop;
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        try {
            Traces.detect(file);
        } catch (IOException e) {
            throw new TransportException(uri() + ": " + e.getMessage());
        }
        stopping = false;
        changeState(TransportState.OPEN, "replaying " + file);
        reader = new Thread(this::play, "replay " + file.getFileName() + " reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void play() {
        String end;
        try {
            long played = 0;
            do {
                Pacer pacer = new Pacer();
                ReadReport report = Traces.read(file, pacer, ReadOptions.LENIENT);
                played += report.frames();
                malformedInputs.addAndGet(report.skippedLines());
            } while (loop && !stopping);
            end = "end of " + file + ": " + played + " records replayed";
        } catch (InterruptedIOException e) {
            end = "replay of " + file + " stopped";
        } catch (IOException e) {
            end = "replay of " + file + " failed: " + e.getMessage();
        }
        if (!stopping) {
            changeState(TransportState.CLOSED, end);
        }
    }

    /** Hands each frame over at its time: the first frame now, the others at (t - t0) / speed after it. */
    private final class Pacer implements FrameSink {
        private final List<String> channels = new ArrayList<>();
        private final List<BusKind> buses = new ArrayList<>();
        private long firstFileNs = Long.MIN_VALUE;
        private long startNanoTime;

        @Override
        public void channel(int channelIndex, String name, BusKind bus) {
            channels.add(name);
            buses.add(bus);
        }

        @Override
        public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                int payloadOffset, int length) throws IOException {
            if (stopping) {
                throw new InterruptedIOException("closed");
            }
            if (firstFileNs == Long.MIN_VALUE) {
                firstFileNs = timestampNs;
                startNanoTime = System.nanoTime();
            }
            if (!Double.isInfinite(speed)) {
                long dueNanoTime = startNanoTime + (long) ((timestampNs - firstFileNs) / speed);
                long wait;
                while ((wait = dueNanoTime - System.nanoTime()) > 0 && !stopping) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000L)); // wakes to notice close()
                }
            }
            byte[] bytes = new byte[length];
            System.arraycopy(payload, payloadOffset, bytes, 0, length);
            bytesReceived.addAndGet(length);
            deliver(new TraceRecord(stampNow ? WallClock.epochNs() : timestampNs, channels.get(channelIndex),
                    buses.get(channelIndex), identifier, flags, bytes));
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (state() == TransportState.CLOSED && reader == null) {
                return;
            }
            stopping = true;
            running = reader;
            reader = null;
        }
        if (running != null) {
            try {
                running.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (state() != TransportState.CLOSED) {
            changeState(TransportState.CLOSED, "replay of " + file + " closed");
        }
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        throw new TransportException(uri() + ": a replay only plays the file; it cannot send");
    }
}
