package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WriterThreadTest {

    @Test
    @Timeout(20)
    void itemsArriveInOrderOnTheWriterThreadThenTheFinisherRuns() {
        List<Integer> seen = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        WriterThread<Integer> writer = new WriterThread<>("test-writer", 7, 2, item -> {
            seen.add(item);
            if (threads.isEmpty()) {
                threads.add(Thread.currentThread().getName());
            }
        }, () -> finished.set(seen.size()));
        for (int i = 0; i < 10_000; i++) { // many full batches and a partial last one
            writer.accept(i);
        }
        writer.finish();
        writer.finish(); // once only
        assertEquals(10_000, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(10_000, finished.get(), "the finisher runs after the last item");
        assertEquals(List.of("test-writer"), threads);
        assertNotEquals("test-writer", Thread.currentThread().getName());
    }

    @Test
    @Timeout(20)
    void aWriteFailureReachesTheProducerWithoutHangingIt() {
        WriterThread<Integer> writer = new WriterThread<>("test-writer", 4, 1, item -> {
            if (item == 10) {
                throw new UncheckedIOException(new IOException("Broken pipe"));
            }
        }, () -> {
            throw new AssertionError("no finisher after a failure");
        });
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> {
            for (int i = 0; i < 100_000; i++) {
                writer.accept(i); // the failure comes back at a later hand-over
            }
            writer.finish();
        });
        assertEquals("Broken pipe", failure.getCause().getMessage());
    }

    @Test
    @Timeout(20)
    void aFinisherFailureComesBackFromFinish() {
        WriterThread<String> writer = new WriterThread<>("test-writer", 4, 1, item -> {
        }, () -> {
            throw new IOException("disk full");
        });
        writer.accept("a");
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, writer::finish);
        assertTrue(failure.getCause().getMessage().contains("disk full"));
    }
}
