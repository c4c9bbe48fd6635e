package org.bmsw.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.analysis.TraceAnalyzer;
import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.engine.EngineException.Kind;
import org.bmsw.engine.internal.BundleProfileFiles;
import org.bmsw.engine.internal.BusSplitDecoder;
import org.bmsw.engine.internal.FramePipeline;
import org.bmsw.engine.internal.OverlayDecoder;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.RecordFeeder;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.TraceWriter;
import org.bmsw.formats.Traces;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcDatabase;
import org.bmsw.protocol.dbc.DbcDiagnostic;
import org.bmsw.protocol.dbc.DbcParseException;
import org.bmsw.protocol.dbc.DbcParser;
import org.bmsw.protocol.detect.Detection;
import org.bmsw.protocol.detect.ProtocolDetector;
import org.bmsw.protocol.modbus.ModbusDecoder;
import org.bmsw.protocol.modbus.RegisterMap;

/**
 * The one headless engine under the command line and the workbench: {@link #open} a trace (checked, format
 * detected), {@link #resolve} the decoder once under one policy, and run one {@link #pass} that feeds every
 * consumer (records, decoded messages, battery states). Plain Java; inside OSGi {@link #getDefault()} wires it to
 * the decoder services, the profiles of the extension point and the plugins' files.
 * <p>
 * The decoder policy: a protocol spec (default {@code auto}: detected from the first records), or a profile's
 * first protocol binding for the trace's kind (CAN, or RS485/Modbus for a serial trace) with its decoder id, DBC
 * or register map; then the user's DBC files on top, whose messages take precedence by identifier while every
 * other identifier keeps the protocol's decoding.
 */
public final class TraceEngine {

    /**
     * Traces from this size on are read on a thread of their own during a {@link #pass} ({@link FramePipeline});
     * a short one is over before a second thread would pay off. The system property
     * {@code bmsw.engine.pipelineMinBytes} changes it (to compare; a huge value turns the second thread off); tests
     * lower it.
     */
    static long pipelineMinBytes = Long.getLong("bmsw.engine.pipelineMinBytes", 4L << 20);

    /** Records that detection looks at in a store when the protocol is {@code auto}. */
    static final int DETECTION_RECORDS = 20_000;

    private static volatile TraceEngine defaultEngine;

    private final DecoderRegistry decoders;
    private final Supplier<ProfileRegistry> profiles;
    private final ProfileFiles profileFiles;

    /**
     * @param decoders where protocol ids are looked up
     * @param profiles the profiles (read lazily: reading the extension point costs, and most commands never ask)
     * @param profileFiles opens the files profiles name
     */
    public TraceEngine(DecoderRegistry decoders, Supplier<ProfileRegistry> profiles, ProfileFiles profileFiles) {
        this.decoders = decoders;
        this.profiles = profiles;
        this.profileFiles = profileFiles;
    }

    /** The product's engine: the default decoder and profile registries, the installed plugins' files. */
    public static TraceEngine getDefault() {
        TraceEngine engine = defaultEngine;
        if (engine == null) {
            synchronized (TraceEngine.class) {
                engine = defaultEngine;
                if (engine == null) {
                    engine = new TraceEngine(DecoderRegistry.getDefault(), ProfileRegistry::getDefault,
                            BundleProfileFiles.orNone());
                    defaultEngine = engine;
                }
            }
        }
        return engine;
    }

    public DecoderRegistry decoders() {
        return decoders;
    }

    public ProfileRegistry profiles() {
        return profiles.get();
    }

    // ---- open

    /**
     * Checks that {@code file} is a readable trace and detects its format from the content.
     *
     * @throws EngineException {@code site.log: no such file}, {@code not a file}, {@code permission denied}, or
     *             why the content is not a trace
     */
    public TraceInput open(Path file) throws EngineException {
        if (!Files.exists(file)) {
            throw new EngineException(Kind.INPUT, file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new EngineException(Kind.INPUT, file + ": not a file");
        }
        if (!Files.isReadable(file)) {
            throw new EngineException(Kind.INPUT, file + ": permission denied");
        }
        try {
            TraceFormat format = Traces.detect(file);
            boolean serial = format == TraceFormat.SERIAL_DUMP;
            if (format == TraceFormat.STORE) {
                // the start of the file tells, mostly: opening the store maps and checks every block, and the
                // pass opens it again (two mappings of one file count twice in the process's memory)
                Optional<BusKind> first = TraceStore.firstChannelBus(file);
                if (first.isPresent()) {
                    serial = first.get() == BusKind.SERIAL;
                } else {
                    try (TraceStore store = TraceStore.open(file)) {
                        serial = firstChannelIsSerial(store);
                    }
                }
            }
            return new TraceInput(file, format, serial, Files.size(file));
        } catch (IOException | RuntimeException e) {
            throw new EngineException(Kind.INPUT, withFile(file, e.getMessage()));
        }
    }

    private static boolean firstChannelIsSerial(TraceStore store) {
        List<StoreChannel> channels = store.channels();
        return !channels.isEmpty() && channels.get(0).bus() == BusKind.SERIAL;
    }

    // ---- resolve

    /** The decoder for {@code request} on {@code input}: see the policy in the class comment. */
    public ResolvedDecoder resolve(DecoderRequest request, TraceInput input) throws EngineException {
        return resolve(request, input.serial());
    }

    /**
     * The decoder for {@code request} on a store: with {@code auto}, the protocol detected from the store's first
     * records, so that every row is decoded alike (a viewer decodes rows in any order).
     */
    public ResolvedDecoder resolve(DecoderRequest request, TraceStore store) throws EngineException {
        if (request.isAuto()) {
            String detected = detectSpec(store);
            if (!DecoderSpec.AUTO.equals(detected)) {
                request = new DecoderRequest(detected, null, request.dbcOverlays(), request.registerMap());
            }
        }
        return resolve(request, firstChannelIsSerial(store));
    }

    /**
     * The decoder for {@code request}; {@code serialTrace} picks a profile's RS485/Modbus binding rather than its
     * CAN one.
     *
     * @throws EngineException {@link Kind#USAGE} for an unknown protocol, variant or profile, or both a protocol
     *             and a profile; {@link Kind#INPUT} for a profile without a fitting binding, or a DBC or register
     *             map that cannot be read
     */
    public ResolvedDecoder resolve(DecoderRequest request, boolean serialTrace) throws EngineException {
        if (request.protocol() != null && request.profile() != null) {
            throw new EngineException(Kind.USAGE, "give --protocol or --profile, not both");
        }
        RegisterMap map = request.registerMap() == null ? null : readRegisterMap(request.registerMap());
        ResolvedDecoder base = request.profile() != null ? fromProfile(request.profile(), serialTrace, map)
                : request.protocol() == null && map != null ? busSplit(map)
                : fromProtocol(request.protocol() != null ? request.protocol()
                        : map != null ? ModbusDecoder.ID : DecoderSpec.AUTO, map);
        if (request.dbcOverlays().isEmpty()) {
            return base;
        }
        List<String> notes = new ArrayList<>(base.notes());
        DbcDatabase merged = readDbcs(request.dbcOverlays(), notes);
        List<String> names = request.dbcOverlays().stream().map(dbc -> dbc.getFileName().toString()).toList();
        CanProtocol overlay = CanProtocol.fromDbc("dbc " + String.join("+", names), merged);
        Supplier<Decoder> below = base.factory();
        return new ResolvedDecoder(base.spec(), base.description() + ", with " + String.join(", ", names)
                + " first for its " + merged.messages().size() + " message" + (merged.messages().size() == 1 ? ""
                        : "s"), base.profile(), notes,
                () -> new OverlayDecoder(below.get(), new CanDecoder(overlay)));
    }

    /**
     * A register map without a protocol: serial records (a Modbus poll) by the map, CAN records (the battery on the
     * same store, a capture of several sources) by the detected protocol.
     */
    private ResolvedDecoder busSplit(RegisterMap map) throws EngineException {
        ResolvedDecoder serial = fromProtocol(ModbusDecoder.ID, map);
        ResolvedDecoder can = fromProtocol(DecoderSpec.AUTO, null);
        return new ResolvedDecoder(serial.spec(), serial.description() + " with register map " + map.name()
                + " (CAN channels: " + can.description() + ")", Optional.empty(), List.of(),
                () -> new BusSplitDecoder(can.newDecoder(), serial.newDecoder()));
    }

    /** Checks a protocol spec now, so a typo is a usage error before any file is touched. */
    public void checkProtocol(String spec) throws EngineException {
        fromProtocol(spec, null);
    }

    private ResolvedDecoder fromProtocol(String spec, RegisterMap map) throws EngineException {
        try {
            decoders.create(spec, map); // fails now, naming the known ids, rather than at the first record
        } catch (IllegalArgumentException e) {
            throw new EngineException(Kind.USAGE, e.getMessage());
        }
        String normalised = DecoderSpec.parse(spec).toString();
        return new ResolvedDecoder(normalised, normalised, Optional.empty(), List.of(),
                () -> decoders.create(spec, map));
    }

    private ResolvedDecoder fromProfile(String id, boolean serial, RegisterMap userMap) throws EngineException {
        ProfileRegistry registry = profiles.get();
        Optional<DeviceProfile> found = registry.find(id);
        if (found.isEmpty()) {
            List<String> known = registry.all().stream().map(DeviceProfile::id).toList();
            throw new EngineException(Kind.USAGE, "unknown profile '" + id + "'; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known)) + " (bmsw profiles lists them)");
        }
        DeviceProfile profile = found.get();
        List<ProtocolBinding> bindings = profile.protocols();
        // the layer's first decoder or register map decodes; the layer's DBC files go on top by identifier (a
        // vendor's own frames beside a standard protocol); with DBC files only, the first one decodes
        int base = -1;
        List<Integer> dbcs = new ArrayList<>();
        for (int i = 0; i < bindings.size(); i++) {
            ProtocolBinding binding = bindings.get(i);
            if ((binding.layer() == ProtocolBinding.PhysicalLayer.CAN) == serial) {
                continue;
            }
            if (binding.definition().kind() == ProtocolBinding.Definition.Kind.DBC) {
                dbcs.add(i);
            } else if (base < 0) {
                base = i;
            }
        }
        if (base < 0 && dbcs.isEmpty()) {
            throw new EngineException(Kind.INPUT, "profile " + profile.id() + " has no "
                    + (serial ? "RS485 or Modbus" : "CAN") + " protocol binding for this " + (serial ? "serial" : "CAN")
                    + " trace; its bindings: " + (bindings.isEmpty() ? "none"
                            : String.join(", ", bindings.stream().map(TraceEngine::describe).toList())));
        }
        String contributor = profile.origin().contributor();
        String spec;
        Supplier<Decoder> below;
        StringBuilder description = new StringBuilder("profile " + profile.id() + ", ");
        if (base >= 0) {
            ProtocolBinding binding = bindings.get(base);
            description.append("binding ").append(base + 1).append(" of ").append(bindings.size()).append(": ")
                    .append(describe(binding));
            String reference = binding.definition().reference();
            if (binding.definition().kind() == ProtocolBinding.Definition.Kind.DECODER) {
                spec = reference;
                try {
                    decoders.create(reference, userMap);
                } catch (RuntimeException e) {
                    // a vendor's decoder class: its failure must name it, not take the command down
                    throw new EngineException(Kind.INPUT, "decoder " + reference + " of profile " + profile.id()
                            + " cannot be created: " + e);
                }
                below = () -> decoders.create(reference, userMap);
            } else {
                spec = "modbus";
                RegisterMap map;
                try {
                    map = userMap != null ? userMap : RegisterMap.isBuiltIn(reference) ? RegisterMap.builtIn(reference)
                            : RegisterMap.parse(contributor + "/" + reference, readProfileFile(contributor, reference));
                } catch (IllegalArgumentException e) {
                    throw new EngineException(Kind.INPUT, e.getMessage());
                }
                below = () -> decoders.create("modbus", map);
            }
        } else {
            spec = "dbc";
            below = null;
        }
        DbcDatabase merged = null;
        for (int i = 0; i < dbcs.size(); i++) {
            ProtocolBinding binding = bindings.get(dbcs.get(i));
            String reference = binding.definition().reference();
            DbcDatabase database;
            try {
                database = DbcParser.parseStrict(contributor + "/" + reference, readProfileFile(contributor,
                        reference));
            } catch (DbcParseException e) {
                throw new EngineException(Kind.INPUT, e.getMessage());
            }
            merged = merged == null ? database : merged.overlay(database);
            description.append(base < 0 && i == 0 ? "" : ", with ").append("binding ").append(dbcs.get(i) + 1)
                    .append(" of ").append(bindings.size()).append(": ").append(describe(binding));
        }
        Supplier<Decoder> factory;
        if (merged == null) {
            factory = below;
        } else {
            CanProtocol dbc = CanProtocol.fromDbc(dbcs.size() == 1 ? bindings.get(dbcs.get(0)).definition()
                    .reference() : "dbc", merged);
            factory = below == null ? () -> new CanDecoder(dbc) : () -> new OverlayDecoder(below.get(),
                    new CanDecoder(dbc));
            if (below != null) {
                description.append(" first for its identifiers");
            }
        }
        return new ResolvedDecoder(spec, description.toString(), Optional.of(profile), List.of(), factory);
    }

    /**
     * The register map of a profile's RS485/Modbus binding, as JSON text, for a Modbus source to poll; empty when
     * the profile has none.
     *
     * @throws EngineException {@link Kind#USAGE} for an unknown profile, {@link Kind#INPUT} for a map file that
     *             cannot be read
     */
    public Optional<String> registerMapJson(String profileId) throws EngineException {
        DeviceProfile profile = profiles.get().find(profileId).orElseThrow(() -> new EngineException(Kind.USAGE,
                "unknown profile '" + profileId + "' (bmsw profiles lists them)"));
        for (ProtocolBinding binding : profile.protocols()) {
            if (binding.definition().kind() == ProtocolBinding.Definition.Kind.REGISTER_MAP) {
                String reference = binding.definition().reference();
                try {
                    return Optional.of(RegisterMap.isBuiltIn(reference) ? RegisterMap.builtInJson(reference)
                            : readProfileFile(profile.origin().contributor(), reference));
                } catch (IllegalArgumentException e) {
                    throw new EngineException(Kind.INPUT, e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** A binding as people read it: {@code DBC dbc/x48.dbc on port BMS bus CAN (CAN, 500000 bit/s)}. */
    public static String describe(ProtocolBinding binding) {
        ProtocolBinding.Definition definition = binding.definition();
        String what = switch (definition.kind()) {
        case DECODER -> definition.reference();
        case DBC -> "DBC " + definition.reference();
        case REGISTER_MAP -> "modbus with register map " + definition.reference();
        };
        return what + " on port " + binding.port() + binding.bus().map(bus -> " bus " + bus).orElse("") + " ("
                + binding.layer() + ", " + binding.bitrateBps() + " bit/s)";
    }

    private String readProfileFile(String contributor, String path) throws EngineException {
        try (InputStream in = profileFiles.open(contributor, path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EngineException(Kind.INPUT, contributor + "/" + path + ": " + e.getMessage());
        }
    }

    /**
     * The user's DBC files as one database, a later file's message replacing an earlier one's of the same
     * identifier; problems become {@code notes} (file:line:column).
     *
     * @throws EngineException a file that cannot be read, or from which no message at all can be read
     */
    public static DbcDatabase readDbcs(List<Path> files, List<String> notes) throws EngineException {
        DbcDatabase merged = null;
        for (Path dbc : files) {
            DbcDatabase database = readUserDbc(dbc, notes);
            merged = merged == null ? database : merged.overlay(database);
        }
        return merged;
    }

    /** A user's DBC: problems become notes (file:line:column); a file with no message at all is an error. */
    private static DbcDatabase readUserDbc(Path file, List<String> notes) throws EngineException {
        String text = readUserFile(file);
        DbcParser.Result result = DbcParser.parse(file.toString(), text);
        for (DbcDiagnostic diagnostic : result.diagnostics()) {
            notes.add(diagnostic.toString());
        }
        if (result.database().messages().isEmpty()) {
            throw new EngineException(Kind.INPUT, file + ": no message (BO_) could be read from this DBC file"
                    + (result.diagnostics().isEmpty() ? "" : "; first problem: " + result.diagnostics().get(0)));
        }
        return result.database();
    }

    private static RegisterMap readRegisterMap(Path file) throws EngineException {
        try {
            if (RegisterMap.isBuiltIn(file.toString())) {
                return RegisterMap.builtIn(file.toString());
            }
            return RegisterMap.parse(file.toString(), readUserFile(file));
        } catch (IllegalArgumentException e) {
            throw new EngineException(Kind.INPUT, withFile(file, e.getMessage()));
        }
    }

    private static String readUserFile(Path file) throws EngineException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new EngineException(Kind.INPUT, file + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new EngineException(Kind.INPUT, withFile(file, e.getMessage()));
        }
    }

    /**
     * The protocol spec a store's first records show ({@code pylon-can+voltage-0.1V}), or {@code auto} when they
     * are too few to tell. Looks at up to {@value #DETECTION_RECORDS} records, or a second of traffic past the
     * decision so that variant evidence shows up too.
     */
    public static String detectSpec(TraceStore store) {
        if (store == null || store.size() == 0) {
            return DecoderSpec.AUTO;
        }
        ProtocolDetector detector = new ProtocolDetector();
        StoreCursor rows = store.cursor();
        int seen = 0;
        while (seen < DETECTION_RECORDS && rows.next()) {
            if (rows.bus() == BusKind.CAN || rows.bus() == BusKind.SERIAL) {
                detector.accept(rows.toRecord());
            }
            seen++;
            if (seen % 256 == 0 && detector.isDecided() && detector.spanNs() > 2_000_000_000L) {
                break;
            }
        }
        Detection detection = detector.result();
        return detection.isKnown() ? detection.decoderSpec() : DecoderSpec.AUTO;
    }

    // ---- pass

    /**
     * Reads {@code input} once, decoding every record (of the chosen channel) with a new decoder of
     * {@code decoder}, and feeds {@code consumers}.
     *
     * @throws EngineException the trace cannot be read (naming the file), or the chosen channel is not in it
     * @throws CancellationException when {@link PassOptions#cancelled()} said so
     */
    public PassResult pass(TraceInput input, ResolvedDecoder decoder, PassOptions options, PassConsumer... consumers)
            throws EngineException {
        Decoder running = decoder.newDecoder();
        Fan fan = new Fan(running, consumers, options);
        RecordFeeder feeder = fan.recordsWanted() ? new RecordFeeder(fan::record, options.channel())
                : RecordFeeder.ofFields(fan::frame, options.channel());
        ReadOptions readOptions = readOptions(options);
        ReadReport report;
        try {
            // a long trace is parsed on a second thread while this one decodes (the consumers stay on this one)
            report = options.readAhead() && input.sizeBytes() >= pipelineMinBytes
                    && Runtime.getRuntime().availableProcessors() > 1
                    ? FramePipeline.read(input.path(), input.format(), feeder, readOptions)
                    : Traces.read(input.path(), input.format(), feeder, readOptions);
            fan.finish();
        } catch (IOException e) {
            throw new EngineException(Kind.INPUT, withFile(input.path(), e.getMessage()));
        } catch (UncheckedIOException | CancellationException e) {
            throw e; // an output failed, or the user cancelled: the caller says so
        } catch (RuntimeException e) {
            // a decoder bug must still say which file it was reading
            throw new EngineException(Kind.INPUT, input.path() + ": cannot decode: " + e);
        }
        if (!feeder.channelFound()) {
            throw new EngineException(Kind.INPUT, input.path() + ": no channel " + options.channel() + "; it has "
                    + (feeder.channels().isEmpty() ? "none" : String.join(", ", feeder.channels())));
        }
        PassResult result = new PassResult(report, running, fan.records, fan.messages, feeder.channels(),
                List.copyOf(fan.channelsWithMessages));
        for (PassConsumer consumer : consumers) {
            consumer.finish(result);
        }
        return result;
    }

    /**
     * Reads the frames of {@code input} into {@code sink} without decoding: the fastest pass (a trace's summary,
     * its frame counts). Every channel; {@link PassOptions#channel()} does not apply.
     */
    public ReadReport scan(TraceInput input, PassOptions options, FrameSink sink) throws EngineException {
        ReadOptions readOptions = readOptions(options);
        try {
            return Traces.read(input.path(), input.format(), sink, readOptions);
        } catch (IOException e) {
            throw new EngineException(Kind.INPUT, withFile(input.path(), e.getMessage()));
        }
    }

    /**
     * Analyses {@code input} in one pass: each channel (one battery or pack) decoded with a new decoder of
     * {@code decoder}, judged against the profile's ratings when the decoder came from a profile.
     *
     * @param options findings kept per check and plot resolution (its decoders are replaced by {@code decoder}'s)
     * @param others more consumers of the same pass (they see every record; nothing is decoded for them)
     */
    public AnalysisReport analyze(TraceInput input, ResolvedDecoder decoder, AnalysisOptions options,
            PassOptions passOptions, PassConsumer... others) throws EngineException {
        AnalysisOptions resolved = new AnalysisOptions(decoder::newDecoder, decoder.description(), null, null,
                options.maxFindingsPerCheck(), options.plotBuckets(), options.reactionS());
        if (options.profileId() != null) {
            resolved = resolved.withProfile(options.profileId(), options.limits());
        } else if (decoder.profile().isPresent() && decoder.profile().get() instanceof BatteryProfile battery
                && battery.limits().isPresent()) {
            resolved = resolved.withProfile(battery.id(), battery.limits().get());
        }
        TraceAnalyzer analyzer = new TraceAnalyzer(resolved);
        PassConsumer[] consumers = java.util.Arrays.copyOf(others, others.length + 1);
        consumers[others.length] = new PassConsumer() {
            @Override
            public void record(TraceRecord record, long row) {
                analyzer.record(record, row);
            }

            @Override
            public boolean wantsMessages() {
                return false;
            }
        };
        PassResult result = pass(input, decoder, passOptions.withChannel(null), consumers);
        return analyzer.finish(input.path().toString(), result.read());
    }

    /**
     * Decodes rows {@code from .. to-1} (0-based row indexes) of a store with {@code decoder} (a decoder kept
     * between calls continues where the last call stopped, as a live capture grows), feeding {@code consumers}
     * with 1-based rows like {@link #pass}. {@link PassConsumer#finish} is not called: a store pass can go on.
     *
     * @return the index of the row after the last one decoded: {@code to}, or less when cancelled
     */
    public long passStore(TraceStore store, long from, long to, Decoder decoder, PassOptions options,
            PassConsumer... consumers) {
        long end = Math.min(to, store.size());
        if (from >= end) {
            return Math.max(from, end);
        }
        Fan fan = new Fan(decoder, consumers, options.withCancel(null));
        String only = options.channel();
        StoreCursor cursor = store.cursor();
        cursor.moveBefore(from);
        long row = from;
        while (row < end && cursor.next()) {
            TraceRecord record = cursor.toRecord();
            row++;
            if (only == null || only.equals(record.channel())) {
                fan.record(record, row);
            }
            if ((row & 0xFFF) == 0) {
                if (options.progressBytes() != null) {
                    options.progressBytes().accept(row - from);
                }
                if (options.cancelled() != null && options.cancelled().getAsBoolean()) {
                    return row;
                }
            }
        }
        return row;
    }

    /**
     * Imports a text trace into a new trace store at {@code target} (a viewer pages a store; text cannot be
     * paged). The store is written under a temporary name and moved into place when complete.
     *
     * @return the reader's report: frames, skipped lines with file:line
     * @throws CancellationException when {@link PassOptions#cancelled()} said so (nothing is left behind)
     */
    public ReadReport importToStore(TraceInput input, Path target, PassOptions options) throws EngineException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        ReadOptions readOptions = readOptions(options);
        ReadReport report;
        try {
            try (TraceWriter writer = Traces.writer(part, TraceFormat.STORE)) {
                report = Traces.read(input.path(), input.format(), new CancellableSink(writer, options), readOptions);
            }
            if (options.cancelled() != null && options.cancelled().getAsBoolean()) {
                throw new CancellationException(); // a small file may end before any check inside ran
            }
            Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(part);
            throw new EngineException(Kind.INPUT, withFile(input.path(), e.getMessage()));
        } catch (RuntimeException e) {
            deleteQuietly(part);
            throw e;
        }
        return report;
    }

    /** What {@link #pass} reports for a store opened directly (no line was read). */
    public static ReadReport storeReport(Path file, TraceStore store) {
        List<String> problems = store.problems().stream().map(problem -> file + ": " + problem.describe()).toList();
        return new ReadReport(TraceFormat.STORE, store.size(), 0, 0, 0, Map.of(), problems,
                problems.isEmpty() ? "" : store.framesLost() + " frames lost to damaged bytes of the store:\n"
                        + String.join("\n", problems));
    }

    /** The reader's options for a pass: strict or lenient, with the pass's progress. */
    private static ReadOptions readOptions(PassOptions options) {
        ReadOptions read = options.strict() ? ReadOptions.STRICT : ReadOptions.LENIENT;
        return options.progressBytes() == null ? read : read.withProgress(options.progressBytes());
    }

    /** {@code site.log: reason}, unless the reader's message already starts with the file. */
    public static String withFile(Path file, String message) {
        String text = message == null ? "cannot read" : message;
        return text.startsWith(file.toString()) ? text : file + ": " + text;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file: the cache folder is cleaned on the next start
        }
    }

    /**
     * Decodes each record once and hands every consumer what it asked for: messages are built only when a consumer
     * wants them; otherwise records are folded straight into the state ({@link Decoder#fold}), which allocates
     * nothing per frame on the CAN path.
     */
    private static final class Fan {
        private final Decoder decoder;
        private final PassConsumer[] consumers;
        private final PassConsumer[] stateConsumers;
        private final java.util.function.BooleanSupplier cancelled;
        private final boolean decoding;
        private final boolean messagesWanted;
        private final boolean recordsWanted;
        private final Consumer<DecodedMessage> onMessage = this::message;
        private final Set<String> channelsWithMessages = new LinkedHashSet<>();
        private String lastChannelWithMessages;
        private long row;
        private long records;
        private long messages;
        private boolean changed;

        Fan(Decoder decoder, PassConsumer[] consumers, PassOptions options) {
            this.decoder = decoder;
            this.consumers = consumers.clone();
            this.stateConsumers = java.util.Arrays.stream(consumers).filter(PassConsumer::wantsState)
                    .toArray(PassConsumer[]::new);
            this.cancelled = options.cancelled();
            this.messagesWanted = java.util.Arrays.stream(consumers).anyMatch(PassConsumer::wantsMessages);
            this.recordsWanted = messagesWanted || java.util.Arrays.stream(consumers).anyMatch(
                    PassConsumer::wantsRecords);
            // without consumers the caller wants the decoder's final state
            this.decoding = consumers.length == 0 || stateConsumers.length > 0 || messagesWanted;
        }

        void record(TraceRecord record, long recordRow) {
            if (cancelled != null && (records & 0xFFFF) == 0xFFFF && cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            row = recordRow;
            records++;
            for (PassConsumer consumer : consumers) {
                consumer.record(record, recordRow);
            }
            if (!decoding) {
                return;
            }
            if (messagesWanted) {
                changed = false;
                decoder.decode(record, onMessage);
            } else {
                int completed = decoder.fold(record);
                changed = completed > 0;
                if (changed) {
                    messages += completed;
                    channelWithMessages(record.channel());
                }
            }
            if (changed) {
                stateChanged(recordRow, record.timestampNs());
            }
        }

        /** Whether a record must be made for each frame (see {@link #frame} for when not). */
        boolean recordsWanted() {
            return recordsWanted;
        }

        /**
         * As {@link #record} when no consumer wants records or messages: the frame is folded from the reader's
         * buffer.
         */
        void frame(long frameRow, long timestampNs, String channel, BusKind bus, int identifier, int flags,
                byte[] payload, int offset, int length) {
            if (cancelled != null && (records & 0xFFFF) == 0xFFFF && cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            row = frameRow;
            records++;
            if (!decoding) {
                return;
            }
            int completed = decoder.fold(timestampNs, channel, bus, identifier, flags, payload, offset, length);
            if (completed > 0) {
                messages += completed;
                channelWithMessages(channel);
                stateChanged(frameRow, timestampNs);
            }
        }

        /**
         * The state after the record of {@code atRow} to the consumers that want it (built only for them), at the
         * record's time, or at the state's own for what the decoder held back ({@code recordTimeNs}
         * {@link Long#MIN_VALUE}).
         */
        private void stateChanged(long atRow, long recordTimeNs) {
            if (stateConsumers.length > 0) {
                BatteryState state = decoder.state();
                long timeNs = recordTimeNs == Long.MIN_VALUE ? state.timestampNs() : recordTimeNs;
                for (PassConsumer consumer : stateConsumers) {
                    consumer.stateChanged(atRow, timeNs, state);
                }
            }
        }

        private void channelWithMessages(String channel) {
            if (channel != lastChannelWithMessages) { // the readers give one String per channel: mostly no lookup
                lastChannelWithMessages = channel;
                channelsWithMessages.add(channel);
            }
        }

        private void message(DecodedMessage message) {
            changed = true;
            messages++;
            channelWithMessages(message.channel());
            for (PassConsumer consumer : consumers) {
                consumer.message(message, row);
            }
        }

        void finish() {
            if (!decoding) {
                return;
            }
            changed = false;
            decoder.finish(onMessage);
            if (changed) {
                stateChanged(row, Long.MIN_VALUE);
            }
        }
    }

    /** Passes frames on to the store writer, checking every 64 Ki frames whether the user cancelled. */
    private static final class CancellableSink implements FrameSink {
        private final TraceWriter writer;
        private final java.util.function.BooleanSupplier cancelled;
        private long frames;

        CancellableSink(TraceWriter writer, PassOptions options) {
            this.writer = writer;
            this.cancelled = options.cancelled();
        }

        @Override
        public void channel(int channelIndex, String name, BusKind bus) throws IOException {
            writer.channel(channelIndex, name, bus);
        }

        @Override
        public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                int payloadOffset, int length) throws IOException {
            if (cancelled != null && (++frames & 0xFFFF) == 0 && cancelled.getAsBoolean()) {
                throw new CancellationException();
            }
            writer.frame(timestampNs, channelIndex, identifier, flags, payload, payloadOffset, length);
        }
    }
}
