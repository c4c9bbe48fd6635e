package org.bmsw.analysis.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.bmsw.analysis.AlarmEpisode;
import org.bmsw.analysis.AlarmEpisodeTracker;
import org.bmsw.analysis.ChannelReport;
import org.bmsw.analysis.Checks;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.FrameRef;
import org.bmsw.analysis.QuantityRange;
import org.bmsw.analysis.Series;
import org.bmsw.analysis.Severity;
import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.profiles.NominalLimits;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.LayoutMismatch;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.detect.Detection;
import org.bmsw.protocol.detect.PeriodCheck;
import org.bmsw.protocol.detect.ProtocolDetector;

/**
 * The analysis of one channel (one battery or pack): its own decoder, fed record by record, and every per-battery
 * check, in one pass with bounded memory (per-quantity counters, per-identifier timers, decimated plots, open
 * episodes; findings go to the shared {@link FindingCollector}).
 */
public final class ChannelAnalysis {

    /** Told about each pack's SOC and voltage, for the checks across packs. */
    public interface StackListener {
        void value(ChannelAnalysis pack, Quantity quantity, double value, FrameRef frame);
    }

    /** The quantities plotted, in the report's order. */
    public static final List<Quantity> PLOTTED = List.of(Quantity.SOC, Quantity.VOLTAGE, Quantity.CURRENT,
            Quantity.TEMPERATURE, Quantity.CHARGE_VOLTAGE_LIMIT, Quantity.DISCHARGE_VOLTAGE_LIMIT,
            Quantity.CHARGE_CURRENT_LIMIT, Quantity.DISCHARGE_CURRENT_LIMIT);

    private static final Map<String, Quantity> BY_NAME = new HashMap<>();
    private static final long MINUTE_NS = 60_000_000_000L;
    private static final long FROZEN_NS = 10 * MINUTE_NS;
    private static final int FROZEN_FRAMES = 60;
    private static final long SOC_JUMP_WINDOW_NS = 5 * MINUTE_NS;
    private static final int MAX_PROBLEM_KINDS = 20;
    private static final int MAX_TIMED_IDS = 512;

    static {
        for (Quantity q : Quantity.values()) {
            BY_NAME.put(q.canonicalName(), q);
        }
    }

    private static final class IdTiming {
        long lastNs;
        long lastRow;
        long frames;
    }

    private static final class ProblemKind {
        final String example;
        final FrameRef first;
        FrameRef last;
        long count;

        ProblemKind(String example, FrameRef first) {
            this.example = example;
            this.first = first;
            this.last = first;
        }
    }

    /** The frames of one identifier that did not fit its layout, and how many did. */
    private static final class MismatchedId {
        final LayoutMismatch example;
        final List<FrameRef> frames = new ArrayList<>(Checks.MAX_FRAMES);
        FrameRef last;
        long count;

        MismatchedId(LayoutMismatch example) {
            this.example = example;
        }
    }

    /** Gaps of several identifiers over the same silence, reported as one finding. */
    private static final class GapGroup {
        long startNs;
        long endNs;
        long longestNs;
        Severity severity;
        final List<String> ids = new ArrayList<>();
        FrameRef before;
        FrameRef after;
    }

    /** The message of a CAN frame and what the checks take from it, for the frame's identical repeats. */
    private static final class Repeat {
        int identifier;
        int flags;
        int length;
        long bytes;
        Decoder by;
        DecodedMessage message;
        Plan plan;
    }

    /** A message's signals as the checks read them: the quantity of each valid canonical number, or null. */
    private static final class Plan {
        Quantity[] quantities;
        boolean canonical;
        boolean measurement;
        /** A limit or a permission: the compliance checks note the changes. */
        boolean limit;
        /** Indexes of the inverter's own measurements among the signals, -1 when absent. */
        int inverterCurrent = -1;
        int inverterVoltage = -1;
        IdTiming timing;
        private String idText;
        private int canId;

        /** The message id's CAN identifier ({@link RowRing#canId}), parsed once. */
        int canId(String id, boolean can) {
            if (id != idText) {
                idText = id;
                canId = RowRing.canId(id, true);
            }
            return can ? canId : -1;
        }
    }

    private static final int REPEAT_SLOTS = 256;

    /** Room before the decoding thread's fields: they are written per record while the check thread writes its own. */
    @SuppressWarnings("unused")
    private static class DecodingPadBefore {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    private static class DecodingFields extends DecodingPadBefore {
        long records;
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
        /** Whether the record being decoded is a CAN frame. */
        boolean can;
        int decodedCount;
        DecodedMessage lastDecoded;
        Plan lastPlan;
    }

    /**
     * The fields the decoding thread writes for every record, padded on both sides: beside fields the check thread
     * writes for every message, each write would take the cache line from the other core.
     */
    @SuppressWarnings("unused")
    private static final class Decoding extends DecodingFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    private final String channel;
    private final Decoder decoder;
    private final ProtocolDetector detector;
    private final FindingCollector findings;
    private final NominalLimits ratings;
    private final StackListener stack;
    private final AlarmEpisodeTracker alarms;
    private final Map<Alarm, String> alarmIds = new HashMap<>();
    private final RowRing ring = new RowRing();
    private final Map<String, IdTiming> timing = new HashMap<>();
    private final Map<String, ProblemKind> problems = new LinkedHashMap<>();
    private final Map<String, MismatchedId> mismatched = new LinkedHashMap<>();
    private long otherProblems;
    private GapGroup gap;

    private final Repeat[] repeats = new Repeat[REPEAT_SLOTS];
    private final java.util.function.Consumer<DecodedMessage> onMessage = this::decoded;
    /** What the decoding thread writes per record, on cache lines of its own (see {@link Decoding}). */
    private final Decoding decoding = new Decoding();

    private long messages;
    private long batteryMessages;
    /** Where the checks of each message run; null: at once, on the decoding thread. */
    private CheckThread checkThread;
    // the checks' side: the message being judged, whether it came from a CAN frame and the protocol it was decoded by
    private String currentMessageId = "";
    private boolean checkedCan;
    private String checkedProtocol = "";

    private final double[] value = new double[Quantity.values().length];
    private final double[] min = new double[Quantity.values().length];
    private final double[] max = new double[Quantity.values().length];
    private final long[] count = new long[Quantity.values().length];
    private final Map<Quantity, Decimator> byTime = new EnumMap<>(Quantity.class);
    private final Map<Quantity, Decimator> byRow = new EnumMap<>(Quantity.class);
    private FrameRef lastSocFrame;
    private FrameRef lastModulesFrame;

    // frozen values: the current run of identical values
    private final Map<Quantity, double[]> runValue = new EnumMap<>(Quantity.class);
    private final Map<Quantity, FrameRef[]> runFrames = new EnumMap<>(Quantity.class);
    private final Map<Quantity, long[]> runCount = new EnumMap<>(Quantity.class);

    private final ComplianceJudge compliance;
    private final Map<Quantity, Episode> range = new EnumMap<>(Quantity.class);
    private final Map<Quantity, double[]> rangeBounds = new EnumMap<>(Quantity.class);
    private final Episode cellVoltageOrder;
    private final Episode cellTemperatureOrder;
    private final Map<Quantity, Episode> profileRange = new EnumMap<>(Quantity.class);

    public ChannelAnalysis(String channel, Decoder decoder, FindingCollector findings, NominalLimits ratings,
            int plotBuckets, StackListener stack) {
        this(channel, decoder, findings, ratings, plotBuckets, stack,
                org.bmsw.analysis.AnalysisOptions.DEFAULT_REACTION_S);
    }

    /** @param reactionS the reaction time the compliance checks allow after a limit change */
    public ChannelAnalysis(String channel, Decoder decoder, FindingCollector findings, NominalLimits ratings,
            int plotBuckets, StackListener stack, double reactionS) {
        this.channel = channel;
        this.decoder = decoder;
        this.detector = decoder instanceof AutoDecoder ? null : new ProtocolDetector();
        this.findings = findings;
        this.ratings = ratings;
        this.stack = stack;
        this.alarms = new AlarmEpisodeTracker();
        alarms.addListener(episode -> {
            if (episode.isOpen()) {
                alarmIds.put(episode.alarm(), currentMessageId);
            } else {
                findings.add(alarmFinding(episode)); // as it ends, so every episode counts, however many
            }
        });
        java.util.Arrays.fill(value, Double.NaN);
        for (Quantity q : PLOTTED) {
            byTime.put(q, new Decimator(plotBuckets, 1_000_000L));
            byRow.put(q, new Decimator(plotBuckets, 1));
        }
        for (Quantity q : List.of(Quantity.VOLTAGE, Quantity.MIN_CELL_VOLTAGE, Quantity.MAX_CELL_VOLTAGE)) {
            runValue.put(q, new double[] { Double.NaN });
            runFrames.put(q, new FrameRef[2]);
            runCount.put(q, new long[1]);
        }
        compliance = new ComplianceJudge(channel, findings, reactionS);
        rangeCheck(Quantity.SOC, 0, 100, Severity.ERROR);
        rangeCheck(Quantity.SOC_HIRES, 0, 100, Severity.ERROR);
        rangeCheck(Quantity.SOH, 0, 100, Severity.ERROR);
        rangeCheck(Quantity.MIN_CELL_VOLTAGE, 1500, 4500, Severity.WARNING);
        rangeCheck(Quantity.MAX_CELL_VOLTAGE, 1500, 4500, Severity.WARNING);
        rangeCheck(Quantity.TEMPERATURE, -40, 90, Severity.WARNING);
        rangeCheck(Quantity.MIN_CELL_TEMPERATURE, -40, 90, Severity.WARNING);
        rangeCheck(Quantity.MAX_CELL_TEMPERATURE, -40, 90, Severity.WARNING);
        cellVoltageOrder = new Episode(Checks.VALUES_INCONSISTENT, Severity.ERROR, channel, "min_cell_mV", 1,
                (w, l, s, e, n) -> "min_cell_mV " + Text.num(w) + " mV above max_cell_mV " + Text.num(l) + " mV");
        cellTemperatureOrder = new Episode(Checks.VALUES_INCONSISTENT, Severity.ERROR, channel, "min_cell_temp_C", 1,
                (w, l, s, e, n) -> "min_cell_temp_C " + Text.num(w) + " °C above max_cell_temp_C " + Text.num(l)
                        + " °C");
        if (ratings != null) {
            profileCheck(Quantity.CHARGE_VOLTAGE_LIMIT, 1, Severity.ERROR, "above the rated maximum voltage");
            profileCheck(Quantity.DISCHARGE_VOLTAGE_LIMIT, -1, Severity.ERROR, "below the rated minimum voltage");
            profileCheck(Quantity.CHARGE_CURRENT_LIMIT, 1, Severity.ERROR,
                    "above the rated charge current times module_count");
            profileCheck(Quantity.DISCHARGE_CURRENT_LIMIT, 1, Severity.ERROR,
                    "above the rated discharge current times module_count");
            profileCheck(Quantity.VOLTAGE, 0, Severity.WARNING, "outside the rated voltage range (+-2 %)");
            profileCheck(Quantity.CURRENT, 0, Severity.ERROR, "beyond the rated current times module_count");
        }
    }

    private void rangeCheck(Quantity q, double low, double high, Severity severity) {
        rangeBounds.put(q, new double[] { low, high });
        range.put(q, new Episode(Checks.VALUES_RANGE, severity, channel, q.canonicalName(), 0,
                (w, l, s, e, n) -> q.canonicalName() + " = " + Text.num(w) + " " + q.unit() + " outside "
                        + Text.num(low) + ".." + Text.num(high) + " " + q.unit() + ", " + n + " value"
                        + (n == 1 ? "" : "s")));
    }

    private void profileCheck(Quantity q, int direction, Severity severity, String what) {
        profileRange.put(q, new Episode(Checks.PROFILE_RANGE, severity, channel, q.canonicalName(), direction,
                (w, l, s, e, n) -> q.canonicalName() + " " + Text.num(w) + " " + q.unit() + " " + what + " ("
                        + Text.num(l) + " " + q.unit() + ")" + (e > s ? " for " + Text.duration(e - s) : "")));
    }

    /**
     * The time and row of this pack's latest SOC or voltage, {@code {ns, row}}, or null before the first: kept by
     * the checks across packs.
     */
    public long[] stackSeen;

    public String channel() {
        return channel;
    }

    public boolean isBattery() {
        return batteryMessages > 0;
    }

    public long lastNs() {
        return decoding.lastNs;
    }

    /** The limits lowered on this channel, each with the reaction observed. */
    public List<org.bmsw.analysis.LimitChange> limitChanges() {
        return compliance.changes();
    }

    public double value(Quantity quantity) {
        return value[quantity.ordinal()];
    }

    /**
     * From now on, runs the checks of each decoded message on {@code thread} (null: at once again). Decoding stays
     * on the thread that calls {@link #record}; the checks get the state, row and time worked out there.
     */
    public void checksOn(CheckThread thread) {
        this.checkThread = thread;
    }

    /** Feeds one record of this channel. */
    public void record(TraceRecord record, long row) {
        decoding.records++;
        long t = record.timestampNs();
        decoding.firstNs = Math.min(decoding.firstNs, t);
        decoding.lastNs = Math.max(decoding.lastNs, t);
        decoding.can = record.bus() == BusKind.CAN;
        if (detector != null) {
            detector.accept(record);
        }
        ring.add(t, decoding.can ? record.identifier() : -1, row);
        if (decoding.can && replay(record)) {
            return;
        }
        Decoder before = chosenCanDecoder();
        decoding.decodedCount = 0;
        decoder.decode(record, onMessage);
        if (before != null && decoding.decodedCount == 1 && !decoding.lastDecoded.isLayoutMismatch()
                && chosenCanDecoder() == before && record.payload().length <= 8) {
            remember(record, before);
        }
    }

    /**
     * The CAN decoder that decodes this channel's frames now, or null while the auto decoder is still detecting
     * (or when the decoder is not a CAN one): a frame's message is then a function of its identifier, flags and
     * bytes alone.
     */
    private Decoder chosenCanDecoder() {
        if (decoder instanceof CanDecoder) {
            return decoder;
        }
        return decoder instanceof AutoDecoder auto && auto.chosen() instanceof CanDecoder chosen ? chosen : null;
    }

    private void remember(TraceRecord record, Decoder by) {
        int identifier = record.identifier();
        Repeat repeat = repeats[repeatSlot(identifier)];
        if (repeat == null) {
            repeat = new Repeat();
            repeats[repeatSlot(identifier)] = repeat;
        }
        repeat.identifier = identifier;
        repeat.flags = record.flags();
        repeat.length = record.payload().length;
        repeat.bytes = packed(record.payload());
        repeat.by = by;
        repeat.message = decoding.lastDecoded;
        repeat.plan = decoding.lastPlan;
    }

    /**
     * A CAN frame with the identifier, flags and bytes of the last one decoded of its identifier: folded into the
     * decoder's state without building its message again (the CAN decoder's message depends on nothing else), and
     * that message judged at this frame's time.
     */
    private boolean replay(TraceRecord record) {
        byte[] payload = record.payload();
        int identifier = record.identifier();
        Repeat repeat = repeats[repeatSlot(identifier)];
        if (repeat == null || repeat.identifier != identifier || payload.length > 8 || repeat.length != payload.length
                || repeat.flags != record.flags() || repeat.bytes != packed(payload)
                || repeat.by != chosenCanDecoder()) {
            return false;
        }
        int completed = decoder.fold(record);
        if (completed != 1) {
            throw new IllegalStateException("a repeated CAN frame folded into " + completed + " messages, not 1");
        }
        message(repeat.message, record.timestampNs(), repeat.plan);
        return true;
    }

    private static int repeatSlot(int identifier) {
        return (identifier ^ identifier >>> 11 ^ identifier >>> 19) & (REPEAT_SLOTS - 1);
    }

    private static long packed(byte[] payload) {
        long bits = 0;
        for (byte b : payload) {
            bits = bits << 8 | (b & 0xFF);
        }
        return bits;
    }

    private void decoded(DecodedMessage m) {
        decoding.decodedCount++;
        decoding.lastDecoded = m;
        decoding.lastPlan = plan(m);
        message(m, m.timestampNs(), decoding.lastPlan);
    }

    /** What the checks take from a message's signals, worked out once per distinct message. */
    private static Plan plan(DecodedMessage m) {
        Plan plan = new Plan();
        List<DecodedSignal> signals = m.signals();
        plan.quantities = new Quantity[signals.size()];
        for (int i = 0; i < signals.size(); i++) {
            DecodedSignal signal = signals.get(i);
            if (signal.canonical()) {
                plan.canonical = true;
                String name = signal.name();
                plan.measurement |= name.equals("current_A") || name.equals("voltage_V");
                plan.limit |= name.endsWith("_limit_A") || name.endsWith("_limit_V") || name.endsWith("_enable");
                if (signal.valid() && !signal.isText()) {
                    plan.quantities[i] = BY_NAME.get(name);
                }
            } else if (signal.valid() && !signal.isText()) {
                // the inverter's own measurements (battery-state.md): judged against the limits beside the battery's
                switch (signal.name()) {
                case "inverter_current_A" -> plan.inverterCurrent = i;
                case "inverter_voltage_V" -> plan.inverterVoltage = i;
                default -> {
                }
                }
            }
        }
        return plan;
    }

    /**
     * A decoded message, on the decoding thread: what its checks need of this moment (the frame's row, the state the
     * decoder folded so far, the protocol it decodes with), then the checks, here or on the check thread.
     */
    private void message(DecodedMessage m, long timestampNs, Plan plan) {
        long row = ring.rowOf(timestampNs, plan.canId(m.id(), decoding.can));
        // the state as folded at this message: the checks may run later, on the check thread
        BatteryState state = (plan.canonical || plan.inverterVoltage >= 0) && !m.isLayoutMismatch() ? decoder.state()
                : null;
        if (checkThread != null) {
            checkThread.add(this, m, timestampNs, plan, row, state, decoder.protocolId(), decoding.can);
        } else {
            checks(m, timestampNs, plan, row, state, decoder.protocolId(), decoding.can);
        }
    }

    /** The checks of one message, in the order messages were decoded (see {@link #message}). */
    void checks(DecodedMessage m, long timestampNs, Object checkPlan, long row, BatteryState state,
            String protocolId, boolean fromCan) {
        Plan plan = (Plan) checkPlan;
        checkedCan = fromCan;
        checkedProtocol = protocolId;
        FrameRef frame = new FrameRef(row, timestampNs, channel, m.id());
        messages++;
        currentMessageId = m.id();
        timing(m.id(), frame, plan);
        if (!m.problems().isEmpty()) {
            problems(m, frame);
        }
        if (m.isLayoutMismatch()) {
            mismatch(m.layoutMismatch(), frame);
            return; // values of a layout the battery does not send: nothing to judge
        }
        if (plan.inverterVoltage >= 0) {
            compliance.inverter(state, plan.inverterCurrent < 0 ? Double.NaN
                    : m.signals().get(plan.inverterCurrent).value(), m.signals().get(plan.inverterVoltage).value(),
                    frame);
        }
        if (!plan.canonical) {
            return;
        }
        batteryMessages++;
        alarms.update(timestampNs, state, row);
        boolean cellVoltages = false;
        boolean cellTemperatures = false;
        Quantity[] quantities = plan.quantities;
        for (Quantity q : quantities) {
            if (q != null) {
                cellVoltages |= q == Quantity.MIN_CELL_VOLTAGE || q == Quantity.MAX_CELL_VOLTAGE;
                cellTemperatures |= q == Quantity.MIN_CELL_TEMPERATURE || q == Quantity.MAX_CELL_TEMPERATURE;
                OptionalDouble folded = state.get(q);
                if (folded.isPresent()) {
                    quantity(q, folded.getAsDouble(), frame);
                }
            }
        }
        // after every value of the message is in: its minimum and maximum arrive together
        if (cellVoltages) {
            order(cellVoltageOrder, Quantity.MIN_CELL_VOLTAGE, Quantity.MAX_CELL_VOLTAGE, frame);
        }
        if (cellTemperatures) {
            order(cellTemperatureOrder, Quantity.MIN_CELL_TEMPERATURE, Quantity.MAX_CELL_TEMPERATURE, frame);
        }
        if (plan.limit) {
            compliance.limits(state, frame);
        }
        if (plan.measurement) {
            compliance.battery(state, value[Quantity.CURRENT.ordinal()], value[Quantity.VOLTAGE.ordinal()], frame);
        }
    }

    private void timing(String id, FrameRef frame, Plan plan) {
        IdTiming t = plan.timing; // an identifier's timing, once it has one, is never replaced
        if (t == null) {
            t = timing.get(id);
            plan.timing = t;
        }
        if (t == null) {
            if (timing.size() < MAX_TIMED_IDS) {
                t = new IdTiming();
                t.lastNs = frame.timestampNs();
                t.lastRow = frame.row();
                t.frames = 1;
                timing.put(id, t);
            }
            return;
        }
        t.frames++;
        long gapNs = frame.timestampNs() - t.lastNs;
        Severity severity = gapSeverity(id, gapNs);
        if (severity != null) {
            FrameRef before = new FrameRef(t.lastRow, t.lastNs, channel, id);
            if (gap != null && Math.abs(gap.startNs - t.lastNs) <= 2_000_000_000L) {
                gap.ids.add(id);
                gap.endNs = Math.max(gap.endNs, frame.timestampNs());
                gap.longestNs = Math.max(gap.longestNs, gapNs);
                if (severity.compareTo(gap.severity) > 0) {
                    gap.severity = severity;
                }
            } else {
                flushGap();
                gap = new GapGroup();
                gap.startNs = t.lastNs;
                gap.endNs = frame.timestampNs();
                gap.longestNs = gapNs;
                gap.severity = severity;
                gap.ids.add(id);
                gap.before = before;
                gap.after = frame;
            }
        }
        t.lastNs = frame.timestampNs();
        t.lastRow = frame.row();
    }

    /** Null when the gap is fine for the protocol. */
    private Severity gapSeverity(String id, long gapNs) {
        String protocol = checkedProtocol;
        if (protocol.equals("sma-can")) {
            // SMA-TI: no 0x355 for 60 s is error F952 (standby), no 0x351 for 60 s warning W952
            return gapNs >= 60_000_000_000L ? (id.equals("0x355") ? Severity.ERROR : Severity.WARNING) : null;
        }
        if (!checkedCan) {
            return gapNs > 60_000_000_000L ? Severity.WARNING : null;
        }
        return gapNs > 2_000_000_000L ? Severity.WARNING : null;
    }

    private void flushGap() {
        flushGap(checkedProtocol, checkedCan);
    }

    /** The gap group as a finding, described for {@code protocolId}. */
    private void flushGap(String protocolId, boolean fromCan) {
        if (gap == null) {
            return;
        }
        findings.add(new Finding(Checks.TIMING_GAP, gap.severity, channel, String.join(", ", gap.ids)
                + " silent for " + Text.duration(gap.longestNs) + " (" + protocolId
                + (protocolId.equals("sma-can") ? " allows 60 s)" : fromCan ? " sends every 1 s)"
                        : " is polled; over 60 s)"), gap.startNs, gap.endNs, "gap_s",
                gap.longestNs / 1e9, Double.NaN, List.of(gap.before, gap.after)));
        gap = null;
    }

    private void mismatch(LayoutMismatch mismatch, FrameRef frame) {
        MismatchedId id = mismatched.get(mismatch.id());
        if (id == null) {
            if (mismatched.size() >= MAX_TIMED_IDS) {
                return;
            }
            id = new MismatchedId(mismatch);
            mismatched.put(mismatch.id(), id);
        }
        id.count++;
        if (id.frames.size() < Checks.MAX_FRAMES - 1) {
            id.frames.add(frame);
        }
        id.last = frame;
    }

    private void problems(DecodedMessage m, FrameRef frame) {
        String mismatch = m.isLayoutMismatch() ? m.layoutMismatch().text() : null;
        for (String problem : m.problems()) {
            if (problem.equals(mismatch)) {
                continue; // its own finding
            }
            String kind = problem.replaceAll("-?\\d+(\\.\\d+)?", "#");
            ProblemKind known = problems.get(kind);
            if (known == null) {
                if (problems.size() >= MAX_PROBLEM_KINDS) {
                    otherProblems++;
                    continue;
                }
                known = new ProblemKind(problem, frame);
                problems.put(kind, known);
            }
            known.count++;
            known.last = frame;
        }
    }

    private void quantity(Quantity q, double v, FrameRef frame) {
        int i = q.ordinal();
        double previous = value[i];
        value[i] = v;
        if (count[i]++ == 0) {
            min[i] = v;
            max[i] = v;
        } else {
            min[i] = Math.min(min[i], v);
            max[i] = Math.max(max[i], v);
        }
        Decimator plot = byTime.get(q);
        if (plot != null) {
            plot.add(frame.timestampNs(), v);
            byRow.get(q).add(frame.row(), v);
        }
        double[] run = runValue.get(q);
        if (run != null) {
            frozen(q, run, v, frame);
        }
        Episode rangeEpisode = range.get(q);
        if (rangeEpisode != null) {
            double[] bounds = rangeBounds.get(q);
            boolean low = v < bounds[0];
            findings.add(rangeEpisode.update(low || v > bounds[1], v, low ? bounds[0] : bounds[1], frame));
        }
        switch (q) {
        case SOC -> {
            if (!Double.isNaN(previous) && Math.abs(v - previous) >= 5 && lastSocFrame != null
                    && frame.timestampNs() - lastSocFrame.timestampNs() <= SOC_JUMP_WINDOW_NS) {
                findings.add(new Finding(Checks.SOC_JUMP, Severity.WARNING, channel, "soc_pct jumped from "
                        + Text.num(previous) + " % to " + Text.num(v) + " % in "
                        + Text.duration(frame.timestampNs() - lastSocFrame.timestampNs()), lastSocFrame.timestampNs(),
                        frame.timestampNs(), "soc_pct", v - previous, Double.NaN, List.of(lastSocFrame, frame)));
            }
            lastSocFrame = frame;
            stack.value(this, q, v, frame);
        }
        case VOLTAGE -> stack.value(this, q, v, frame);
        case MODULE_COUNT -> {
            if (!Double.isNaN(previous) && v != previous) {
                boolean fell = v < previous;
                findings.add(new Finding(Checks.PACKS_MODULE_COUNT, fell ? Severity.ERROR : Severity.WARNING,
                        channel, "module_count " + (fell ? "fell" : "rose") + " from " + Text.num(previous) + " to "
                                + Text.num(v) + (fell ? ": a pack left the stack" : ": a pack joined the stack"),
                        lastModulesFrame.timestampNs(), frame.timestampNs(), "module_count", v, previous,
                        List.of(lastModulesFrame, frame)));
            }
            lastModulesFrame = frame;
        }
        default -> {
        }
        }
        if (ratings != null) {
            profile(q, v, frame);
        }
    }

    private void order(Episode episode, Quantity low, Quantity high, FrameRef frame) {
        double a = value[low.ordinal()];
        double b = value[high.ordinal()];
        if (!Double.isNaN(a) && !Double.isNaN(b)) {
            findings.add(episode.update(a > b, a, b, frame));
        }
    }

    private void frozen(Quantity q, double[] run, double v, FrameRef frame) {
        FrameRef[] frames = runFrames.get(q);
        long[] n = runCount.get(q);
        if (v == run[0]) {
            n[0]++;
            frames[1] = frame;
            return;
        }
        flushFrozen(q);
        run[0] = v;
        frames[0] = frame;
        frames[1] = frame;
        n[0] = 1;
    }

    private void flushFrozen(Quantity q) {
        FrameRef[] frames = runFrames.get(q);
        long n = runCount.get(q)[0];
        if (frames[0] != null && n >= FROZEN_FRAMES && frames[1].timestampNs() - frames[0].timestampNs() >= FROZEN_NS) {
            double v = runValue.get(q)[0];
            findings.add(new Finding(Checks.VALUES_FROZEN, Severity.WARNING, channel, q.canonicalName() + " stayed at "
                    + Text.num(v) + " " + q.unit() + " for " + Text.duration(frames[1].timestampNs()
                            - frames[0].timestampNs()) + " over " + n + " frames: frozen BMS or replayed frame?",
                    frames[0].timestampNs(), frames[1].timestampNs(), q.canonicalName(), v, Double.NaN,
                    List.of(frames[0], frames[1])));
        }
    }

    private void profile(Quantity q, double v, FrameRef frame) {
        Episode episode = profileRange.get(q);
        if (episode == null) {
            return;
        }
        boolean modulesKnown = !Double.isNaN(value[Quantity.MODULE_COUNT.ordinal()]);
        if (!modulesKnown && messages < 20 && (q == Quantity.CHARGE_CURRENT_LIMIT
                || q == Quantity.DISCHARGE_CURRENT_LIMIT || q == Quantity.CURRENT)) {
            return; // the first cycle: module_count (Pylon 0x359) may come after the limits; 1 if it never does
        }
        double modules = modulesKnown ? Math.max(1, value[Quantity.MODULE_COUNT.ordinal()]) : 1;
        switch (q) {
        case CHARGE_VOLTAGE_LIMIT -> findings.add(episode.update(v > ratings.maxVoltageV() + 0.05, v,
                ratings.maxVoltageV(), frame));
        case DISCHARGE_VOLTAGE_LIMIT -> findings.add(episode.update(v < ratings.minVoltageV() - 0.05, v,
                ratings.minVoltageV(), frame));
        case CHARGE_CURRENT_LIMIT -> findings.add(episode.update(v > ratings.maxChargeCurrentA() * modules + 0.5, v,
                ratings.maxChargeCurrentA() * modules, frame));
        case DISCHARGE_CURRENT_LIMIT -> findings.add(episode.update(
                v > ratings.maxDischargeCurrentA() * modules + 0.5, v, ratings.maxDischargeCurrentA() * modules,
                frame));
        case VOLTAGE -> {
            boolean low = v < ratings.minVoltageV() * 0.98;
            findings.add(episode.update(low || v > ratings.maxVoltageV() * 1.02, v,
                    low ? ratings.minVoltageV() : ratings.maxVoltageV(), frame));
        }
        case CURRENT -> {
            double charge = ratings.maxChargeCurrentA() * modules;
            double discharge = ratings.maxDischargeCurrentA() * modules;
            boolean low = v < -(discharge * 1.05 + 1);
            findings.add(episode.update(low || v > charge * 1.05 + 1, v, low ? -discharge : charge, frame));
        }
        default -> {
        }
        }
    }

    /** Ends every open episode at the end of the trace and reports what the whole channel shows. */
    public ChannelReport finish(boolean timestamps) {
        checkThread = null; // the decoder's last messages are judged here, after everything queued
        decoder.finish(onMessage);
        long firstNs = decoding.firstNs;
        long lastNs = decoding.lastNs;
        compliance.finish();
        for (Episode episode : List.of(cellVoltageOrder, cellTemperatureOrder)) {
            findings.add(episode.finish());
        }
        range.values().forEach(e -> findings.add(e.finish()));
        profileRange.values().forEach(e -> findings.add(e.finish()));
        if (timestamps) {
            runValue.keySet().forEach(this::flushFrozen);
            flushGap(decoder.protocolId(), decoding.can);
        }
        for (ProblemKind kind : problems.values()) {
            findings.add(new Finding(Checks.PROTOCOL_PROBLEMS, Severity.WARNING, channel, kind.example
                    + (kind.count > 1 ? " (" + kind.count + " frames like this)" : ""), kind.first.timestampNs(),
                    kind.last.timestampNs(), "", Double.NaN, Double.NaN,
                    kind.last == kind.first ? List.of(kind.first) : List.of(kind.first, kind.last)));
        }
        for (MismatchedId id : mismatched.values()) {
            findings.add(mismatchFinding(id));
        }
        if (otherProblems > 0) {
            findings.add(new Finding(Checks.PROTOCOL_PROBLEMS, Severity.WARNING, channel, otherProblems
                    + " more decoder problems of other kinds", lastNs, lastNs, "", Double.NaN, Double.NaN, List.of()));
        }
        List<AlarmEpisode> episodes = alarms.episodes();
        for (AlarmEpisode episode : alarms.openEpisodes()) {
            findings.add(alarmFinding(episode));
        }
        Detection detection = decoder instanceof AutoDecoder auto ? auto.detection() : detector.result();
        String layout = detection == null ? "" : detection.layout();
        if (batteryMessages == 0) {
            findings.add(new Finding(Checks.PROTOCOL_UNKNOWN, Severity.INFO, channel, "no battery message on "
                    + channel + " (" + decoding.records + " records" + (detection == null ? "" : "; "
                            + String.join("; ", detection.evidence())) + ")", firstNs, lastNs, "", Double.NaN,
                    Double.NaN, List.of()));
        } else {
            detectionFindings(detection, timestamps);
        }
        List<QuantityRange> ranges = new ArrayList<>();
        for (Quantity q : Quantity.values()) {
            int i = q.ordinal();
            if (count[i] > 0) {
                ranges.add(new QuantityRange(q.canonicalName(), min[i], max[i], count[i]));
            }
        }
        List<Series> series = new ArrayList<>();
        for (Quantity q : PLOTTED) {
            Decimator plot = (timestamps ? byTime : byRow).get(q);
            if (!plot.isEmpty()) {
                series.add(new Series(q.canonicalName(), plot.points()));
            }
        }
        List<String> variants = decoder.variants();
        if (decoder instanceof AutoDecoder && !variants.isEmpty()) {
            variants = variants.subList(1, variants.size()); // the first line repeats the detection
        }
        return new ChannelReport(channel, decoder.protocolId(), layout, variants, messages, firstNs, lastNs,
                decoder.state().toCanonicalMap(), ranges, series, episodes);
    }

    /**
     * Info when no frame of the identifier fits (the battery sends another layout there, consistently); warning when
     * some do (frames that come and go in another shape: corrupted, or two senders on one identifier).
     */
    private Finding mismatchFinding(MismatchedId id) {
        LayoutMismatch example = id.example;
        IdTiming all = timing.get(example.id());
        long total = all == null ? id.count : Math.max(id.count, all.frames);
        long fits = total - id.count;
        List<FrameRef> frames = new ArrayList<>(id.frames);
        if (!frames.contains(id.last)) {
            frames.add(id.last);
        }
        String message = example.text() + "; " + (fits == 0
                ? (id.count == 1 ? "the only frame" : "all " + id.count + " frames") + " of " + example.id()
                        + " like this: not understood, its values left out of the state and the checks"
                : id.count + " of " + total + " frames of " + example.id() + " do not fit (the first shown), "
                        + fits + " do: those that do not are left out of the state and the checks");
        return new Finding(Checks.LAYOUT_MISMATCH, fits == 0 ? Severity.INFO : Severity.WARNING, channel, message,
                frames.get(0).timestampNs(), id.last.timestampNs(), "frames", id.count, Double.NaN, frames);
    }

    private Finding alarmFinding(AlarmEpisode episode) {
        boolean protection = episode.level() == AlarmLevel.PROTECTION;
        String id = alarmIds.getOrDefault(episode.alarm(), "");
        List<FrameRef> frames = new ArrayList<>(2);
        frames.add(new FrameRef(episode.startRow(), episode.startNs(), channel, id));
        if (!episode.isOpen()) {
            frames.add(new FrameRef(episode.endRow(), episode.endNs(), channel, id));
        }
        long end = episode.isOpen() ? decoding.lastNs : episode.endNs();
        return new Finding(protection ? Checks.ALARMS_PROTECTION : Checks.ALARMS_WARNING,
                protection ? Severity.ERROR : Severity.WARNING, channel, episode.level().canonicalName() + " "
                        + episode.name().canonicalName() + " (" + episode.name().label() + ") "
                        + (episode.isOpen() ? "raised at " + Text.time(episode.startNs())
                                + ", still active at the end of the trace"
                                : "for " + Text.duration(episode.durationNs(end))), episode.startNs(), end,
                "duration_s", episode.durationNs(end) / 1e9, Double.NaN, frames);
    }

    private void detectionFindings(Detection detection, boolean timestamps) {
        long firstNs = decoding.firstNs;
        long lastNs = decoding.lastNs;
        String decodedAs = decoder.protocolId();
        StringBuilder text = new StringBuilder(decodedAs);
        if (detection != null && !detection.layout().isEmpty()) {
            text.append(" layout ").append(detection.layout());
        }
        if (detection != null && !detection.variants().isEmpty()) {
            text.append(" with ").append(String.join(", ", detection.variants()));
        }
        text.append(", ").append(messages).append(" messages");
        if (detection != null && !detection.evidence().isEmpty()) {
            text.append(" (").append(String.join("; ", detection.evidence())).append(")");
        }
        findings.add(new Finding(Checks.PROTOCOL_DETECTED, Severity.INFO, channel, text.toString(), firstNs, lastNs,
                "", Double.NaN, Double.NaN, List.of()));
        if (detection == null) {
            return;
        }
        if (!detection.missing().isEmpty()) {
            boolean noLimits = detection.missing().contains("0x351");
            findings.add(new Finding(Checks.PROTOCOL_MISSING_IDS, noLimits ? Severity.ERROR : Severity.WARNING,
                    channel, "never sent, though " + detection.protocolId() + (detection.layout().isEmpty() ? ""
                            : " layout " + detection.layout()) + " requires it: " + String.join(", ",
                                    detection.missing()) + (noLimits ? " (without 0x351 the inverter has no limits "
                                            + "to obey)" : ""), firstNs, lastNs, "", Double.NaN, Double.NaN,
                    List.of()));
        }
        if (timestamps) {
            for (PeriodCheck period : detection.periods()) {
                if (!period.withinLimits()) {
                    findings.add(new Finding(Checks.TIMING_PERIOD, Severity.WARNING, channel, period.id() + " every "
                            + Text.num(Math.round(period.measuredMs())) + " ms on average over " + period.count()
                            + " frames; " + detection.protocolId() + " expects " + Text.num(period.expectedMs())
                            + " ms (" + Text.num(period.minimumMs()) + "-" + Text.num(period.maximumMs()) + " ms)",
                            firstNs, lastNs, "period_ms", period.measuredMs(), period.expectedMs(), List.of()));
                }
            }
        }
    }
}
