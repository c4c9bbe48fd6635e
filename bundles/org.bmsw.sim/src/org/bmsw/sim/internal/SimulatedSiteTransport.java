package org.bmsw.sim.internal;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.sim.BmsSimulator;
import org.bmsw.sim.InverterSimulator;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimClock;
import org.bmsw.sim.SimProtocol;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;

/**
 * {@code sim:battery?protocol=pylon-can}: a simulated battery and a simulated inverter talking on a bus inside this
 * process, heard the way an adapter on that bus would hear them. It needs no port and no pty, which makes it the
 * workbench's source when no hardware is plugged in. Records are stamped with the wall clock on arrival, like an
 * adapter's; both sides' traffic is received (the inverter's CAN keep-alives, its RS485 polls and the battery's
 * answers).
 */
final class SimulatedSiteTransport extends AbstractTransport {

    private static final TraceRecord STOP = TraceRecord.can(0, "stop", 0);

    private final SimProtocol protocol;
    private final Scenario scenario;
    private final BlockingQueue<Sent> wire = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    private record Sent(BusEnd from, TraceRecord record) {
    }

    SimulatedSiteTransport(String uri, String channel, SimProtocol protocol, Scenario scenario) {
        super(uri, channel);
        this.protocol = protocol;
        this.scenario = scenario;
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        changeState(TransportState.OPENING, "starting the simulated " + protocol.id() + " battery and inverter");
        stopping = false;
        wire.clear();
        SimClock clock = SimClock.system();
        BusEnd batteryEnd = new BusEnd(uri() + "#battery", channel());
        BusEnd inverterEnd = new BusEnd(uri() + "#inverter", channel());
        BmsSimulator battery = new BmsSimulator(protocol, batteryEnd, scenario, clock);
        InverterSimulator inverter = new InverterSimulator(protocol, inverterEnd, clock);
        threads.clear();
        Thread bus = new Thread(() -> carry(List.of(batteryEnd, inverterEnd)), "sim bus " + uri());
        bus.setDaemon(true); // a simulation left open must not keep the JVM alive
        threads.add(bus);
        threads.add(simulatorThread("sim battery " + uri(), () -> battery.run(null, () -> stopping)));
        threads.add(simulatorThread("sim inverter " + uri(), () -> inverter.run(null, () -> stopping)));
        batteryEnd.up();
        inverterEnd.up();
        changeState(TransportState.OPEN, "simulated " + protocol.id() + " battery and inverter running");
        threads.forEach(Thread::start);
    }

    @FunctionalInterface
    private interface SimulatorRun {
        void run() throws TransportException, InterruptedException;
    }

    private Thread simulatorThread(String name, SimulatorRun run) {
        Thread thread = new Thread(() -> {
            try {
                run.run();
            } catch (InterruptedException e) {
                // closing
            } catch (TransportException e) {
                if (!stopping) {
                    changeState(TransportState.LOST, e.getMessage());
                }
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The wire: hands each record sent to the other end and to this transport's listeners, in order. */
    private void carry(List<BusEnd> ends) {
        try {
            while (true) {
                Sent sent = wire.take();
                if (sent.record == STOP) {
                    return;
                }
                TraceRecord record = sent.record;
                TraceRecord heard = new TraceRecord(now(), channel(), record.bus(), record.identifier(),
                        record.flags() & ~FrameFlags.TX, record.payload());
                bytesReceived.addAndGet(record.length());
                deliver(heard);
                for (BusEnd end : ends) {
                    if (end != sent.from) {
                        end.receive(heard);
                    }
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    @Override
    public void close() {
        Thread bus;
        synchronized (this) {
            if (state() == TransportState.CLOSED) {
                return;
            }
            stopping = true;
            bus = threads.isEmpty() ? null : threads.get(0);
        }
        for (Thread thread : threads) {
            if (thread != bus) {
                thread.interrupt();
                join(thread);
            }
        }
        wire.add(new Sent(null, STOP)); // the bus delivers what was sent before it stops
        if (bus != null) {
            join(bus);
        }
        changeState(TransportState.CLOSED, "simulation stopped");
    }

    private static void join(Thread thread) {
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A bus inside this process: nothing it carries reaches equipment. */
    @Override
    public EndpointKind endpointKind() {
        return EndpointKind.VIRTUAL;
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        throw new TransportException(uri() + ": the simulated site only listens; simulate a device with "
                + "bmsw simulate on a pty pair to talk to it");
    }

    /** One device's connection to the in-process bus. */
    private final class BusEnd extends AbstractTransport {

        BusEnd(String uri, String channel) {
            super(uri, channel);
        }

        void up() {
            changeState(TransportState.OPEN, "on the simulated bus");
        }

        void receive(TraceRecord record) {
            deliver(record);
        }

        @Override
        public void open() {
            up();
        }

        @Override
        public void close() {
            changeState(TransportState.CLOSED, "off the simulated bus");
        }

        @Override
        public EndpointKind endpointKind() {
            return EndpointKind.VIRTUAL;
        }

        @Override
        public void send(TraceRecord record) throws TransportException {
            requireOpen();
            requireTransmitAllowed("sending on the simulated bus");
            recordsSent.incrementAndGet();
            wire.add(new Sent(this, record));
        }
    }
}
