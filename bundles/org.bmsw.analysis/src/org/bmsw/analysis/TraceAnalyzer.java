package org.bmsw.analysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.analysis.internal.ChannelAnalysis;
import org.bmsw.analysis.internal.CheckThread;
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
    /**
     * From this many frames on, the checks run on a second thread while this one reads and decodes; never by
     * default: on 10 M lines of a quiet two-core machine the hand-over cost more than it saved (15.2 s wall and
     * 25.8 s CPU against 13.4 s and 18.8 s on one thread), and a fleet's workers are the parallelism there.
     * {@code bmsw.analysis.checkThreadFrom} changes it: 0 always (tests compare the two).
     */
    private static final long CHECK_THREAD_FROM = Long.MAX_VALUE;

    private final AnalysisOptions options;
    private final FindingCollector findings;
    private final Map<String, ChannelAnalysis> channels = new LinkedHashMap<>();
    /** Also read by the checks of each pack, on the check thread: a channel is added rarely. */
    private final List<ChannelAnalysis> channelList = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Packs that sent their SOC or voltage. */
    private int stackPacks;
    private final Episode socSpread;
    private final Episode voltageSpread;
    /** What {@link #record} writes per frame, padded off the fields the check thread reads. */
    private final Feed feed = new Feed();
    private final long checkThreadFrom;
    private CheckThread checkThread;

    @SuppressWarnings("unused")
    private static class FeedPadBefore {
        long p0, p1, p2, p3, p4, p5, p6, p7;
    }

    private static class FeedFields extends FeedPadBefore {
        long frames;
        long firstNs = Long.MAX_VALUE;
        long lastNs = Long.MIN_VALUE;
        String lastChannelName;
        ChannelAnalysis lastChannel;
    }

    /**
     * The counters of the feeding thread, padded on both sides: beside fields the check thread reads for every
     * message, each write would take the cache line from the other core.
     */
    @SuppressWarnings("unused")
    private static final class Feed extends FeedFields {
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }

    public TraceAnalyzer(AnalysisOptions options) {
        this.options = options;
        checkThreadFrom = Long.getLong("bmsw.analysis.checkThreadFrom", CHECK_THREAD_FROM);
        findings = new FindingCollector(options.maxFindingsPerCheck());
        socSpread = new Episode(Checks.PACKS_SOC_SPREAD, Severity.WARNING, "", "soc_pct", 1,
                (w, l, s, e, n) -> "packs' soc_pct up to " + Text.num(w) + " points apart (over " + Text.num(l)
                        + ") for " + Text.duration(e - s)).countUnkeptIn(findings);
        voltageSpread = new Episode(Checks.PACKS_VOLTAGE_SPREAD, Severity.WARNING, "", "voltage_V", 1,
                (w, l, s, e, n) -> "packs' voltage_V up to " + Text.num(w) + " V apart (over " + Text.num(l)
                        + " V) though in parallel, for " + Text.duration(e - s)).countUnkeptIn(findings);
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
        Feed feed = this.feed;
        if (feed.frames++ == checkThreadFrom) {
            checkThread = new CheckThread("bmsw-analysis-checks");
            channelList.forEach(c -> c.checksOn(checkThread));
        }
        long t = record.timestampNs();
        feed.firstNs = Math.min(feed.firstNs, t);
        feed.lastNs = Math.max(feed.lastNs, t);
        ChannelAnalysis channel = feed.lastChannel;
        if (record.channel() != feed.lastChannelName) { // the readers give one String per channel: mostly no lookup
            channel = channels.get(record.channel());
            if (channel == null) {
                channel = new ChannelAnalysis(record.channel(), options.decoders().get(), findings, options.limits(),
                        options.plotBuckets(), this::stackValue, options.reactionS());
                channel.checksOn(checkThread);
                channels.put(record.channel(), channel);
                channelList.add(channel);
            }
            feed.lastChannel = channel;
            feed.lastChannelName = record.channel();
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
        if (checkThread != null) {
            checkThread.finish(); // every message judged; the rest runs here
            checkThread = null;
        }
        long frames = feed.frames;
        long firstNs = feed.firstNs;
        long lastNs = feed.lastNs;
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
