package org.bmsw.engine.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

import org.bmsw.core.record.BusKind;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;

/**
 * Reads a trace on a thread of its own while the calling thread hands the frames to its sink: on two cores the
 * parsing of a long trace overlaps the decoding. The sink sees exactly the calls a direct {@link Traces#read} would
 * make, in the same order, on the calling thread; frames cross in batches of primitive arrays (no object per
 * frame). A failure of the reader is thrown on the calling thread as it was thrown; a failure of the sink stops
 * the reader, which is waited for before the failure goes on.
 */
public final class FramePipeline {

    static final int BATCH_FRAMES = 4096;
    private static final int BATCHES = 4;

    private FramePipeline() {
    }

    /** As {@link Traces#read(Path, TraceFormat, FrameSink, ReadOptions)}, the reading on a thread of its own. */
    public static ReadReport read(Path file, TraceFormat format, FrameSink sink, ReadOptions options)
            throws IOException {
        BlockingQueue<Batch> filled = new ArrayBlockingQueue<>(BATCHES + 1);
        BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        Reader reader = new Reader(file, format, options, filled, free);
        Thread thread = new Thread(reader, "bmsw-trace-reader " + file.getFileName());
        thread.setDaemon(true);
        thread.start();
        boolean done = false;
        try {
            while (true) {
                Batch batch = filled.take();
                if (batch.end) {
                    done = true;
                    return batch.finish();
                }
                batch.replay(sink);
                batch.clear();
                free.put(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while reading " + file);
        } finally {
            if (!done) { // the sink failed: the reader stops at its next hand-over, and is waited for
                reader.stopped = true;
                thread.interrupt();
                joinQuietly(thread);
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Frames and channel declarations in reading order, or the end of the trace (its report or its failure). */
    private static final class Batch {
        final long[] times = new long[BATCH_FRAMES];
        final int[] channels = new int[BATCH_FRAMES];
        final int[] identifiers = new int[BATCH_FRAMES];
        final int[] flags = new int[BATCH_FRAMES];
        final int[] starts = new int[BATCH_FRAMES + 1];
        byte[] bytes = new byte[BATCH_FRAMES * 8];
        int size;
        /** Channels declared before frame {@code at} of this batch: at, index, name, bus. */
        final List<Object[]> declarations = new ArrayList<>();
        boolean end;
        ReadReport report;
        Throwable failure;

        boolean add(long timestampNs, int channelIndex, int identifier, int frameFlags, byte[] payload, int offset,
                int length) {
            int start = starts[size];
            if (start + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, start + length));
            }
            System.arraycopy(payload, offset, bytes, start, length);
            times[size] = timestampNs;
            channels[size] = channelIndex;
            identifiers[size] = identifier;
            flags[size] = frameFlags;
            starts[++size] = start + length;
            return size == BATCH_FRAMES;
        }

        void replay(FrameSink sink) throws IOException {
            int next = 0;
            for (int k = 0; k < size; k++) {
                next = declare(sink, next, k);
                sink.frame(times[k], channels[k], identifiers[k], flags[k], bytes, starts[k], starts[k + 1]
                        - starts[k]);
            }
            declare(sink, next, size);
        }

        private int declare(FrameSink sink, int next, int at) throws IOException {
            while (next < declarations.size() && (int) declarations.get(next)[0] == at) {
                Object[] d = declarations.get(next++);
                sink.channel((int) d[1], (String) d[2], (BusKind) d[3]);
            }
            return next;
        }

        void clear() {
            size = 0;
            declarations.clear();
        }

        ReadReport finish() throws IOException {
            if (failure instanceof IOException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return report;
        }
    }

    /** The reading thread: fills batches and hands them over; the last one it hands over says how it ended. */
    private static final class Reader implements Runnable, FrameSink {
        private final Path file;
        private final TraceFormat format;
        private final ReadOptions options;
        private final BlockingQueue<Batch> filled;
        private final BlockingQueue<Batch> free;
        volatile boolean stopped;
        private Batch current;

        Reader(Path file, TraceFormat format, ReadOptions options, BlockingQueue<Batch> filled,
                BlockingQueue<Batch> free) {
            this.file = file;
            this.format = format;
            this.options = options;
            this.filled = filled;
            this.free = free;
        }

        @Override
        public void run() {
            Batch end = new Batch();
            end.end = true;
            try {
                current = free.take();
                end.report = Traces.read(file, format, this, options);
                filled.put(current);
            } catch (InterruptedException e) {
                return; // the sink failed: nobody waits for the rest
            } catch (Throwable t) {
                if (stopped) {
                    return;
                }
                end.failure = t;
                try {
                    if (current != null) {
                        filled.put(current); // what was read before the failure, as a direct read gives it
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            filled.add(end); // never full: one more slot than batches
        }

        @Override
        public void channel(int channelIndex, String name, BusKind bus) {
            current.declarations.add(new Object[] { current.size, channelIndex, name, bus });
        }

        @Override
        public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                int payloadOffset, int length) {
            if (current.add(timestampNs, channelIndex, identifier, flags, payload, payloadOffset, length)) {
                try {
                    filled.put(current);
                    current = free.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("stopped");
                }
                if (stopped) {
                    throw new CancellationException("stopped");
                }
            }
        }
    }
}
