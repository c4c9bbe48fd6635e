package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.Protocols;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.capture.CaptureStatus;
import org.bmsw.transport.capture.LiveCapture;
import org.bmsw.transport.capture.LiveCaptureListener;

/**
 * {@code bmsw capture}: records a live port into the trace store as the frames arrive ({@link LiveCapture}, which
 * the workbench uses too), with a status line. A killed capture reopens with every frame older than
 * {@value LiveCapture#FLUSH_MS} ms; a port that goes away is reported and reopened when it comes back, and nothing
 * received before is lost.
 */
final class CaptureCommand implements Command {

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
        TransportRegistry registry = TransportRegistry.getDefault();
        try (Transport transport = registry.create(port);
                LiveCapture capture = new LiveCapture(transport, file, decoder)) {
            return capture(capture, duration, out, err);
        } catch (TransportException e) {
            err.println("bmsw capture: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        } catch (IOException e) {
            err.println("bmsw capture: " + file + ": " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        }
    }

    private static int capture(LiveCapture capture, Duration duration, PrintStream out, PrintStream err)
            throws TransportException, IOException {
        Path file = capture.storeFile();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean away = new AtomicBoolean();
        capture.addListener(new LiveCaptureListener() {
            @Override
            public void flushed(CaptureStatus status, BatteryState state) {
                // the status line is printed by the main loop, once a second
            }

            @Override
            public void portChanged(StateEvent event) {
                if (event.state() == TransportState.LOST) {
                    away.set(true);
                    err.println("\nbmsw capture: " + event.reason() + "; every frame received so far is in " + file
                            + "; waiting for the port to come back");
                } else if (event.state() == TransportState.OPEN && away.getAndSet(false)) {
                    err.println("bmsw capture: " + event.uri() + " is back; recording again");
                } else if (event.state() == TransportState.CLOSED && !stop.get()) {
                    err.println("\nbmsw capture: the source ended: " + event.reason());
                    stop.set(true); // a replay reached the end of its file
                }
            }
        });
        Thread hook = new Thread(() -> stop.set(true), "bmsw capture stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long startNs = System.nanoTime();
        long endNs = duration == null ? Long.MAX_VALUE : startNs + duration.toNanos();
        boolean terminal = System.console() != null;
        try {
            capture.start();
            err.println("bmsw capture: recording " + capture.transport().uri() + " into " + file
                    + (duration == null ? " until Ctrl-C" : " for " + duration.toSeconds() + " s"));
            long lastStatusNs = startNs;
            while (!stop.get() && System.nanoTime() < endNs) {
                sleep((int) Math.max(1, Math.min(LiveCapture.FLUSH_MS, (endNs - System.nanoTime()) / 1_000_000L)));
                long now = System.nanoTime();
                if (terminal && now - lastStatusNs >= 1_000_000_000L) {
                    lastStatusNs = now;
                    err.print("\r" + status(capture.status(), capture.state()));
                }
            }
        } finally {
            stop.set(true); // the CLOSED event of our own close is not "the source ended"
            capture.close(); // delivers what the port still holds, flushes the store
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook has run
            }
        }
        if (terminal) {
            err.println();
        }
        CaptureStatus status = capture.status();
        out.println("bmsw capture: " + status.frames() + " frames in " + file + " ("
                + String.format(Locale.ROOT, "%.1f s", status.elapsedNs() / 1e9) + ", " + status.errors()
                + " errors, " + Files.size(file) + " bytes); last state: "
                + status(status, capture.state()).strip());
        return CommandLine.EXIT_OK;
    }

    /** The capture's status line, padded so that a shorter line written over a longer one with CR leaves nothing. */
    static String status(CaptureStatus status, BatteryState state) {
        return status.line(state) + "   ";
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
