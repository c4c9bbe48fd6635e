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
import org.bmsw.sim.UnsafeTargetException;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;

/**
 * {@code bmsw simulate bms|inverter}: plays a battery (from a scenario) or an inverter (decoding the battery) on a
 * port, with a status line on a terminal, until the duration is up, the scenario ends, or Ctrl-C. A simulated
 * battery refuses a real port unless the user says the loads are disconnected.
 */
final class SimulateCommand implements Command {

    static final String ACKNOWLEDGE = "--i-have-disconnected-loads";

    private final boolean terminal;

    SimulateCommand() {
        this(System.console() != null);
    }

    /** @param terminal true to redraw one status line in place every second */
    SimulateCommand(boolean terminal) {
        this.terminal = terminal;
    }

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "play a battery (BMS) or an inverter on a port: Pylon CAN, SMA CAN, Pylon RS485";
    }

    @Override
    public String usage() {
        return "Usage: bmsw simulate bms|inverter --protocol pylon-can|sma-can|pylon-rs485 --port URI\n"
                + "                     [--scenario FILE] [--duration S] [" + ACKNOWLEDGE + "]\n\n"
                + "bms sends the battery's frames every second (CAN) or answers the inverter's polls (RS485) with the\n"
                + "state of the scenario FILE (format: the org.bmsw.sim README); without one, a half-charged 48 V pack.\n"
                + "inverter sends the inverter's frames (0x305 keep-alive; SMA 0x305-0x307) or polls the battery\n"
                + "(0x42 FF, 0x44, 0x92 to ADR 2), and shows what it decoded.\n"
                + "  --port URI      serial:PORT (RS485), slcan:PORT?bitrate=500000 (a CAN adapter), or\n"
                + "                  slcan-adapter:PORT to play the adapter on one end of a pty pair\n"
                + "  --duration S    stop after S seconds (default: the scenario's end, else Ctrl-C)\n"
                + "  " + ACKNOWLEDGE + "\n"
                + "                  needed for a battery on a real port (not a pty or loopback): a simulated battery\n"
                + "                  can make a real inverter charge or discharge. Disconnect the loads first.\n"
                + "Example: socat pty,raw,echo=0,link=/tmp/a pty,raw,echo=0,link=/tmp/b &\n"
                + "         bmsw simulate bms --protocol pylon-can --port slcan-adapter:/tmp/b &\n"
                + "         bmsw simulate inverter --protocol pylon-can --port slcan:/tmp/a?bitrate=500000";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String role = null;
        String protocolId = null;
        String port = null;
        String scenarioFile = null;
        Double durationS = null;
        boolean acknowledged = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
            case ACKNOWLEDGE -> acknowledged = true;
            case "--protocol", "--port", "--scenario", "--duration" -> {
                if (i + 1 >= args.size()) {
                    return usageError(err, arg + " needs a value");
                }
                String value = args.get(++i);
                switch (arg) {
                case "--protocol" -> protocolId = value;
                case "--port" -> port = value;
                case "--scenario" -> scenarioFile = value;
                default -> {
                    try {
                        durationS = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        durationS = -1.0;
                    }
                    if (!(durationS > 0) || durationS.isInfinite()) {
                        return usageError(err, "--duration takes seconds above 0, not '" + value + "'");
                    }
                }
                }
            }
            default -> {
                if (role == null && (arg.equals("bms") || arg.equals("inverter"))) {
                    role = arg;
                } else {
                    return usageError(err, "unknown argument '" + arg + "'");
                }
            }
            }
        }
        if (role == null) {
            return usageError(err, "say what to simulate: bms or inverter");
        }
        if (protocolId == null || port == null) {
            return usageError(err, "--protocol and --port are required");
        }
        SimProtocol protocol;
        try {
            protocol = SimProtocol.byId(protocolId);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        boolean battery = role.equals("bms");
        if (!battery && scenarioFile != null) {
            return usageError(err, "--scenario is for bms; the inverter decodes what the battery sends");
        }
        Scenario scenario = Scenario.constant();
        if (scenarioFile != null) {
            try {
                scenario = Scenario.load(Path.of(scenarioFile));
            } catch (NoSuchFileException e) {
                err.println("bmsw simulate: " + scenarioFile + ": no such file");
                return CommandLine.EXIT_FAILED;
            } catch (IOException e) {
                err.println("bmsw simulate: " + scenarioFile + ": " + e.getMessage());
                return CommandLine.EXIT_FAILED;
            } catch (IllegalArgumentException e) {
                err.println("bmsw simulate: " + e.getMessage());
                return CommandLine.EXIT_FAILED;
            }
        }
        if (durationS == null && scenario.endS().isPresent()) {
            durationS = scenario.endS().getAsDouble();
        }
        TransportRegistry registry = TransportRegistry.getDefault();
        try {
            if (battery) {
                SimTransports.checkBatteryTarget(registry, port, acknowledged);
            }
        } catch (UnsafeTargetException e) {
            err.println("bmsw simulate: refused. " + e.getMessage() + " with " + ACKNOWLEDGE + ".");
            return CommandLine.EXIT_FAILED;
        } catch (TransportException e) {
            err.println("bmsw simulate: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        }
        return simulate(battery, protocol, registry, port, scenario, durationS, out, err);
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
                        throw new TransportException(port + ": port lost (the other end closed or the adapter was "
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
            return CommandLine.EXIT_OK;
        } catch (TransportException e) {
            if (terminal) {
                out.println();
            }
            err.println("bmsw simulate: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
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

    private int usageError(PrintStream err, String message) {
        err.println("bmsw simulate: " + message + "\n" + usage());
        return CommandLine.EXIT_USAGE;
    }
}
