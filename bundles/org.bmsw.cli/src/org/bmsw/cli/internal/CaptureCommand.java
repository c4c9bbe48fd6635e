package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.Decoder;
import org.bmsw.core.record.BusKind;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.capture.CaptureStatus;
import org.bmsw.transport.capture.LiveCapture;
import org.bmsw.transport.capture.LiveCaptureListener;
import org.bmsw.transport.capture.MultiSourceTransport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bmsw capture}: records a live source into the trace store as the frames arrive ({@link LiveCapture}, which
 * the workbench uses too), with a status line. A killed capture reopens with every frame older than
 * {@value LiveCapture#FLUSH_MS} ms (a power cut: older than the last force, every second); a source that goes away is
 * reported and reopened when it comes back, and nothing received before is lost. Ctrl-C writes, forces and closes
 * the store before the JVM exits. An existing file is never replaced without {@code --force}.
 */
@Command(name = "capture", description = "record a live source into the trace store, with a live status line",
        footer = { "Records everything the source receives into the trace store FILE (open it with bmsw info, decode,",
                "state or convert) until --duration seconds have passed, the source ends (a replay), or Ctrl-C.",
                "A status line shows frames, rate, errors, frames dropped before the store (queue, adapter, kernel)",
                "and the decoded SOC, voltage and current. An existing FILE is kept unless --force is given.",
                "slcan: opens the adapter listen-only (it never ACKs or transmits) unless listenOnly=false, which on a",
                "real port also needs --transmit-to PORT; bitrate=auto finds the bus's bit rate by listening.",
                "Example: bmsw capture --source slcan:/dev/ttyACM0?bitrate=500000 --out site.bmst --duration 600",
                "A Modbus source polls a register map: --source 'modbus-tcp://192.168.1.50:502?unit=1' --map inverter.json",
                "(or map=FILE in the URI); bmsw state FILE --map inverter.json then shows the polled values.",
                "--source again records several sources into one store on one clock, one channel each, e.g. the",
                "battery's CAN and the inverter's Modbus: --source slcan:/dev/ttyACM0 --source 'modbus-tcp://HOST:502'",
                "--map inverter.json; read one back with --channel NAME (bmsw info lists the channels)." })
final class CaptureCommand extends BmswCommand {

    @Mixin
    SharedOptions.LiveSource source = new SharedOptions.LiveSource();

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the trace store to write (.bmst)")
    Path file;

    @Option(names = "--force", description = "replace FILE when it exists")
    boolean force;

    /** Decodes the status line's SOC, V and A, as the trace commands decode (default auto). */
    @Mixin
    SharedOptions.DecoderChoice decoding = new SharedOptions.DecoderChoice();

    private Duration duration;
    private int forceIntervalMs = LiveCapture.Options.DEFAULT.forceIntervalMs();

    CaptureCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds (a number above "
            + "0, e.g. 600 or 0.5); default: until Ctrl-C")
    void duration(String value) {
        if (value != null) {
            duration = Duration.ofNanos(Math.round(SharedOptions.positiveSeconds(spec, "--duration", value) * 1e9));
        }
    }

    @Option(names = "--force-every", paramLabel = "SECONDS", description = "how often the store is forced to the disk "
            + "(fsync) while recording: what a power cut keeps (default 1; e.g. 0.2, or 10 on a slow SD card)")
    void forceEvery(String value) {
        if (value != null) {
            forceIntervalMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                    Math.round(SharedOptions.positiveSeconds(spec, "--force-every", value) * 1000)));
        }
    }

    @Override
    public Integer call() {
        List<String> uris = new ArrayList<>(source.uris(err)); // usage errors first
        if (Files.exists(file) && !force) {
            err.println("bmsw capture: " + file + " exists; give a new name with --out, or add --force to replace it");
            return Bmsw.EXIT_FAILED;
        }
        TransportRegistry registry = TransportRegistry.getDefault();
        Decoder decoder;
        try {
            // one register map for the poll and the decoding: --map goes to each Modbus source without map=, a
            // source's own map= decodes when --map is not given
            DecoderRequest request = decoding.request();
            boolean serial = true; // only serial sources (a serial port, Modbus masters): the profile's RS485 binding
            Path pollMap = request.registerMap();
            for (int i = 0; i < uris.size(); i++) {
                String uri = uris.get(i);
                serial &= registry.bus(uri) == BusKind.SERIAL;
                if (!isModbus(uri)) {
                    continue;
                }
                String uriMap = mapParameter(uri);
                if (request.registerMap() != null && uriMap == null) {
                    uri = withMap(uri, request.registerMap());
                } else if (uriMap == null && request.profile() != null) {
                    // the profile's register-map binding: the poll reads it from a file of its own
                    if (pollMap == null) {
                        Optional<String> json = services.engine().get().registerMapJson(request.profile());
                        if (json.isPresent()) {
                            pollMap = Files.createTempFile("bmsw-" + request.profile() + "-", ".json");
                            pollMap.toFile().deleteOnExit();
                            Files.writeString(pollMap, json.get());
                            err.println("bmsw capture: polling the register map of profile " + request.profile());
                        }
                    }
                    if (pollMap != null) {
                        uri = withMap(uri, pollMap);
                    }
                }
                if (mapParameter(uri) == null) {
                    err.println("bmsw capture: " + uri + ": no register map (--map FILE, map=FILE in the URI, or a "
                            + "--profile with one), so nothing is polled");
                } else if (request.registerMap() == null && request.profile() == null) {
                    request = request.withRegisterMap(Path.of(mapParameter(uri))); // the first source's map decodes
                }
                uris.set(i, uri);
            }
            if (uris.size() > 1 && request.registerMap() == null && request.profile() != null && pollMap != null) {
                // several buses and a profile: the profile's CAN binding for CAN channels is not split out here;
                // its register map decodes the Modbus channels, the CAN ones are detected
                request = new DecoderRequest(null, null, request.dbcOverlays(), pollMap);
            }
            ResolvedDecoder resolved = services.engine().get().resolve(request, serial);
            decoder = resolved.newDecoder();
            resolved.notes().forEach(note -> err.println("bmsw capture: " + note));
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.USAGE) {
                throw usageError(e.getMessage());
            }
            err.println("bmsw capture: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } catch (TransportException e) {
            err.println("bmsw capture: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } catch (IOException e) {
            err.println("bmsw capture: cannot write the profile's register map for the poll: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        List<Transport> transports = new ArrayList<>();
        try (TransmitInterlock.Acknowledgement acknowledgement = acknowledgement(uris)) {
            for (String uri : uris) {
                transports.add(registry.create(uri));
            }
            try (Transport transport = transports.size() == 1 ? transports.get(0)
                    : new MultiSourceTransport(transports);
                    LiveCapture capture = new LiveCapture(transport, file, decoder, new LiveCapture.Options(
                            LiveCapture.Options.DEFAULT.queueCapacity(), forceIntervalMs,
                            LiveCapture.Options.DEFAULT.statusPollMs()))) {
                if (transport instanceof MultiSourceTransport several) {
                    for (int i = 0; i < uris.size(); i++) {
                        err.println("bmsw capture: channel " + several.channels().get(i) + ": " + uris.get(i));
                    }
                }
                return capture(capture, duration, out, err);
            }
        } catch (TransportException e) {
            transports.forEach(Transport::close);
            err.println("bmsw capture: " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } catch (IOException e) {
            err.println("bmsw capture: " + file + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
    }

    /** {@code --transmit-to}'s acknowledgement for the source whose port it names; null without the option. */
    private TransmitInterlock.Acknowledgement acknowledgement(List<String> uris) {
        if (uris.size() == 1 || source.transmitTo == null) {
            return source.acknowledgement(uris.get(0));
        }
        for (String uri : uris) {
            String port = TransmitInterlock.portOf(uri);
            if (source.transmitTo.equals(port) || source.transmitTo.equals(port.substring(port.lastIndexOf('/') + 1))) {
                return source.acknowledgement(uri);
            }
        }
        return source.acknowledgement(uris.get(0)); // names none of them: the usage error names the first's port
    }

    static boolean isModbus(String uri) {
        return uri.startsWith("modbus-tcp:") || uri.startsWith("modbus-rtu:");
    }

    /** The URI's {@code map=} value, decoded, or null. */
    static String mapParameter(String uri) {
        int question = uri.indexOf('?');
        if (question < 0) {
            return null;
        }
        for (String pair : uri.substring(question + 1).split("&")) {
            if (pair.startsWith("map=")) {
                return URLDecoder.decode(pair.substring(4).replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** {@code uri} with {@code map=FILE} added, the path escaped where a URI needs it. */
    static String withMap(String uri, Path map) {
        String escaped = URLEncoder.encode(map.toString(), StandardCharsets.UTF_8).replace("%2F", "/")
                .replace("+", "%20");
        return uri + (uri.indexOf('?') < 0 ? "?" : "&") + "map=" + escaped;
    }

    private static int capture(LiveCapture capture, Duration duration, PrintStream out, PrintStream err)
            throws TransportException, IOException {
        Path file = capture.storeFile();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean away = new AtomicBoolean();
        AtomicBoolean wasOpen = new AtomicBoolean(); // the CLOSED event of a failed open is not the source ending
        AtomicReference<String> opened = new AtomicReference<>("");
        capture.addListener(new LiveCaptureListener() {
            @Override
            public void flushed(CaptureStatus status, BatteryState state) {
                // the status line is printed by the main loop, once a second
            }

            @Override
            public void stopped(CaptureStatus status) {
                err.println("\nbmsw capture: stopped: " + status.problem());
                stop.set(true);
            }

            @Override
            public void portChanged(StateEvent event) {
                if (event.state() == TransportState.OPEN) {
                    wasOpen.set(true);
                    opened.compareAndSet("", event.reason()); // how the source was set up, e.g. listen-only
                }
                if (event.state() == TransportState.LOST) {
                    if (away.getAndSet(true)) {
                        return; // a reopen that found it still away (a Modbus unit still silent): said already
                    }
                    err.println("\nbmsw capture: " + event.reason() + "; every frame received so far is in " + file
                            + "; waiting for the source to come back");
                } else if (event.state() == TransportState.OPEN && away.getAndSet(false)) {
                    err.println("bmsw capture: " + event.uri() + " is back; recording again");
                } else if (event.state() == TransportState.CLOSED && wasOpen.get() && !stop.get()) {
                    err.println("\nbmsw capture: the source ended: " + event.reason());
                    stop.set(true); // a replay reached the end of its file
                }
            }
        });
        // Ctrl-C: the JVM exits once the hooks return, so the hook itself writes, forces and closes the store (close
        // is idempotent and waits for a close already under way on the main thread)
        CountDownLatch summarized = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            capture.close();
            try {
                summarized.await(5, TimeUnit.SECONDS); // the main thread's summary line, then the JVM may exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bmsw capture stop");
        Runtime.getRuntime().addShutdownHook(hook);
        long startNs = System.nanoTime();
        long endNs = duration == null ? Long.MAX_VALUE : startNs + duration.toNanos();
        boolean terminal = System.console() != null;
        try {
            capture.start();
            err.println("bmsw capture: recording " + capture.transport().uri() + " into " + file
                    + (duration == null ? " until Ctrl-C" : " for " + DecodeOutput.number(duration.toNanos() / 1e9) + " s")
                    + (opened.get().isEmpty() ? "" : " (" + opened.get() + ")"));
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
            capture.close(); // delivers what the source still holds, flushes and forces the store
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook is running
            }
        }
        try {
            return summary(capture, file, terminal, out, err);
        } finally {
            summarized.countDown();
        }
    }

    private static int summary(LiveCapture capture, Path file, boolean terminal, PrintStream out, PrintStream err)
            throws IOException {
        if (terminal) {
            err.println();
        }
        CaptureStatus status = capture.status();
        out.println("bmsw capture: " + status.storedRecords() + " frames in " + file + " ("
                + String.format(Locale.ROOT, "%.1f s", status.elapsedNs() / 1e9) + ", " + status.errors()
                + " errors, " + status.dropped() + " dropped, " + Files.size(file) + " bytes); last state: "
                + status(status, capture.state()).strip());
        return status.problem().isEmpty() ? Bmsw.EXIT_OK : Bmsw.EXIT_FAILED;
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
