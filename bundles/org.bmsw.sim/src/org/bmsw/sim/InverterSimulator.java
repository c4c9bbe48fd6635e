package org.bmsw.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.rs485.PylonRs485;
import org.bmsw.sim.internal.CanFrames;
import org.bmsw.sim.internal.PylonResponder;
import org.bmsw.transport.RecordListener;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransportException;

/**
 * A simulated inverter on a transport the caller opened: decodes what the battery says with the protocol bundle's
 * decoder ({@link #state()}), and every second sends what an inverter sends: Pylon CAN the 0x305 keep-alive, SMA
 * CAN the Sunny Island's 0x305-0x307; on RS485 it polls the master battery (ADR 2): 0x42 with INFO {@code FF}
 * (every module), 0x44 and 0x92, each waiting for the answer as an RS485 master must. Before it sends it asks
 * {@link TransmitInterlock}: a port that may reach real equipment needs the user's acknowledgement naming it.
 */
public final class InverterSimulator implements AutoCloseable {

    /** VER of the requests: 2.0, as Pylontech batteries answer. */
    public static final int VER = 0x20;
    private static final long CYCLE_NS = 1_000_000_000L;
    /** How the interlock's refusal names this sender. */
    static final String ACTION = "a simulated inverter";

    private final SimProtocol protocol;
    private final Transport transport;
    private final SimClock clock;
    private final Decoder decoder;
    private final CanFrames canFrames;
    private final RecordListener listener = this::received;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final Object lock = new Object();
    private long messagesDecoded;
    private long responseTimeoutMs = 1000;
    private long nextCycleNs;

    public InverterSimulator(SimProtocol protocol, Transport transport, SimClock clock) {
        this.protocol = protocol;
        this.transport = transport;
        this.clock = clock;
        this.decoder = DecoderRegistry.getDefault().create(protocol.id());
        this.canFrames = protocol.isCan() ? new CanFrames(protocol.id()) : null;
        transport.addRecordListener(listener);
    }

    /** How long an RS485 poll waits for the battery's answer (real time); 1 s by default. */
    public InverterSimulator responseTimeout(Duration timeout) {
        responseTimeoutMs = timeout.toMillis();
        return this;
    }

    /** Sends what is due at the clock's time: keep-alives on CAN, one round of polls on RS485. */
    public void tick() throws TransportException, InterruptedException {
        TransmitInterlock.check(transport, ACTION);
        long now = clock.nanos();
        if (now - nextCycleNs > 3 * CYCLE_NS) {
            nextCycleNs = now - now % CYCLE_NS;
        }
        while (nextCycleNs <= now) {
            if (protocol.isCan()) {
                for (TraceRecord frame : canFrames.inverterFrames(state(), transport.channel(), nextCycleNs)) {
                    transport.send(frame);
                    framesSent.incrementAndGet();
                }
            } else {
                poll();
            }
            nextCycleNs += CYCLE_NS;
        }
    }

    /**
     * One round of RS485 polls: 0x42 (INFO FF), 0x44 and 0x92 to ADR 2, each followed by up to the response
     * timeout of waiting for the answer.
     *
     * @return the number of polls answered
     */
    public int poll() throws TransportException, InterruptedException {
        TransmitInterlock.check(transport, ACTION);
        int answered = 0;
        for (int[] poll : List.of(new int[] { PylonRs485.ANALOG_VALUES, PylonResponder.ALL_MODULES },
                new int[] { PylonRs485.ALARM_INFO, PylonResponder.FIRST_ADDRESS },
                new int[] { PylonRs485.CHARGE_DISCHARGE_INFO, PylonResponder.FIRST_ADDRESS })) {
            String request = PylonRs485.frame(VER, PylonResponder.FIRST_ADDRESS, PylonRs485.CID1_BATTERY, poll[0],
                    new byte[] { (byte) poll[1] });
            TraceRecord record = TraceRecord.serial(clock.nanos(), transport.channel(), true,
                    request.getBytes(StandardCharsets.US_ASCII));
            long before;
            synchronized (lock) {
                decoder.decode(record, message -> { }); // our own request, so the answer is read as its response
                before = messagesDecoded;
            }
            transport.send(record);
            framesSent.incrementAndGet();
            if (awaitMessages(before + 1, Duration.ofMillis(responseTimeoutMs))) {
                answered++;
            }
        }
        return answered;
    }

    /** Ticks until {@code duration} of clock time has passed (null: until stopped) or {@code stop} says so. */
    public void run(Duration duration, BooleanSupplier stop) throws TransportException, InterruptedException {
        long endNs = duration == null ? Long.MAX_VALUE : clock.nanos() + duration.toNanos();
        while (!stop.getAsBoolean() && clock.nanos() < endNs) {
            tick();
            clock.sleepUntil(Math.min(endNs, nextCycleNs));
        }
    }

    /** What the battery has told this inverter so far, decoded by {@code DecoderRegistry.getDefault().create(protocol)}. */
    public BatteryState state() {
        synchronized (lock) {
            return decoder.state();
        }
    }

    /** Messages decoded from the battery's frames so far. */
    public long messagesDecoded() {
        synchronized (lock) {
            return messagesDecoded;
        }
    }

    /** Waits (real time) until {@code count} messages were decoded; false after {@code timeout}. */
    public boolean awaitMessages(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (messagesDecoded < count) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    return false;
                }
                lock.wait(Math.min(leftMs, 50));
            }
            return true;
        }
    }

    public SimStatus status() {
        return new SimStatus(framesSent.get(), framesReceived.get(), clock.nanos() / 1e9, state(), false,
                "decoding " + protocol.id());
    }

    /** Stops decoding; the transport stays open (its owner closes it). */
    @Override
    public void close() {
        transport.removeRecordListener(listener);
    }

    /** On the transport's reader thread. */
    private void received(TraceRecord record) {
        framesReceived.incrementAndGet();
        synchronized (lock) {
            decoder.decode(record, this::decoded);
            lock.notifyAll();
        }
    }

    private void decoded(DecodedMessage message) {
        messagesDecoded++;
    }
}
