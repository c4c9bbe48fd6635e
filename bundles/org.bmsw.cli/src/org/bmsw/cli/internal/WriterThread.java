package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands items to a consumer on a thread of its own, in their order: the reading and decoding thread goes on while
 * the items are formatted and written (the machine's second core). Items travel in batches through a short queue,
 * so memory stays bounded and the two threads meet once per batch, not per item. A failure of the consumer (a
 * closed pipe) is thrown to the producer at its next hand-over or at {@link #finish}. One producer thread.
 *
 * @param <T> immutable items: the consumer reads them on the other thread
 */
final class WriterThread<T> {

    /** What the consumer does at the end, on its thread, after the last item (e.g. flush). */
    interface Finisher {
        void finish() throws IOException;
    }

    private static final Object[] END = new Object[0];

    private final BlockingQueue<Object[]> full;
    private final BlockingQueue<Object[]> free;
    private final int batchSize;
    private final Thread thread;
    private Object[] batch;
    private int size;
    private volatile Throwable failure;
    private boolean finished;

    /**
     * @param consumer called for each item, in order, on the writer thread
     * @param finisher called once after the last item, on the writer thread
     */
    WriterThread(String name, int batchSize, int batchesQueued, Consumer<? super T> consumer, Finisher finisher) {
        this.batchSize = batchSize;
        full = new ArrayBlockingQueue<>(batchesQueued + 1);
        free = new ArrayBlockingQueue<>(batchesQueued + 2);
        batch = new Object[batchSize];
        thread = new Thread(() -> run(consumer, finisher), name);
        thread.setDaemon(true); // a producer that fails never leaves the JVM waiting for this thread
        thread.start();
    }

    /** Queues one item; throws the consumer's failure, if it had one. */
    void accept(T item) {
        batch[size++] = item;
        if (size == batchSize) {
            handOver(batch);
            Object[] next = free.poll();
            batch = next != null ? next : new Object[batchSize];
            size = 0;
        }
    }

    /**
     * Hands over what is left, waits until the consumer has taken every item and run the finisher, and throws its
     * failure if it had one (an {@link IOException} as an {@link UncheckedIOException}). Once only; later calls
     * return at once.
     */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        if (size > 0) {
            Object[] last = java.util.Arrays.copyOf(batch, size);
            handOver(last);
        }
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the output was written", e);
        }
        rethrow();
    }

    private void handOver(Object[] items) {
        rethrow();
        put(items);
    }

    private void put(Object[] items) {
        try {
            full.put(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the output was written", e);
        }
    }

    private void rethrow() {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw new UncheckedIOException(io);
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException(t);
    }

    @SuppressWarnings("unchecked")
    private void run(Consumer<? super T> consumer, Finisher finisher) {
        try {
            while (true) {
                Object[] items = full.take();
                if (items == END) {
                    break;
                }
                if (failure == null) {
                    try {
                        for (Object item : items) {
                            if (item == null) {
                                break;
                            }
                            consumer.accept((T) item);
                        }
                    } catch (UncheckedIOException e) {
                        failure = e.getCause();
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                }
                // after a failure the batches are only taken, so the producer never waits on a full queue
                if (items.length == batchSize) {
                    java.util.Arrays.fill(items, null);
                    free.offer(items);
                }
            }
            if (failure == null) {
                finisher.finish();
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = e;
        }
    }
}
