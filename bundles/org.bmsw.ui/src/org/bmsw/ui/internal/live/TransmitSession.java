package org.bmsw.ui.internal.live;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;

/**
 * What the Transmit view sends with: one port opened for transmitting ({@code slcan:} in normal mode), one thread
 * that sends every frame (one-shot or periodic) through a {@link Transmitter}, which asks the transmit interlock
 * before each. Plain Java, no SWT: the view calls it after its checklist.
 */
final class TransmitSession implements AutoCloseable {

    private final Transport transport;
    private final Transmitter transmitter;
    private final ScheduledExecutorService sender;
    private final List<ScheduledFuture<?>> periodic = new ArrayList<>();
    private final Consumer<String> problems;

    /**
     * Opens {@code uri} for transmitting.
     *
     * @param problems told (on the sending thread) when a send fails, with the reason; sending goes on
     */
    TransmitSession(TransportRegistry registry, String uri, Consumer<String> problems) throws TransportException {
        this.problems = problems;
        transport = registry.create(Transmitter.transmitUri(uri));
        try {
            transport.open();
        } catch (TransportException e) {
            transport.close();
            throw e;
        }
        transmitter = new Transmitter(transport, Transmitter.SEND_ACTION);
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "transmit to " + uri);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The URI opened (with {@code listenOnly=false} for an SLCAN adapter). */
    String uri() {
        return transport.uri();
    }

    /** Sends each record once, in order, on the sending thread. */
    void sendOnce(List<TraceRecord> records) {
        sender.execute(() -> records.forEach(this::send));
    }

    /** Sends each entry with a period every period, until {@link #stopPeriodic}; entries without one are skipped. */
    synchronized void startPeriodic(List<TransmitFrames.Entry> entries) {
        stopPeriodic();
        for (TransmitFrames.Entry entry : entries) {
            if (entry.periodMs() > 0) {
                TraceRecord record = entry.record();
                periodic.add(sender.scheduleAtFixedRate(() -> send(record), 0, entry.periodMs(),
                        TimeUnit.MILLISECONDS));
            }
        }
    }

    synchronized boolean isPeriodic() {
        return !periodic.isEmpty();
    }

    synchronized void stopPeriodic() {
        periodic.forEach(future -> future.cancel(false));
        periodic.clear();
    }

    /** Frames sent so far. */
    long sent() {
        return transmitter.sent();
    }

    private void send(TraceRecord record) {
        try {
            transmitter.send(record);
        } catch (TransportException | RuntimeException e) {
            problems.accept(e.getMessage());
        }
    }

    @Override
    public void close() {
        stopPeriodic();
        transmitter.stop();
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
    }
}
