package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bmsw.sim.BmsSimulator;
import org.bmsw.sim.InverterSimulator;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimClock;
import org.bmsw.sim.SimProtocol;
import org.bmsw.sim.SimStatus;
import org.bmsw.sim.SimTransports;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw simulate bms|inverter}: plays a battery (from a scenario) or an inverter (decoding the battery) on a
 * live source, with a status line on a terminal, until the duration is up, the scenario ends, or Ctrl-C. Both
 * transmit, so a port that may reach real equipment needs {@code --transmit-to PORT} ({@link TransmitInterlock}).
 */
@Command(name = "simulate", description = "play a battery (BMS) or an inverter on a live source: Pylon CAN, SMA CAN, Pylon RS485",
        footer = { "bms sends the battery's frames every second (CAN) or answers the inverter's polls (RS485) with the",
                "state of the scenario FILE (format: the org.bmsw.sim README); without one, a half-charged 48 V pack.",
                "inverter sends the inverter's frames (0x305 keep-alive; SMA 0x305-0x307) or polls the battery",
                "(0x42 FF, 0x44, 0x92 to ADR 2), and shows what it decoded.",
                "Example: socat pty,raw,echo=0,link=/tmp/a pty,raw,echo=0,link=/tmp/b &",
                "         bmsw simulate bms --protocol pylon-can --source slcan-adapter:/tmp/b &",
                "         bmsw simulate inverter --protocol pylon-can --source 'slcan:/tmp/a?bitrate=500000&listenOnly=false'",
                "On a port that may reach real equipment (not a pty, loopback, vcan or sim:) both need --transmit-to PORT",
                "naming the source's port; for a battery, disconnect the inverter's loads and the real battery first." })
final class SimulateCommand extends BmswCommand {

    static final String ACKNOWLEDGE = "--i-have-disconnected-loads";

    /** What to play. */
    enum Role {
        bms, inverter
    }

    /** The protocols a simulator speaks, for help and completion. */
    static final class SimProtocols implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("pylon-can", "sma-can", "pylon-rs485").iterator();
        }
    }

    @Parameters(index = "0", paramLabel = "ROLE", description = "${COMPLETION-CANDIDATES}")
    Role role;

    @Option(names = "--protocol", paramLabel = "ID", required = true, completionCandidates = SimProtocols.class,
            description = "${COMPLETION-CANDIDATES}")
    String protocolId;

    @Mixin
    SharedOptions.LiveSource source = new SharedOptions.LiveSource();

    @Option(names = "--scenario", paramLabel = "FILE", description = "the battery's scenario (bms only)")
    String scenarioFile;

    @Option(names = ACKNOWLEDGE, hidden = true, description = "deprecated: --transmit-to PORT, which names the port")
    boolean acknowledged;

    private Double durationS;

    /** True to redraw one status line in place every second. */
    private final boolean terminal;

    SimulateCommand(Bmsw.Invocation invocation) {
        super(invocation);
        terminal = invocation.services().terminal();
    }

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds (above 0); "
            + "default: the scenario's end, else Ctrl-C")
    void duration(String value) {
        if (value != null) {
            durationS = SharedOptions.positiveSeconds(spec, "--duration", value);
        }
    }

    @Override
    public Integer call() {
        String port = source.uri(err);
        SimProtocol protocol;
        try {
            protocol = SimProtocol.byId(protocolId);
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
        boolean battery = role == Role.bms;
        if (!battery && scenarioFile != null) {
            throw usageError("--scenario is for bms; the inverter decodes what the battery sends");
        }
        Scenario scenario = Scenario.constant();
        if (scenarioFile != null) {
            try {
                scenario = Scenario.load(Path.of(scenarioFile));
            } catch (NoSuchFileException e) {
                err.println("bmsw simulate: " + scenarioFile + ": no such file");
                return Bmsw.EXIT_FAILED;
            } catch (IOException e) {
                err.println("bmsw simulate: " + scenarioFile + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            } catch (IllegalArgumentException e) {
                err.println("bmsw simulate: " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
        if (durationS == null && scenario.endS().isPresent()) {
            durationS = scenario.endS().getAsDouble();
        }
        TransportRegistry registry = TransportRegistry.getDefault();
        TransmitInterlock.Acknowledgement acknowledgement = source.acknowledgement(port);
        if (acknowledgement == null && acknowledged) {
            String named = TransmitInterlock.portOf(port);
            err.println("bmsw simulate: " + ACKNOWLEDGE + " is deprecated; use --transmit-to " + named
                    + ", which names the port");
            acknowledgement = source.acknowledge(port, named, "--transmit-to");
        }
        try (TransmitInterlock.Acknowledgement held = acknowledgement) {
            // the same check the simulator makes before each transmission, before anything is opened
            TransmitInterlock.check(registry, port, battery ? "a simulated battery" : "a simulated inverter");
            return simulate(battery, protocol, registry, port, scenario, durationS, out, err);
        } catch (TransmitRefusedException e) {
            err.println("bmsw simulate: " + e.getMessage()
                    + (battery ? ". A simulated battery can make a real inverter charge or discharge: disconnect the "
                            + "loads and the real battery first." : "."));
            return Bmsw.EXIT_FAILED;
        } catch (TransportException e) {
            err.println("bmsw simulate: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
    }

    private int simulate(boolean battery, SimProtocol protocol, TransportRegistry registry, String port,
            Scenario scenario, Double durationS, PrintStream out, PrintStream err) {
        SimClock clock = SimClock.system();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        // Ctrl-C: stop the loop and let it close the port, so an adapter is left closed ("C") and the pty drained
        Thread hook = new Thread(() -> {
            caller.interrupt();
            try {
                done.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bmsw simulate shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Transport transport = registry.create(port)) {
            transport.open();
            out.println((battery ? "Battery (BMS)" : "Inverter") + " speaking " + protocol.id() + " on " + port
                    + (battery ? ", scenario " + scenario.source() : "") + (durationS == null ? ", Ctrl-C stops"
                            : ", for " + durationS + " s"));
            BmsSimulator bms = battery ? new BmsSimulator(protocol, transport, scenario, clock) : null;
            InverterSimulator inverter = battery ? null : new InverterSimulator(protocol, transport, clock);
            long endNs = durationS == null ? Long.MAX_VALUE : Math.round(durationS * 1e9);
            SimStatus status = battery ? bms.status() : inverter.status();
            try {
                while (clock.nanos() < endNs && !Thread.currentThread().isInterrupted()) {
                    Duration slice = Duration.ofNanos(Math.min(1_000_000_000L, endNs - clock.nanos()));
                    if (battery) {
                        bms.run(slice, () -> Thread.currentThread().isInterrupted());
                    } else {
                        inverter.run(slice, () -> Thread.currentThread().isInterrupted());
                    }
                    if (transport.state() == TransportState.LOST) {
                        throw new TransportException(port + ": source lost (the other end closed or the adapter was "
                                + "unplugged)");
                    }
                    status = battery ? bms.status() : inverter.status();
                    if (terminal) {
                        out.print("\r" + status.line() + "\033[K");
                        out.flush();
                    }
                }
            } catch (InterruptedException e) {
                // Ctrl-C: fall through to the summary and close the port
            } finally {
                if (bms != null) {
                    bms.close();
                }
                if (inverter != null) {
                    inverter.close();
                }
            }
            status = battery ? bms.status() : inverter.status();
            if (terminal) {
                out.println();
            }
            out.println(status.line());
            if (!battery) {
                out.println("Decoded: " + status.state().toCanonicalMap());
            }
            Set<String> unsupported = battery ? bms.unsupportedAlarms() : Set.of();
            if (!unsupported.isEmpty()) {
                err.println("bmsw simulate: note: " + protocol.id() + " has no bit for " + String.join(", ",
                        new ArrayList<>(unsupported)) + "; the inverter did not see them");
            }
            return Bmsw.EXIT_OK;
        } catch (TransportException e) {
            if (terminal) {
                out.println();
            }
            err.println("bmsw simulate: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } finally {
            Thread.interrupted(); // a Ctrl-C that arrived while closing
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for done
            }
        }
    }
}
