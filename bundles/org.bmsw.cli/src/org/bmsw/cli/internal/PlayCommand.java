package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.Traces;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.TransportRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw play}: a trace's frames onto a bus with their timing, as can-utils' {@code canplayer} (named after
 * it, so it does not clash with the {@code replay:} source, which plays a trace to the workbench, not onto a bus).
 * The trace is read as it is played, so its size does not matter.
 */
@Command(name = "play", description = "play a trace's frames onto a bus with their timing (as canplayer)",
        footer = { "Sends the trace's frames in order, each at its time relative to the first frame played, divided by",
                "--speed (2: twice as fast; max: no waiting). --ids keeps only those identifiers (hex, e.g. 351,355,0x356),",
                "--channel only that channel's frames. CAN frames go to a CAN bus and serial chunks to a serial port;",
                "the other kind and error frames are skipped and counted. slcan: is opened in normal mode; a port that",
                "may reach real equipment needs --transmit-to PORT (a pty, vcan or sim: needs nothing). Ctrl-C stops.",
                "Example: bmsw play site.log --to slcan:/dev/ttyACM0?bitrate=500000 --transmit-to /dev/ttyACM0 --ids 351,355" })
final class PlayCommand extends BmswCommand {

    @Parameters(index = "0", paramLabel = "TRACE", description = "the trace to play (any format bmsw info reads)")
    Path trace;

    @Mixin
    TransmitTarget target = new TransmitTarget();

    @Option(names = "--speed", paramLabel = "X|max", description = "how fast: 1 as recorded (default), 2 twice as "
            + "fast, 0.5 half, max without waiting")
    String speedText = "1";

    @Option(names = "--ids", paramLabel = "LIST", split = ",", description = "only these CAN identifiers, hex "
            + "(351,355 or 0x351)")
    List<String> idTexts = new ArrayList<>();

    @Option(names = "--channel", paramLabel = "NAME", description = "only the frames of this channel, e.g. can1")
    String channel;

    @Mixin
    SharedOptions.Strict strict = new SharedOptions.Strict();

    PlayCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        double speed = speed();
        Set<Integer> ids = ids();
        if (!Files.isRegularFile(trace)) {
            err.println(qualifiedName() + ": " + trace + ": " + (Files.exists(trace) ? "not a file" : "no such file"));
            return Bmsw.EXIT_FAILED;
        }
        BusKind targetBus;
        try {
            targetBus = TransportRegistry.getDefault().bus(target.uri());
        } catch (IOException e) {
            err.println(qualifiedName() + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        return target.transmit(qualifiedName(), Transmitter.PLAY_ACTION, err, (transmitter, transport) -> {
            Transmitter.Player player = transmitter.player(speed);
            long[] skipped = new long[3]; // other bus, error frames, filtered out
            long startNs = System.nanoTime();
            ReadReport report;
            try {
                report = Traces.read(trace, new FrameSink() {
                    private final List<String> names = new ArrayList<>();
                    private final List<BusKind> buses = new ArrayList<>();

                    @Override
                    public void channel(int channelIndex, String name, BusKind bus) {
                        names.add(name);
                        buses.add(bus);
                    }

                    @Override
                    public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                            int offset, int length) throws IOException {
                        if (transmitter.stopped()) {
                            throw new InterruptedIOException("stopped");
                        }
                        BusKind bus = buses.get(channelIndex);
                        if (channel != null && !channel.equals(names.get(channelIndex))
                                || !ids.isEmpty() && (bus != BusKind.CAN || !ids.contains(identifier))) {
                            skipped[2]++;
                            return;
                        }
                        if (bus != targetBus) {
                            skipped[0]++;
                            return;
                        }
                        byte[] bytes = java.util.Arrays.copyOfRange(payload, offset, offset + length);
                        TraceRecord record = new TraceRecord(timestampNs, names.get(channelIndex), bus, identifier,
                                flags, bytes);
                        if (record.isError()) {
                            skipped[1]++;
                            return;
                        }
                        try {
                            player.play(record);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new InterruptedIOException("interrupted");
                        }
                    }
                }, strict.strict ? ReadOptions.STRICT : ReadOptions.LENIENT);
            } catch (InterruptedIOException e) {
                if (!transmitter.stopped()) {
                    throw e;
                }
                report = null; // Ctrl-C: say what was played
            } catch (NoSuchFileException e) {
                err.println(qualifiedName() + ": " + trace + ": no such file");
                return Bmsw.EXIT_FAILED;
            }
            double seconds = (System.nanoTime() - startNs) / 1e9;
            StringBuilder summary = new StringBuilder(qualifiedName() + ": played " + transmitter.sent() + " frames of "
                    + trace + " to " + transport.uri() + " in " + String.format(Locale.ROOT, "%.1f", seconds) + " s");
            if (report == null) {
                summary.append(" (stopped)");
            }
            List<String> notes = new ArrayList<>();
            if (skipped[2] > 0) {
                notes.add(skipped[2] + " left out by --ids/--channel");
            }
            if (skipped[0] > 0) {
                notes.add(skipped[0] + (targetBus == BusKind.CAN ? " serial chunks" : " CAN frames")
                        + " not for this " + (targetBus == BusKind.CAN ? "CAN bus" : "serial port"));
            }
            if (skipped[1] > 0) {
                notes.add(skipped[1] + " error frames (not sent)");
            }
            if (!notes.isEmpty()) {
                summary.append("; skipped: ").append(String.join(", ", notes));
            }
            err.println(summary);
            if (report != null) {
                report.problems().forEach(problem -> err.println(qualifiedName() + ": skipped " + problem));
            }
            return Bmsw.EXIT_OK;
        });
    }

    private double speed() {
        if (speedText.equalsIgnoreCase("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double speed = Double.parseDouble(speedText);
            if (speed > 0 && speed <= 1e6) {
                return speed;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw usageError("--speed takes a factor above 0 (1 as recorded, 10 ten times as fast) or max, not '"
                + speedText + "'");
    }

    private Set<Integer> ids() {
        Set<Integer> ids = new HashSet<>();
        for (String text : idTexts) {
            String digits = text.strip().toLowerCase(Locale.ROOT);
            digits = digits.startsWith("0x") ? digits.substring(2) : digits;
            try {
                int id = Integer.parseUnsignedInt(digits, 16);
                if (digits.isEmpty() || id > 0x1FFF_FFFF) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw usageError("--ids takes hex CAN identifiers separated by commas (351,355 or 0x351), not '"
                        + text + "'");
            }
        }
        return ids;
    }
}
