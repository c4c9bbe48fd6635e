package org.bmsw.ui.internal.trace;

import java.util.function.LongUnaryOperator;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.store.TraceStore;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

/**
 * Plays rows of the open trace onto a bus with their timing scaled by a speed, as {@code bmsw play} does: the
 * destination opened for transmitting, every frame through the transmit interlock (the caller has asked the
 * checklist first). Frames of the other bus kind and error frames are skipped. Cancel stops between frames.
 */
final class TracePlayJob extends Job {

    private static final String PLUGIN = "org.bmsw.ui";

    private final TransportRegistry registry;
    private final String uri;
    private final TraceStore store;
    private final long count;
    private final LongUnaryOperator storeRow;
    private final double speed;
    private volatile Transmitter transmitter;
    private volatile String outcome = "";

    /**
     * @param storeRow the store row of the {@code i}-th row to play, for {@code i} in {@code [0, count)}
     */
    TracePlayJob(TransportRegistry registry, String uri, TraceStore store, long count, LongUnaryOperator storeRow,
            double speed) {
        super("Playing " + count + " rows onto " + uri);
        this.registry = registry;
        this.uri = Transmitter.transmitUri(uri);
        this.store = store;
        this.count = count;
        this.storeRow = storeRow;
        this.speed = speed;
        setUser(true);
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        monitor.beginTask(getName(), (int) Math.min(count, Integer.MAX_VALUE));
        try (Transport transport = registry.create(uri)) {
            transport.open();
            BusKind bus = registry.bus(uri);
            Transmitter playing = new Transmitter(transport, Transmitter.PLAY_ACTION);
            transmitter = playing;
            Transmitter.Player player = playing.player(speed);
            long skipped = 0;
            for (long i = 0; i < count && !monitor.isCanceled(); i++) {
                TraceRecord record = store.record(storeRow.applyAsLong(i));
                if (record.bus() != bus || record.isError()) {
                    skipped++;
                } else if (!player.play(record)) {
                    break;
                }
                monitor.worked(1);
            }
            outcome = "Played " + playing.sent() + " frames onto " + uri
                    + (skipped > 0 ? "; skipped " + skipped + " of another bus or error frames" : "")
                    + (monitor.isCanceled() || playing.stopped() ? " (stopped)" : "");
            return Status.OK_STATUS;
        } catch (TransportException e) {
            outcome = "Play onto " + uri + " failed: " + e.getMessage();
            return new Status(IStatus.ERROR, PLUGIN, outcome, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = "Play onto " + uri + " interrupted";
            return Status.CANCEL_STATUS;
        } finally {
            monitor.done();
        }
    }

    @Override
    protected void canceling() {
        Transmitter playing = transmitter;
        if (playing != null) {
            playing.stop(); // ends the wait for the next frame's time at once
        }
    }

    /** What the play did, for the status line: frames sent, skipped, stopped or the failure. */
    String outcome() {
        return outcome;
    }

    /** Frames sent so far. */
    long sent() {
        Transmitter playing = transmitter;
        return playing == null ? 0 : playing.sent();
    }
}
