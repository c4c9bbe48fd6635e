package org.bmsw.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.rs485.PylonFrame;
import org.bmsw.protocol.rs485.PylonFramer;
import org.bmsw.sim.internal.CanFrames;
import org.bmsw.sim.internal.PylonResponder;
import org.bmsw.transport.RecordListener;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransportException;

/**
 * A simulated battery (BMS) on a transport the caller opened. On CAN it sends its cycle every second (Pylon: 0x351
 * 0x355 0x356 0x359 0x35C 0x35E; SMA: 0x351 0x355 0x356 0x35A 0x35E 0x35F), encoded with the protocol bundle's DBC
 * definitions; on RS485 it answers the inverter's polls as they arrive. What it says comes from a {@link Scenario}
 * read at the {@link SimClock}'s time; during a scenario's silence it sends and answers nothing.
 * <p>
 * Before it sends or answers it asks {@link TransmitInterlock}: toward a port that may reach real equipment it
 * transmits only when the user acknowledged that port by name (a simulated battery can make a real inverter charge
 * or discharge). {@link #tick()} and {@link #run} are called from one thread; RS485 answers go out on the
 * transport's reader thread.
 */
public final class BmsSimulator implements AutoCloseable {

    /** Pylon and SMA batteries send every second (protocols.md 2 and 3). */
    public static final long CYCLE_NS = 1_000_000_000L;
    /** How the interlock's refusal names this sender. */
    static final String ACTION = "a simulated battery";

    private final SimProtocol protocol;
    private final Transport transport;
    private final Scenario scenario;
    /** When set, what the battery reports comes from the plant (its current the one the inverter drives). */
    private final Plant plant;
    private final SimClock clock;
    private final CanFrames canFrames;
    private final PylonResponder responder;
    private final PylonFramer framer = new PylonFramer();
    private final RecordListener listener = this::received;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private long nextCycleNs;
    private volatile TransportException answerFailure;

    public BmsSimulator(SimProtocol protocol, Transport transport, Scenario scenario, SimClock clock) {
        this(protocol, transport, scenario, null, clock);
    }

    /**
     * A battery on a {@link Plant}: it reports what the plant's battery measures, the current being the one the
     * plant's inverter drives, so a simulated inverter (a Modbus device on the same plant) and this battery agree.
     */
    public BmsSimulator(SimProtocol protocol, Transport transport, Plant plant, SimClock clock) {
        this(protocol, transport, plant.scenario(), plant, clock);
    }

    private BmsSimulator(SimProtocol protocol, Transport transport, Scenario scenario, Plant plant, SimClock clock) {
        this.protocol = protocol;
        this.transport = transport;
        this.scenario = scenario;
        this.plant = plant;
        this.clock = clock;
        this.canFrames = protocol.isCan() ? new CanFrames(protocol.id()) : null;
        this.responder = protocol.isCan() ? null : new PylonResponder();
        transport.addRecordListener(listener);
    }

    public SimProtocol protocol() {
        return protocol;
    }

    /**
     * Sends the CAN cycles that are due at the clock's time (none during a silence; none for RS485, which only
     * answers).
     *
     * @throws TransportException naming the port when a write fails, or when an RS485 answer failed since the last
     *         tick
     */
    public void tick() throws TransportException {
        TransportException failure = answerFailure;
        if (failure != null) {
            answerFailure = null;
            throw failure;
        }
        if (!protocol.isCan()) {
            return;
        }
        TransmitInterlock.check(transport, ACTION);
        long now = clock.nanos();
        if (now - nextCycleNs > 3 * CYCLE_NS) {
            nextCycleNs = now - now % CYCLE_NS; // fell far behind (suspended machine): no burst of old cycles
        }
        while (nextCycleNs <= now) {
            BatteryState state;
            boolean silent;
            if (plant != null) {
                Plant.Snapshot moment = plant.step(nextCycleNs / 1e9);
                state = moment.battery();
                silent = moment.batterySilent();
            } else {
                Scenario.Snapshot snapshot = scenario.at(nextCycleNs / 1e9);
                state = snapshot.state();
                silent = snapshot.silent();
            }
            if (!silent) {
                for (TraceRecord frame : canFrames.batteryFrames(state, transport.channel(), nextCycleNs)) {
                    transport.send(frame);
                    framesSent.incrementAndGet();
                }
            }
            nextCycleNs += CYCLE_NS;
        }
    }

    /**
     * Ticks until {@code duration} of clock time has passed (cycles at 0, 1, ... duration - 1 s; null: until
     * stopped) or {@code stop} says so; with a {@link ManualClock} this runs as fast as the port takes the frames.
     */
    public void run(Duration duration, BooleanSupplier stop) throws TransportException, InterruptedException {
        long endNs = duration == null ? Long.MAX_VALUE : clock.nanos() + duration.toNanos();
        while (!stop.getAsBoolean() && clock.nanos() < endNs) {
            tick();
            clock.sleepUntil(Math.min(endNs, protocol.isCan() ? nextCycleNs : clock.nanos() + CYCLE_NS / 10));
        }
    }

    /** Frames sent, the scenario's state and step at the clock's time. */
    public SimStatus status() {
        double seconds = clock.nanos() / 1e9;
        Scenario.Snapshot snapshot = scenario.at(seconds);
        return new SimStatus(framesSent.get(), framesReceived.get(), seconds, snapshot.state(), snapshot.silent(),
                snapshot.step());
    }

    /** Alarms the scenario raised that this protocol cannot carry, e.g. {@code contactor/protection (pylon-can)}. */
    public Set<String> unsupportedAlarms() {
        return new LinkedHashSet<>(protocol.isCan() ? canFrames.unsupportedAlarms() : responder.unsupportedAlarms());
    }

    /** Stops answering; the transport stays open (its owner closes it). */
    @Override
    public void close() {
        transport.removeRecordListener(listener);
    }

    /** On the transport's reader thread. */
    private void received(TraceRecord record) {
        if (record.bus() == BusKind.CAN) {
            framesReceived.incrementAndGet(); // the inverter's 0x305 & co.
            return;
        }
        if (responder == null) {
            return;
        }
        byte[] bytes = record.payload();
        synchronized (framer) {
            framer.feed(bytes, 0, bytes.length, this::answer);
        }
    }

    private void answer(PylonFrame request) {
        if (request.isResponse()) {
            return; // another battery's answer, or an echo of ours on a 2-wire adapter
        }
        framesReceived.incrementAndGet();
        Scenario.Snapshot snapshot = scenario.at(clock.nanos() / 1e9);
        if (snapshot.silent()) {
            return;
        }
        String response = responder.respond(request, snapshot.state());
        if (response == null) {
            return;
        }
        try {
            TransmitInterlock.check(transport, ACTION);
            transport.send(TraceRecord.serial(clock.nanos(), transport.channel(), true,
                    response.getBytes(StandardCharsets.US_ASCII)));
            framesSent.incrementAndGet();
        } catch (TransportException e) {
            answerFailure = e;
        }
    }
}
