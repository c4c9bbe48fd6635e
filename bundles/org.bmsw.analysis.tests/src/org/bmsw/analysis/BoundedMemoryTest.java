package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.junit.jupiter.api.Test;

/**
 * A long trace with a finding every few seconds: the report keeps a bounded number of findings per check (all
 * counted) and a bounded number of plot points, however long the trace. (The 10 M-frame run with a small heap is
 * releng/bench/run-analyze-bench.sh.)
 */
class BoundedMemoryTest {

    @Test
    void findingsAndPlotsStayBoundedOverADayOfToggling() {
        // 86 400 one-second cycles; a warning (0x359 byte 2 bit 3) during every 4th second: 21 600 episodes
        SyntheticPylon trace = new SyntheticPylon().cycles(0, 86_400, c -> {
            c.warning2 = c.second % 4 == 1 ? 0x08 : 0;
            c.voltage = 50 + (c.second % 100) / 100.0;
        });
        TraceAnalyzer analyzer = new TraceAnalyzer(AnalysisOptions.of("pylon-can"));
        long row = 0;
        for (TraceRecord record : trace.records()) {
            analyzer.record(record, ++row);
        }
        AnalysisReport report = analyzer.finish("day", new ReadReport(TraceFormat.CANDUMP_LOG, row, row, 0, 0,
                java.util.Map.of(), java.util.List.of(), ""));
        assertEquals(86_400 * SyntheticPylon.CYCLE, report.frames());
        assertEquals(21_600, report.count(Checks.ALARMS_WARNING));
        int kept = report.findings(Checks.ALARMS_WARNING).size();
        assertTrue(kept <= AnalysisOptions.DEFAULT_MAX_FINDINGS_PER_CHECK + 1, "kept " + kept);
        // the tracker keeps its newest 10 000 closed episodes for the timeline
        assertEquals(AlarmEpisodeTracker.DEFAULT_MAX_CLOSED_EPISODES, report.channels().get(0).episodes().size());
        for (Series series : report.channels().get(0).series()) {
            assertTrue(series.points().size() <= AnalysisOptions.DEFAULT_PLOT_BUCKETS, series.quantity() + " "
                    + series.points().size());
            assertTrue(series.points().size() >= AnalysisOptions.DEFAULT_PLOT_BUCKETS / 4, series.quantity());
        }
        // the voltage plot still spans 50.00..50.99 V
        Series voltage = report.channels().get(0).series("voltage_V").orElseThrow();
        assertEquals(50.0, voltage.points().stream().mapToDouble(SeriesPoint::min).min().orElseThrow(), 1e-9);
        assertEquals(50.99, voltage.points().stream().mapToDouble(SeriesPoint::max).max().orElseThrow(), 1e-9);
    }
}
