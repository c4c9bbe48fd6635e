package org.bmsw.ui.internal.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

import org.bmsw.analysis.AlarmEpisode;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.LedPanel;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.StateSeries;
import org.bmsw.testdata.TestData;
import org.bmsw.ui.internal.alarms.AlarmTimelineView;
import org.bmsw.ui.internal.analysis.AnalysisView;
import org.bmsw.ui.internal.battery.BatteryPanelView;
import org.bmsw.ui.internal.plot.PlotView;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.trace.SignalsView;
import org.bmsw.ui.internal.trace.TraceView;
import org.eclipse.core.commands.Command;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.commands.ICommandService;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live half of the Integration perspective in the running workbench: a trace built from the real Eco-Worthy
 * Cubix 100 capture (its 16-frame cycle repeated once a second for 20 s) with the derived alarm frame
 * {@code 359#820000000150 4E} (pylontech_can vector: byte 0 bits 1 and 7, protection) in cycles 8, 9 and 10; and the
 * simulated battery as the default source. Expected values come from the frames' bytes by protocols.md and the LED
 * rules of battery-state.md, not from the code under test.
 */
class LiveViewsTest {

    /** Cycle of the Eco-Worthy capture: 0x351 0x355 0x356 0x359 ... 0x379. */
    private static final int FRAMES_PER_CYCLE = 16;
    private static final int ALARM_FIRST_CYCLE = 8;
    private static final int ALARM_CYCLES = 3;
    private static final int CYCLES = 20;
    private static final String ALARM_359 = "82000000" + "01504E";

    @TempDir
    Path directory;

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void stopCapture() {
        CaptureController.current().stop();
    }

    /** The Eco-Worthy frames as {@code ID#DATA}, in capture order. */
    private static List<String> ecoWorthyCycle() {
        List<String> frames = new ArrayList<>();
        for (String line : TestData.text("traces/ecoworthy_cubix100_pylon_can_candump.txt").split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 3 && parts[0].equals("can0") && parts[2].startsWith("[")) {
                StringBuilder data = new StringBuilder();
                for (int i = 3; i < parts.length; i++) {
                    data.append(parts[i]);
                }
                frames.add(parts[1] + "#" + data);
            }
        }
        return frames;
    }

    private Path alarmTrace() throws Exception {
        List<String> cycle = ecoWorthyCycle();
        assertEquals(FRAMES_PER_CYCLE, cycle.size(), cycle.toString());
        assertEquals("359#0000000002504E00", cycle.get(3));
        StringBuilder log = new StringBuilder();
        for (int c = 0; c < CYCLES; c++) {
            boolean alarm = c >= ALARM_FIRST_CYCLE && c < ALARM_FIRST_CYCLE + ALARM_CYCLES;
            for (int i = 0; i < cycle.size(); i++) {
                String frame = alarm && i == 3 ? "359#" + ALARM_359 : cycle.get(i);
                log.append(String.format(Locale.ROOT, "(%d.%06d) can0 %s%n", 1_700_000_000 + c, i * 1000, frame));
            }
        }
        Path file = directory.resolve("ecoworthy_alarm.log");
        Files.writeString(file, log);
        return file;
    }

    private static void waitFor(BooleanSupplier condition, long millis, String what) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static void openAndAnalyse(Path trace) throws Exception {
        CaptureController.current().stop();
        TraceSession.current().openFile(trace, new NullProgressMonitor());
        Screenshots.settle(100);
        Job job = SessionAnalysis.current().job();
        assertNotNull(job);
        waitFor(() -> SessionAnalysis.current().result().rowsDone() == CYCLES * FRAMES_PER_CYCLE
                && job.getState() == Job.NONE, 20_000, "the decoding pass");
        Screenshots.settle(200);
    }

    @Test
    void openedTraceShowsLedsPlotAndAlarmEpisodes() throws Exception {
        BatteryPanelView battery = (BatteryPanelView) page().showView(BatteryPanelView.ID);
        PlotView plot = (PlotView) page().showView(PlotView.ID);
        AlarmTimelineView timeline = (AlarmTimelineView) page().showView(AlarmTimelineView.ID);
        openAndAnalyse(alarmTrace());

        // end of the trace: the alarm cleared in cycle 11; 0x355 1E 00 = 30 %, a started second quarter
        LedPanel.Panel end = battery.panel();
        assertTrue(end.run().isLit(), end.toString());
        assertFalse(end.alm().isLit(), end.toString());
        assertEquals("30 %", end.soc().text());
        assertEquals(2, end.soc().socSegments());
        assertEquals(52.41, battery.state().get(Quantity.VOLTAGE).getAsDouble(), 1e-9); // 0x356 79 14 = 5241 x 0.01
        assertEquals(2, battery.state().get(Quantity.MODULE_COUNT).getAsDouble()); // 0x359 byte 4

        // the row of the first alarm frame: protection, so ALM lit and RUN out; its byte 4 says one module
        long alarmRow = (long) ALARM_FIRST_CYCLE * FRAMES_PER_CYCLE + 3;
        TraceSession.current().setCursor(alarmRow);
        Screenshots.settle(100);
        LedPanel.Panel atAlarm = battery.panel();
        assertTrue(atAlarm.alm().isLit(), atAlarm.toString());
        assertEquals("protection", atAlarm.alm().text());
        assertFalse(atAlarm.run().isLit(), atAlarm.toString());
        assertTrue(battery.state().alarms().contains(new Alarm(AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION)));
        assertEquals(1, battery.state().get(Quantity.MODULE_COUNT).getAsDouble());

        // the alarm timeline: every episode raised by that row, cleared three cycles (3 s) later
        List<AlarmEpisode> episodes = timeline.episodes();
        assertFalse(episodes.isEmpty());
        assertTrue(episodes.stream().anyMatch(e -> e.alarm().equals(new Alarm(AlarmName.HIGH_VOLTAGE,
                AlarmLevel.PROTECTION))), episodes.toString());
        for (AlarmEpisode episode : episodes) {
            assertEquals(alarmRow, episode.startRow() - 1, episode.toString());
            assertEquals(ALARM_CYCLES * 1_000_000_000L, episode.durationNs(Long.MAX_VALUE), episode.toString());
        }
        assertEquals(episodes.size(), timeline.table().getItemCount());
        assertEquals("3.000", timeline.table().getItem(0).getText(4));

        // the plot: voltage 52.41 V under CVL 58.4 V (0x351 48 02) and over DVL 44.8 V (C0 01); CCL 200 A (D0 07)
        StateSeries series = SessionAnalysis.current().result().series();
        StateSeries.Points voltage = series.points(Quantity.VOLTAGE, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertFalse(voltage.isEmpty());
        assertEquals(52.41, voltage.max()[voltage.size() - 1], 1e-9);
        StateSeries.Points cvl = series.points(Quantity.CHARGE_VOLTAGE_LIMIT, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertEquals(58.4, cvl.last()[cvl.size() - 1], 1e-9);
        StateSeries.Points dvl = series.points(Quantity.DISCHARGE_VOLTAGE_LIMIT, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertEquals(44.8, dvl.last()[dvl.size() - 1], 1e-9);
        StateSeries.Points ccl = series.points(Quantity.CHARGE_CURRENT_LIMIT, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertEquals(200, ccl.last()[ccl.size() - 1], 1e-9);
        assertTrue(plot.canvas().panes().stream().anyMatch(p -> p.unit().equals("V")));
        Screenshots.take(AlarmTimelineView.ID, "alarm-timeline.png");

        // "next alarm" from the start jumps to the raising row
        TraceSession.current().setCursor(-1);
        executeCommand("org.bmsw.ui.commands.nextAlarm");
        assertEquals(alarmRow, TraceSession.current().cursor());
    }

    @Test
    void plotKeysPanAndZoom() throws Exception {
        PlotView plot = (PlotView) page().showView(PlotView.ID);
        openAndAnalyse(alarmTrace());
        page().activate(plot);
        long span = plot.canvas().toNs() - plot.canvas().fromNs();
        assertTrue(span >= (CYCLES - 1) * 1_000_000_000L, "fits the whole trace: " + span);
        executeCommand("org.bmsw.ui.commands.plotZoomIn");
        long zoomed = plot.canvas().toNs() - plot.canvas().fromNs();
        assertEquals(span / 1.5, zoomed, span * 0.01);
        long from = plot.canvas().fromNs();
        executeCommand("org.bmsw.ui.commands.plotPanRight");
        assertEquals(from + zoomed / 10, plot.canvas().fromNs(), zoomed * 0.01);
        executeCommand("org.bmsw.ui.commands.plotFit");
        assertTrue(plot.canvas().isFollowing());
        Screenshots.take(PlotView.ID, "plot.png");
    }

    private static void executeCommand(String id) throws Exception {
        ICommandService commands = PlatformUI.getWorkbench().getService(ICommandService.class);
        Command command = commands.getCommand(id);
        assertTrue(command.isDefined(), id);
        IHandlerService handlers = page().getWorkbenchWindow().getService(IHandlerService.class);
        handlers.executeCommand(id, null);
        Screenshots.settle(50);
    }

    /** {@code ./bmsw} with no hardware: the simulated battery's traffic is decoded within seconds. */
    @Test
    void defaultSimulatedBatteryShowsLiveDecodedTraffic() throws Exception {
        BatteryPanelView battery = (BatteryPanelView) page().showView(BatteryPanelView.ID);
        ConnectionsView connections = (ConnectionsView) page().showView(ConnectionsView.ID);
        assertTrue(CaptureController.current().registry().schemes().contains("sim"),
                "the sim: transport is registered: " + CaptureController.current().registry().schemes());
        TraceSession.current().close(); // as at startup: no trace shown yet
        long startNs = System.nanoTime();
        CaptureController.current().startDefault();
        waitFor(() -> SessionAnalysis.current().result().isLive() && !SessionAnalysis.current().result().state()
                .isEmpty() && battery.panel().run().isLit() && battery.panel().soc().isLit(), 10_000,
                "RUN and SOC lit from the simulated battery");
        double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf(Locale.ROOT, "[live] simulated battery decoded on the Battery panel %.2f s after start%n",
                seconds);
        assertTrue(seconds < 5, "decoded traffic after " + seconds + " s");
        assertTrue(SessionAnalysis.current().result().isLive());
        // the demo scenario (org.bmsw.sim scenarios/demo.scenario) starts at soc_pct=35, ramping up from 5 s, and
        // raises its first warning at 240 s
        assertFalse(battery.panel().alm().isLit(), battery.panel().toString());
        double soc = battery.state().get(Quantity.SOC).getAsDouble();
        assertTrue(soc >= 35 && soc < 40, "soc_pct " + soc);
        assertEquals(2, battery.panel().soc().socSegments()); // 35 % starts the second quarter
        assertTrue(connections.statusText().contains("frames"), connections.statusText());
        Screenshots.take(ConnectionsView.ID, "connections.png");
        Screenshots.take(BatteryPanelView.ID, "battery.png");
        Screenshots.take("org.bmsw.ui.views.trace", "trace.png");
        Screenshots.take("org.bmsw.ui.views.signals", "signals.png");
        Screenshots.take("org.bmsw.ui.views.cable", "cable.png");
    }

    /**
     * At any window size a column is at least as wide as its header and its widest visible cell: the Signals tree at
     * the alarm row, the alarm table, the Analysis findings of the same trace, the Battery panel and the Trace view.
     */
    @Test
    void tableColumnsAreAsWideAsTheirWidestVisibleCell() throws Exception {
        Path trace = alarmTrace();
        openAndAnalyse(trace);
        AlarmTimelineView timeline = (AlarmTimelineView) page().showView(AlarmTimelineView.ID);
        assertFalse(timeline.episodes().isEmpty());
        assertColumnsFit(timeline.table(), "Alarm timeline");

        SignalsView signals = (SignalsView) page().showView(SignalsView.ID);
        TraceSession.current().setCursor((long) ALARM_FIRST_CYCLE * FRAMES_PER_CYCLE + 3);
        Screenshots.settle(200);
        assertTrue(signals.viewer().getTree().getItemCount() > 0);
        assertColumnsFit(signals.viewer().getTree(), "Signals");

        AnalysisView analysis = (AnalysisView) page().showView(AnalysisView.ID);
        analysis.analyze(trace);
        waitFor(() -> analysis.report() != null && analysis.report().trace().contains(trace.getFileName().toString()),
                30_000, "the analysis report in the view");
        Screenshots.settle(100);
        Table findings = analysis.findingsViewer().getTable();
        assertTrue(findings.getItemCount() > 0, "the alarm trace has findings");
        assertColumnsFit(findings, "Analysis findings");
        page().hideView(analysis); // the next test of the Analysis view starts from an empty one

        BatteryPanelView battery = (BatteryPanelView) page().showView(BatteryPanelView.ID);
        Screenshots.settle(100);
        assertColumnsFit(battery.values(), "Battery panel");
        TraceView traceView = (TraceView) page().showView(TraceView.ID);
        Screenshots.settle(100);
        assertColumnsFit(traceView.table(), "Trace");
    }

    private static void assertColumnsFit(Table table, String what) {
        GC gc = new GC(table);
        try {
            for (int c = 0; c < table.getColumnCount(); c++) {
                TableColumn column = table.getColumn(c);
                assertFits(gc, column.getWidth(), column.getText(), what, column.getText());
                for (TableItem item : table.getItems()) {
                    assertFits(gc, column.getWidth(), item.getText(c), what, column.getText());
                }
            }
        } finally {
            gc.dispose();
        }
    }

    private static void assertColumnsFit(Tree tree, String what) {
        GC gc = new GC(tree);
        try {
            for (int c = 0; c < tree.getColumnCount(); c++) {
                TreeColumn column = tree.getColumn(c);
                assertFits(gc, column.getWidth(), column.getText(), what, column.getText());
                List<TreeItem> visible = new ArrayList<>(List.of(tree.getItems()));
                for (int i = 0; i < visible.size(); i++) {
                    TreeItem item = visible.get(i);
                    assertFits(gc, column.getWidth(), item.getText(c), what, column.getText());
                    if (item.getExpanded()) {
                        visible.addAll(List.of(item.getItems()));
                    }
                }
            }
        } finally {
            gc.dispose();
        }
    }

    private static void assertFits(GC gc, int columnWidth, String text, String what, String column) {
        int textWidth = gc.textExtent(text).x;
        assertTrue(columnWidth >= textWidth, what + ", column '" + column + "': " + columnWidth + " px for '" + text
                + "' (" + textWidth + " px)");
    }
}
