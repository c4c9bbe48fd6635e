package org.bmsw.transport.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.SmallFilesystem;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue between a port's reader thread and the capture's store writer: the reader never waits on the disk,
 * what the queue cannot take is counted as dropped, and a store that cannot be written stops the capture cleanly.
 */
@Timeout(60)
class LiveCaptureQueueTest {

    @TempDir
    Path dir;

    /** A port whose reader thread delivers {@code count} frames as fast as it can, timing each hand-over. */
    private static final class BurstTransport extends AbstractTransport {
        private final int count;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile long longestDeliveryNs;
        private volatile long kernelDrops;
        private Thread reader;

        BurstTransport(int count) {
            super("burst:test", "can0");
            this.count = count;
        }

        @Override
        public void open() throws TransportException {
            requireOpenable();
            changeState(TransportState.OPEN, "open");
            reader = new Thread(() -> {
                for (int i = 0; i < count && state() == TransportState.OPEN; i++) {
                    long start = System.nanoTime();
                    deliver(frame(i));
                    longestDeliveryNs = Math.max(longestDeliveryNs, System.nanoTime() - start);
                }
                countAdapterDrops(kernelDrops);
                done.countDown();
            }, "burst reader");
            reader.start();
        }

        @Override
        public void close() {
            if (state() == TransportState.OPEN) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                changeState(TransportState.CLOSED, "closed");
            }
        }

        @Override
        public void send(TraceRecord record) {
            throw new UnsupportedOperationException();
        }
    }

    static TraceRecord frame(int i) {
        return TraceRecord.can(1_000_000L * i, "can0", 0x351 + i % 4, (byte) i, (byte) (i >> 8), (byte) (i >> 16));
    }

    @Test
    void aSlowStoreWriterDropsFramesAtTheQueueCountsThemAndNeverStallsTheReader() throws Exception {
        int count = 20_000;
        BurstTransport port = new BurstTransport(count);
        port.kernelDrops = 7; // as a SocketCAN socket would report them
        Path file = dir.resolve("slow.bmst");
        LiveCapture capture = new LiveCapture(port, file, DecoderRegistry.getDefault().create("pylon-can"),
                new LiveCapture.Options(256, 1000));
        CountDownLatch firstStored = new CountDownLatch(1);
        capture.storeTap(record -> { // a disk that takes 2 ms per record once the first one is stored
            firstStored.countDown();
            sleep(2);
        });
        capture.start();
        assertTrue(port.done.await(20, TimeUnit.SECONDS), "the reader delivered every frame without waiting");
        assertTrue(port.longestDeliveryNs < 100_000_000L, "longest hand-over " + port.longestDeliveryNs / 1e6 + " ms");
        capture.close(); // writes what is queued: ~256 records at 2 ms, no deadlock
        CaptureStatus status = capture.status();
        assertTrue(status.queueDrops() > count / 2, "drops counted: " + status);
        assertEquals(count, status.frames() + status.queueDrops(), "every frame stored or counted as dropped");
        assertEquals(7, status.adapterDrops());
        assertEquals(status.queueDrops() + 7, status.dropped());
        assertTrue(status.line(BatteryState.EMPTY).contains(" errors, " + status.dropped() + " dropped"),
                status.line(BatteryState.EMPTY));
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(status.frames(), store.size());
            assertEquals(List.of(), store.problems());
            // what was kept is a subsequence of what was sent, in order, unaltered
            StoreCursor cursor = store.cursor();
            int next = 0;
            while (cursor.next()) {
                TraceRecord record = cursor.toRecord();
                int index = (int) (record.timestampNs() / 1_000_000L);
                assertTrue(index >= next, "in order");
                assertEquals(frame(index), record);
                next = index + 1;
            }
        }
    }

    @Test
    void aFastStoreLosesNothing() throws Exception {
        int count = 50_000;
        BurstTransport port = new BurstTransport(count);
        Path file = dir.resolve("fast.bmst");
        try (LiveCapture capture = new LiveCapture(port, file, DecoderRegistry.getDefault().create("pylon-can"))) {
            capture.start();
            assertTrue(port.done.await(20, TimeUnit.SECONDS));
            capture.close();
            assertEquals(count, capture.status().frames());
            assertEquals(0, capture.status().dropped());
        }
        try (TraceStore store = TraceStore.open(file)) {
            assertEquals(count, store.size());
            assertEquals(frame(count - 1), store.record(count - 1));
        }
    }

    @Test
    void aFullDiskStopsTheCaptureCleanlyWithWhatItHad() throws Exception {
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("small"), 1024)) {
            Path file = small.directory().resolve("full.bmst");
            BurstTransport port = new BurstTransport(2_000_000);
            List<CaptureStatus> stops = new ArrayList<>();
            LiveCapture capture = new LiveCapture(port, file, DecoderRegistry.getDefault().create("pylon-can"));
            capture.addListener(new LiveCaptureListener() {
                @Override
                public void flushed(CaptureStatus status, BatteryState state) {
                }

                @Override
                public void stopped(CaptureStatus status) {
                    stops.add(status);
                }
            });
            capture.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!capture.stoppedByItself() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            capture.close();
            assertTrue(capture.stoppedByItself(), "1 MiB fills up");
            CaptureStatus status = capture.status();
            assertEquals(1, stops.size());
            assertTrue(status.problem().startsWith("disk full: " + file + ": No space left on device ("),
                    status.problem());
            assertTrue(status.line(BatteryState.EMPTY).contains("; stopped: disk full: "), status.line(BatteryState.EMPTY));
            try (TraceStore store = TraceStore.open(file)) {
                assertEquals(List.of(), store.problems(), "cut back to the last whole block");
                assertEquals(status.storedRecords(), store.size());
                assertTrue(store.size() > 1000, "what it had is kept: " + store.size());
                assertEquals(frame((int) store.size() - 1), store.record(store.size() - 1));
            }
            assertFalse(port.state() == TransportState.OPEN, "the port is closed");
        }
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
