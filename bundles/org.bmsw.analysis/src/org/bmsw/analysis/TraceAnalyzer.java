package org.bmsw.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.internal.ChannelAnalysis;
import org.bmsw.analysis.internal.Episode;
import org.bmsw.analysis.internal.FindingCollector;
import org.bmsw.analysis.internal.Text;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Quantity;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.RecordFeeder;
import org.bmsw.formats.Traces;

/**
 * Analyses a trace in one pass with bounded memory: feed it every record with its row ({@link #record}, e.g.
 * through a {@link RecordFeeder}), then {@link #finish}. Each channel is one battery or pack with its own decoder;
 * checks across packs compare their SOC and voltage. Not thread-safe; one instance per trace.
 * <p>
 * {@link #analyze} does the reading too, for callers outside the command line (the workbench).
 */
public final class TraceAnalyzer implements RecordFeeder.RecordSink {

    /** Packs whose latest value is older than this are left out of the comparison across packs. */
    private static final long STACK_FRESH_NS = 10_000_000_000L;
    private static final long DROPOUT_NS = 10_000_000_000L;

    private final AnalysisOptions options;
    private final FindingCollector findings;
    private final Map<String, ChannelAnalysis> channels = new LinkedHashMap<>();
    private final List<ChannelAnalysis> channelList = new ArrayList<>();
    /** Packs that sent their SOC or voltage. */
    private int stackPacks;
    private final Episode socSpread;
    private final Episode voltageSpread;
    private String lastChannelName;
    private ChannelAnalysis lastChannel;
    private long frames;
    private long firstNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;

    public TraceAnalyzer(AnalysisOptions options) {
        this.options = options;
        findings = new FindingCollector(options.maxFindingsPerCheck());
        socSpread = new Episode(Checks.PACKS_SOC_SPREAD, Severity.WARNING, "", "soc_pct", 1,
                (w, l, s, e, n) -> "packs' soc_pct up to " + Text.num(w) + " points apart (over " + Text.num(l)
                        + ") for " + Text.duration(e - s));
        voltageSpread = new Episode(Checks.PACKS_VOLTAGE_SPREAD, Severity.WARNING, "", "voltage_V", 1,
                (w, l, s, e, n) -> "packs' voltage_V up to " + Text.num(w) + " V apart (over " + Text.num(l)
                        + " V) though in parallel, for " + Text.duration(e - s));
    }

    /**
     * Reads and analyses {@code trace}.
     *
     * @param readOptions strictness and a progress listener (which may throw to cancel, e.g. from a UI job)
     * @throws IOException naming the file (and line) when it cannot be read
     */
    public static AnalysisReport analyze(Path trace, AnalysisOptions options, ReadOptions readOptions)
            throws IOException {
        TraceAnalyzer analyzer = new TraceAnalyzer(options);
        ReadReport report = Traces.read(trace, new RecordFeeder(analyzer, null), readOptions);
        return analyzer.finish(trace.toString(), report);
    }

    @Override
    public void record(TraceRecord record, long row) {
        frames++;
        long t = record.timestampNs();
        firstNs = Math.min(firstNs, t);
        lastNs = Math.max(lastNs, t);
        ChannelAnalysis channel = lastChannel;
        if (record.channel() != lastChannelName) { // the readers give one String per channel: mostly no lookup
            channel = channels.get(record.channel());
            if (channel == null) {
                channel = new ChannelAnalysis(record.channel(), options.decoders().get(), findings, options.limits(),
                        options.plotBuckets(), this::stackValue, options.reactionS());
                channels.put(record.channel(), channel);
                channelList.add(channel);
            }
            lastChannel = channel;
            lastChannelName = record.channel();
        }
        channel.record(record, row);
    }

    /** A pack's SOC or voltage: compare with the other packs' latest, and watch for packs falling silent. */
    private void stackValue(ChannelAnalysis pack, Quantity quantity, double value, FrameRef frame) {
        long t = frame.timestampNs();
        long[] last = pack.stackSeen;
        if (last == null) {
            pack.stackSeen = new long[] { t, frame.row() };
            stackPacks++;
        } else {
            if (stackPacks > 1 && t - last[0] > DROPOUT_NS) {
                findings.add(new Finding(Checks.PACKS_DROPOUT, Severity.ERROR, pack.channel(), "pack on "
                        + pack.channel() + " silent for " + Text.duration(t - last[0]) + " while "
                        + (stackPacks - 1) + " other pack(s) went on", last[0], t, "gap_s",
                        (t - last[0]) / 1e9, Double.NaN, List.of(new FrameRef(last[1], last[0], pack.channel(),
                                frame.id()), frame)));
            }
            last[0] = t;
            last[1] = frame.row();
        }
        if (stackPacks < 2) {
            return;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int packs = 0;
        for (int i = 0; i < channelList.size(); i++) {
            ChannelAnalysis other = channelList.get(i);
            long[] seen = other.stackSeen;
            double v = other.value(quantity);
            if (seen != null && !Double.isNaN(v) && t - seen[0] <= STACK_FRESH_NS) {
                low = Math.min(low, v);
                high = Math.max(high, v);
                packs++;
            }
        }
        if (packs < 2) {
            return;
        }
        double spread = high - low;
        if (quantity == Quantity.SOC) {
            findings.add(socSpread.update(spread > 10, spread, 10, frame));
        } else {
            findings.add(voltageSpread.update(spread > 1.0, spread, 1.0, frame));
        }
    }

    /** Ends the analysis: closes open episodes, runs the whole-trace checks, builds the report. */
    public AnalysisReport finish(String trace, ReadReport read) {
        boolean timestamps = frames > 0 && lastNs > firstNs;
        List<ChannelReport> reports = new ArrayList<>();
        for (ChannelAnalysis channel : channels.values()) {
            ChannelReport report = channel.finish(timestamps);
            if (channel.isBattery()) {
                reports.add(report);
            }
        }
        findings.add(socSpread.finish());
        findings.add(voltageSpread.finish());
        if (reports.size() > 1 && timestamps) {
            for (ChannelAnalysis channel : channels.values()) {
                long[] last = channel.stackSeen;
                if (channel.isBattery() && last != null && lastNs - last[0] > DROPOUT_NS) {
                    findings.add(new Finding(Checks.PACKS_DROPOUT, Severity.ERROR, channel.channel(), "pack on "
                            + channel.channel() + " silent for the last " + Text.duration(lastNs - last[0])
                            + " of the trace while other packs went on", last[0], lastNs, "gap_s",
                            (lastNs - last[0]) / 1e9, Double.NaN, List.of(new FrameRef(last[1], last[0],
                                    channel.channel(), ""))));
                }
            }
        }
        if (reports.isEmpty()) {
            findings.add(new Finding(Checks.PROTOCOL_UNKNOWN, Severity.ERROR, "", "no battery message decoded in "
                    + frames + " frames with " + options.decoderDescription(), firstNs == Long.MAX_VALUE ? 0
                            : firstNs, lastNs == Long.MIN_VALUE ? 0 : lastNs, "", Double.NaN, Double.NaN,
                    List.of()));
        }
        if (!timestamps && frames > 0) {
            findings.add(new Finding(Checks.TIMING_NO_TIMESTAMPS, Severity.INFO, "", "every frame has the same time "
                    + "(a capture printed without timestamps): periods, gaps, durations and frozen values not "
                    + "checked; plots use the frame row", firstNs, lastNs, "", Double.NaN, Double.NaN, List.of()));
        }
        List<LimitChange> limitChanges = new ArrayList<>();
        for (ChannelAnalysis channel : channels.values()) {
            limitChanges.addAll(channel.limitChanges());
        }
        limitChanges.sort(java.util.Comparator.comparingLong(LimitChange::atNs).thenComparingLong(LimitChange::row));
        return new AnalysisReport(trace, read == null ? "" : read.format().name(), frames,
                read == null ? 0 : read.skippedLines(), options.decoderDescription(),
                options.profileId() == null ? "" : options.profileId(), frames == 0 ? 0 : firstNs,
                frames == 0 ? 0 : lastNs, timestamps, reports, findings.findings(), findings.summaries(),
                read == null ? List.of() : read.problems(), options.reactionS(),
                limitChanges.subList(0, Math.min(limitChanges.size(), AnalysisReport.MAX_LIMIT_CHANGES)));
    }
}
