package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.RecordFeeder;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.Protocols;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcDatabase;
import org.bmsw.protocol.dbc.DbcParseException;
import org.bmsw.protocol.dbc.DbcParser;
import org.bmsw.protocol.modbus.RegisterMap;

/**
 * What {@code decode}, {@code state} and {@code analyze} share: the choice of decoder (a protocol id or a profile's
 * binding) and the loop that reads a trace into it, with the progress bar and the skipped-lines report on stderr.
 */
final class DecodeSession {

    /** Opens a file inside a plugin, e.g. a profile's DBC; {@link BundleEntries#open} inside OSGi. */
    @FunctionalInterface
    interface BundleFiles {
        InputStream open(String bundleSymbolicName, String path) throws IOException;
    }

    /** A failure with the exit code to return; the message is printed after {@code bmsw COMMAND: }. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** What {@code decode}, {@code state} and {@code analyze} were asked for (filled from {@link SharedOptions.TraceInput}). */
    static final class Options {
        Path trace;
        String protocol;
        String profile;
        String channel;
        String format;
        boolean json;
        boolean strict;
        long sliceMs = 1000;
    }

    private final String command;
    private final Supplier<ProfileRegistry> registry;
    private final BundleFiles bundleFiles;

    DecodeSession(String command, Supplier<ProfileRegistry> registry, BundleFiles bundleFiles) {
        this.command = command;
        this.registry = registry;
        this.bundleFiles = bundleFiles;
    }

    /** The decoder and how it was chosen (for the people reading stderr or the state table). */
    record Choice(Decoder decoder, String description) {
    }

    /**
     * Checks the protocol id before the trace is touched, so a typo is a usage error even for a missing file.
     *
     * @throws Failure with {@link Bmsw#EXIT_USAGE} naming the known ids
     */
    static void checkProtocol(Options options) throws Failure {
        if (options.protocol != null) {
            createProtocol(options.protocol);
        }
    }

    private static Decoder createProtocol(String spec) throws Failure {
        try {
            return Protocols.create(spec);
        } catch (IllegalArgumentException e) {
            throw new Failure(Bmsw.EXIT_USAGE, e.getMessage());
        }
    }

    /** Checks that TRACE is a readable file: {@code site.log: no such file}. */
    static void checkTrace(Path trace) throws Failure {
        if (!Files.exists(trace)) {
            throw new Failure(Bmsw.EXIT_FAILED, trace + ": no such file");
        }
        if (!Files.isRegularFile(trace)) {
            throw new Failure(Bmsw.EXIT_FAILED, trace + ": not a file");
        }
        if (!Files.isReadable(trace)) {
            throw new Failure(Bmsw.EXIT_FAILED, trace + ": permission denied");
        }
    }

    /** The decoder for the options: the protocol id (default {@code auto}) or the profile's binding for the trace. */
    Choice choose(Options options, TraceFormat format, PrintStream err) throws Failure {
        if (options.profile == null) {
            String spec = options.protocol == null ? Protocols.AUTO : options.protocol;
            return new Choice(createProtocol(spec), spec);
        }
        Optional<DeviceProfile> found = registry.get().find(options.profile);
        if (found.isEmpty()) {
            List<String> known = registry.get().all().stream().map(DeviceProfile::id).toList();
            throw new Failure(Bmsw.EXIT_USAGE, "unknown profile '" + options.profile + "'; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + " (bmsw profiles lists them)");
        }
        DeviceProfile profile = found.get();
        boolean serial = isSerial(options.trace, format);
        List<ProtocolBinding> bindings = profile.protocols();
        int chosen = -1;
        for (int i = 0; i < bindings.size() && chosen < 0; i++) {
            boolean canBinding = bindings.get(i).layer() == ProtocolBinding.PhysicalLayer.CAN;
            if (canBinding != serial) {
                chosen = i;
            }
        }
        if (chosen < 0) {
            throw new Failure(Bmsw.EXIT_FAILED, "profile " + profile.id() + " has no "
                    + (serial ? "RS485 or Modbus" : "CAN") + " protocol binding for this " + (serial ? "serial" : "CAN")
                    + " trace; its bindings: " + (bindings.isEmpty() ? "none"
                            : String.join(", ", bindings.stream().map(DecodeSession::describe).toList())));
        }
        ProtocolBinding binding = bindings.get(chosen);
        String description = "profile " + profile.id() + ", binding " + (chosen + 1) + " of " + bindings.size() + ": "
                + describe(binding);
        err.println("bmsw " + command + ": decoding with " + description);
        return new Choice(create(profile, binding), description);
    }

    static String describe(ProtocolBinding binding) {
        ProtocolBinding.Definition definition = binding.definition();
        String what = switch (definition.kind()) {
        case DECODER -> definition.reference();
        case DBC -> "DBC " + definition.reference();
        case REGISTER_MAP -> "modbus with register map " + definition.reference();
        };
        return what + " on port " + binding.port() + binding.bus().map(bus -> " bus " + bus).orElse("") + " ("
                + binding.layer() + ", " + binding.bitrateBps() + " bit/s)";
    }

    private Decoder create(DeviceProfile profile, ProtocolBinding binding) throws Failure {
        String reference = binding.definition().reference();
        String contributor = profile.origin().contributor();
        switch (binding.definition().kind()) {
        case DECODER:
            try {
                return registry.get().decoders().create(reference);
            } catch (RuntimeException e) {
                // a vendor's decoder class: its failure must name it, not take the command down
                throw new Failure(Bmsw.EXIT_FAILED, "decoder " + reference + " (contributed by a plugin) "
                        + "cannot be created: " + e);
            }
        case DBC:
            try {
                DbcDatabase database = DbcParser.parseStrict(contributor + "/" + reference,
                        readText(contributor, reference));
                return new CanDecoder(CanProtocol.fromDbc(reference, database));
            } catch (DbcParseException e) {
                throw new Failure(Bmsw.EXIT_FAILED, e.getMessage());
            }
        default:
            try {
                return Protocols.create("modbus", RegisterMap.parse(contributor + "/" + reference,
                        readText(contributor, reference)));
            } catch (IllegalArgumentException e) {
                throw new Failure(Bmsw.EXIT_FAILED, e.getMessage());
            }
        }
    }

    private String readText(String contributor, String path) throws Failure {
        try (InputStream in = bundleFiles.open(contributor, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure(Bmsw.EXIT_FAILED, contributor + "/" + path + ": " + e.getMessage());
        }
    }

    /** A serial byte dump, or a store whose first channel is serial; every other format is CAN. */
    private static boolean isSerial(Path trace, TraceFormat format) throws Failure {
        if (format == TraceFormat.SERIAL_DUMP) {
            return true;
        }
        if (format != TraceFormat.STORE) {
            return false;
        }
        try (TraceStore store = TraceStore.open(trace)) {
            List<StoreChannel> channels = store.channels();
            return !channels.isEmpty() && channels.get(0).bus() == BusKind.SERIAL;
        } catch (IOException e) {
            throw new Failure(Bmsw.EXIT_FAILED, withFile(trace, e.getMessage()));
        }
    }

    static TraceFormat detect(Path trace) throws Failure {
        try {
            return Traces.detect(trace);
        } catch (IOException e) {
            throw new Failure(Bmsw.EXIT_FAILED, withFile(trace, e.getMessage()));
        }
    }

    /**
     * Reads the whole trace into {@code decoder}, giving each decoded message to {@code out}, then flushes the
     * decoder. Skipped lines are listed on stderr afterwards, with their count.
     */
    ReadReport run(Options options, TraceFormat format, Decoder decoder, Consumer<DecodedMessage> out,
            PrintStream err) throws Failure {
        return read(options, format, (record, row) -> decoder.decode(record, out), () -> decoder.finish(out), err);
    }

    /**
     * Reads the whole trace, giving each record of the chosen channel (or all) with its row to {@code sink}, then
     * runs {@code atEnd}; with the progress bar on a terminal. Skipped lines are listed on stderr afterwards.
     */
    ReadReport read(Options options, TraceFormat format, RecordFeeder.RecordSink sink, Runnable atEnd,
            PrintStream err) throws Failure {
        Path trace = options.trace;
        ReadOptions readOptions = options.strict ? ReadOptions.STRICT : ReadOptions.LENIENT;
        ProgressBar progress = null;
        ReadReport report;
        try {
            progress = ProgressBar.forFile(err, Files.size(trace), command + " " + trace.getFileName());
            RecordFeeder feeder = new RecordFeeder(sink, options.channel);
            report = Traces.read(trace, format, feeder,
                    progress == null ? readOptions : readOptions.withProgress(progress));
            atEnd.run();
            if (!feeder.channelFound()) {
                throw new Failure(Bmsw.EXIT_FAILED, trace + ": no channel " + options.channel + "; it has "
                        + (feeder.channels().isEmpty() ? "none" : String.join(", ", feeder.channels())));
            }
        } catch (IOException e) {
            throw new Failure(Bmsw.EXIT_FAILED, withFile(trace, e.getMessage()));
        } catch (java.io.UncheckedIOException e) {
            throw e; // the output failed, not the trace: the command reports it
        } catch (RuntimeException e) {
            // a decoder bug must still say which file it was reading
            throw new Failure(Bmsw.EXIT_FAILED, trace + ": cannot decode: " + e);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
        for (String problem : report.problems()) {
            err.println(problem);
        }
        if (report.skippedLines() > 0) {
            StringBuilder reasons = new StringBuilder();
            for (Map.Entry<String, Long> reason : report.skippedByReason().entrySet()) {
                reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.getValue()).append(" x ")
                        .append(reason.getKey());
            }
            err.println("bmsw " + command + ": " + trace + ": " + report.skippedLines() + " malformed line"
                    + (report.skippedLines() == 1 ? "" : "s") + " skipped of " + report.lines() + " (" + reasons
                    + ")");
        }
        if (!report.note().isEmpty()) {
            err.println("bmsw " + command + ": " + trace + ": " + report.note());
        }
        return report;
    }

    /** {@code site.log: reason}, unless the reader's message already starts with the file. */
    static String withFile(Path trace, String message) {
        String text = message == null ? "cannot read" : message;
        return text.startsWith(trace.toString()) ? text : trace + ": " + text;
    }
}
