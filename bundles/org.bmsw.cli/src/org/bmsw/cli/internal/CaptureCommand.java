package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.Protocols;
import org.bmsw.sim.SimTransports;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;

/**
 * {@code bmsw capture}: records a live port into the trace store as the frames arrive, with a status line. The
 * store is flushed every {@value #FLUSH_MS} ms, so a killed capture reopens with every complete frame; a port that
 * goes away is reported and reopened when it comes back, and nothing received before is lost.
 */
final class CaptureCommand implements Command {

    static final int FLUSH_MS = 200;
    private static final int REOPEN_MS = 1000;

    @Override
    public String name() {
        return "capture";
    }

    @Override
    public String summary() {
        return "record a live port into the trace store, with a live status line";
    }

    @Override
    public String usage() {
        return "Usage: bmsw capture --port URI --out FILE [--duration S] [--protocol ID]\n\n"
                + "Records everything the port receives into the trace store FILE (open it with bmsw info, decode,\n"
                + "state or convert) until --duration seconds have passed or Ctrl-C. A status line shows frames,\n"
                + "rate, errors and the decoded SOC, voltage and current (--protocol, default auto).\n"
                + "  --port URI   e.g. slcan:/dev/ttyACM0?bitrate=500000, serial:/dev/ttyUSB0?baud=115200\n"
                + "Example: bmsw capture --port slcan:/dev/ttyACM0?bitrate=500000 --out site.bmst --duration 600";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        String port = null;
        Path file = null;
        Duration duration = null;
        String protocol = Protocols.AUTO;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!List.of("--port", "--out", "--duration", "--protocol").contains(arg) || i + 1 >= args.size()) {
                err.println("bmsw capture: " + (i + 1 >= args.size() && arg.startsWith("--") ? arg + " needs a value"
                        : "unknown option '" + arg + "'") + "\n" + usage());
                return CommandLine.EXIT_USAGE;
            }
            String value = args.get(++i);
            switch (arg) {
            case "--port" -> port = value;
            case "--out" -> file = Path.of(value);
            case "--protocol" -> protocol = value;
            default -> {
                try {
                    duration = Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
                } catch (NumberFormatException e) {
                    err.println("bmsw capture: --duration '" + value + "' is not a number of seconds");
                    return CommandLine.EXIT_USAGE;
                }
            }
            }
        }
        if (port == null || file == null) {
            err.println("bmsw capture: --port and --out are required\n" + usage());
            return CommandLine.EXIT_USAGE;
        }
        Decoder decoder;
        try {
            decoder = Protocols.create(protocol);
        } catch (IllegalArgumentException e) {
            err.println("bmsw capture: " + e.getMessage());
            return CommandLine.EXIT_USAGE;
        }
        TransportRegistry registry = SimTransports.registry();
        try (Transport transport = registry.create(port);
                TraceStoreWriter store = TraceStoreWriter.create(file, System.currentTimeMillis() * 1_000_000L, "",
                        List.of())) {
            return capture(transport, store, decoder, file, duration, out, err);
        } catch (TransportException e) {
            err.println("bmsw capture: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        } catch (IOException e) {
            err.println("bmsw capture: " + file + ": " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        }
    }

    private static int capture(Transport transport, TraceStoreWriter store, Decoder decoder, Path file,
            Duration duration, PrintStream out, PrintStream err) throws TransportException, IOException {
        Object lock = new Object();
        AtomicLong frames = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        transport.addRecordListener(record -> {
            synchronized (lock) {
                try {
                    store.append(record);
                    frames.incrementAndGet();
                    if (record.isError()) {
                        errors.incrementAndGet();
                    }
                    decoder.decode(record, message -> {
                    });
                } catch (IOException | RuntimeException e) {
                    errors.incrementAndGet();
                }
            }
        });
        transport.addStateListener((StateEvent event) -> {
            if (event.state() == TransportState.LOST) {
                err.println("bmsw capture: " + event.reason() + "; every frame received so far is in " + file
                        + "; waiting for the port to come back");
            }
        });
        Thread hook = new Thread(() -> stop.set(true), "bmsw capture stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long startNs = System.nanoTime();
        long endNs = duration == null ? Long.MAX_VALUE : startNs + duration.toNanos();
        boolean terminal = System.console() != null;
        try {
            transport.open();
            err.println("bmsw capture: recording " + transport.uri() + " into " + file
                    + (duration == null ? " until Ctrl-C" : " for " + duration.toSeconds() + " s"));
            long lastReopenNs = 0;
            long lastStatusNs = startNs;
            while (!stop.get() && System.nanoTime() < endNs) {
                sleep(FLUSH_MS);
                synchronized (lock) {
                    store.flush(); // what is flushed survives a kill
                }
                long now = System.nanoTime();
                if (transport.state() == TransportState.LOST && now - lastReopenNs > REOPEN_MS * 1_000_000L) {
                    lastReopenNs = now;
                    try {
                        transport.open();
                        err.println("bmsw capture: " + transport.uri() + " is back; recording again");
                    } catch (TransportException e) {
                        // still away: try again in a second
                    }
                }
                if (terminal && now - lastStatusNs >= 1_000_000_000L) {
                    lastStatusNs = now;
                    synchronized (lock) {
                        err.print("\r" + status(frames.get(), errors.get(), now - startNs, decoder.state()));
                    }
                }
            }
        } finally {
            transport.close(); // delivers what the port still holds
            synchronized (lock) {
                store.flush();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has run
            }
        }
        if (terminal) {
            err.println();
        }
        out.println("bmsw capture: " + frames.get() + " frames in " + file + " ("
                + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNs) / 1e9) + ", " + errors.get()
                + " errors, " + Files.size(file) + " bytes); last state: "
                + status(frames.get(), errors.get(), System.nanoTime() - startNs, decoder.state()).strip());
        return CommandLine.EXIT_OK;
    }

    /** "1234 frames, 61.0/s, 0 errors, SOC 88 %, 49.86 V, -27 A". */
    static String status(long frames, long errors, long elapsedNs, BatteryState state) {
        StringBuilder line = new StringBuilder();
        line.append(frames).append(" frames, ")
                .append(String.format(Locale.ROOT, "%.1f/s", frames / Math.max(elapsedNs / 1e9, 1e-3))).append(", ")
                .append(errors).append(" errors");
        appendValue(line, state, Quantity.SOC, "SOC ", " %");
        appendValue(line, state, Quantity.VOLTAGE, "", " V");
        appendValue(line, state, Quantity.CURRENT, "", " A");
        return line.append("   ").toString();
    }

    private static void appendValue(StringBuilder line, BatteryState state, Quantity quantity, String prefix,
            String unit) {
        state.get(quantity).ifPresent(value -> line.append(", ").append(prefix)
                .append(value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)).append(unit));
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
