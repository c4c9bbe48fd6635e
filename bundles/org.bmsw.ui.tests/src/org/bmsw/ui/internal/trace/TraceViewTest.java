package org.bmsw.ui.internal.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.formats.ReadReport;
import org.bmsw.testdata.TestData;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.eclipse.ui.keys.IBindingService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Trace and Signals views in the running workbench (UI thread, Xvfb), on real traces from org.bmsw.testdata.
 * Expected counts come from the trace text by regular expression, expected values from the bytes by hand per
 * protocols.md, never from the code under test.
 */
class TraceViewTest {

    private static final String ECO_WORTHY = "traces/ecoworthy_cubix100_pylon_can_candump.txt";
    private static final String VICTRON = "traces/victron_gx_canbms_candump_syssi_issue3.txt";
    /** A candump console frame line: channel, identifier, [length], bytes. */
    private static final Pattern FRAME = Pattern.compile(
            "^\\s*(can\\d+)\\s+([0-9A-F]{3})\\s+\\[(\\d)\\]((?:\\s+[0-9A-F]{2})+)\\s*$", Pattern.MULTILINE);

    @TempDir
    Path folder;

    private final TraceSession session = TraceSession.current();

    @AfterEach
    void closeTrace() {
        if (page().findView(TraceView.ID) instanceof TraceView view) {
            view.applyFilter(""); // the next test starts unfiltered
        }
        session.close();
        processEvents();
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    private static void processEvents() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // drain
        }
    }

    private static void finish(Job job) throws InterruptedException {
        assertNotNull(job, "no job was started");
        job.join();
        processEvents(); // the job hands its result to the UI thread with asyncExec
    }

    /** Frame lines of a trace file: [identifier, bytes] in order. */
    private static List<String[]> frames(String trace) {
        List<String[]> frames = new ArrayList<>();
        Matcher m = FRAME.matcher(TestData.text(trace));
        while (m.find()) {
            frames.add(new String[] {m.group(2), m.group(4).trim().replaceAll("\\s+", " ")});
        }
        return frames;
    }

    private TraceView openInView(String trace) throws Exception {
        ReadReport report = session.openFile(TestData.copyTo(trace, folder), new NullProgressMonitor());
        assertEquals(frames(trace).size(), report.frames(), report.toString());
        TraceView view = (TraceView) page().showView(TraceView.ID);
        processEvents();
        return view;
    }

    private static String cell(TableItem item, int column) {
        return item.getText(column);
    }

    @Test
    void integrationPerspectiveHasTheTraceAndSignalsViews() {
        assertNotNull(page().findViewReference(TraceView.ID), "Trace view in the perspective");
        assertNotNull(page().findViewReference(SignalsView.ID), "Signals view in the perspective");
    }

    /** The commands are bound to keys in the active scheme and run through the workbench's handler service. */
    @Test
    void commandsHaveKeyBindingsAndDriveTheTraceView() throws Exception {
        IBindingService bindings = PlatformUI.getWorkbench().getService(IBindingService.class);
        List<String> unbound = new ArrayList<>();
        for (String command : List.of(OpenTraceHandler.COMMAND_ID, TraceViewHandler.FOCUS_FILTER,
                TraceViewHandler.FIND_NEXT, TraceViewHandler.FIND_PREVIOUS, TraceViewHandler.TOGGLE_BOOKMARK,
                TraceViewHandler.NEXT_BOOKMARK, TraceViewHandler.PREVIOUS_BOOKMARK, TraceViewHandler.NEXT_ALARM)) {
            String key = bindings.getBestActiveBindingFormattedFor(command);
            System.out.println("[keys] " + command + " = " + key);
            if (key == null) {
                unbound.add(command);
            }
        }
        assertEquals(List.of(), unbound, "commands without an active key");

        TraceView view = openInView(ECO_WORTHY);
        IHandlerService handlers = PlatformUI.getWorkbench().getService(IHandlerService.class);
        view.select(3, true);
        handlers.executeCommand(TraceViewHandler.TOGGLE_BOOKMARK, null);
        assertEquals(java.util.Set.of(3L), view.bookmarks());
        view.select(0, true);
        handlers.executeCommand(TraceViewHandler.NEXT_BOOKMARK, null);
        assertEquals(3, view.selectedRow());
        assertEquals(TraceView.BOOKMARK_MARK, view.table().getItem((int) (3 - view.topIndex()))
                .getText(TraceView.COLUMN_BOOKMARK));
        handlers.executeCommand(TraceViewHandler.TOGGLE_BOOKMARK, null);
        assertTrue(view.bookmarks().isEmpty());
    }

    @Test
    void openedTraceShowsEveryFrameWithItsBytesAndDecodedMessage() throws Exception {
        List<String[]> expected = frames(ECO_WORTHY);
        assertEquals(16, expected.size());
        TraceView view = openInView(ECO_WORTHY);
        assertEquals(expected.size(), view.rowCount());
        assertEquals("pylon-can", session.protocolId().split("\\+")[0]);
        TableItem[] items = view.table().getItems();
        assertTrue(items.length > 0 && items.length <= expected.size());
        for (int i = 0; i < items.length; i++) {
            assertEquals(Integer.toString(i + 1), cell(items[i], TraceView.COLUMN_NUMBER));
            assertEquals(expected.get(i)[0], cell(items[i], TraceView.COLUMN_ID));
            assertEquals(expected.get(i)[1], cell(items[i], TraceView.COLUMN_BYTES));
            assertEquals("can0", cell(items[i], TraceView.COLUMN_CHANNEL));
        }
        // 0x351 48 02 D0 07 D0 07 C0 01: CVL 0x0248 x 0.1 V = 58.4 V, CCL 0x07D0 x 0.1 A = 200 A
        String limits = cell(items[0], TraceView.COLUMN_MESSAGE);
        assertTrue(limits.startsWith("Limits: "), limits);
        assertTrue(limits.contains("charge_voltage_limit_V 58.4 V"), limits);
        assertTrue(limits.contains("charge_current_limit_A 200 A"), limits);
        assertTrue(view.statusText().startsWith("16 rows"), view.statusText());
    }

    @Test
    void filterShowsOnlyTheMatchingFramesAndKeepsSkippedLinesReported() throws Exception {
        List<String[]> expected = frames(VICTRON);
        long count373 = expected.stream().filter(frame -> frame[0].equals("373")).count();
        assertEquals(14, count373);
        ReadReport report = session.openFile(TestData.copyTo(VICTRON, folder), new NullProgressMonitor());
        assertEquals(expected.size(), report.frames());
        assertTrue(report.skippedLines() > 0, "the shell prompts and the cut last line are skipped");
        String problems = OpenTraceHandler.problems(Path.of(VICTRON), report);
        assertTrue(problems.contains("victron_gx_canbms_candump_syssi_issue3.txt:"), problems);
        TraceView view = (TraceView) page().showView(TraceView.ID);
        processEvents();
        assertEquals(expected.size(), view.rowCount());

        finish(view.applyFilter("id == 0x373"));
        assertEquals(count373, view.rowCount());
        assertTrue(view.statusText().startsWith("14 of 28 rows match id == 0x373"), view.statusText());
        for (TableItem item : view.table().getItems()) {
            assertEquals("373", cell(item, TraceView.COLUMN_ID));
        }
        // the first 0x373 frame: BB 0C C5 0C 26 01 28 01
        assertEquals(expected.stream().filter(f -> f[0].equals("373")).findFirst().get()[1],
                cell(view.table().getItem(0), TraceView.COLUMN_BYTES));

        finish(view.applyFilter("id == 0x351 || id == 0x356"));
        assertEquals(expected.stream().filter(f -> f[0].equals("351") || f[0].equals("356")).count(),
                view.rowCount());
        assertEquals(null, view.applyFilter("id == "), "a syntax error starts no job");
        assertTrue(view.statusText().startsWith("Filter: column 7: expected a value"), view.statusText()); // after the space
        assertEquals(null, view.applyFilter(""));
        assertEquals(expected.size(), view.rowCount());
    }

    @Test
    void signalsViewShowsTheValuesComputedFromTheBytes() throws Exception {
        TraceView view = openInView(ECO_WORTHY);
        SignalsView signals = (SignalsView) page().showView(SignalsView.ID);
        signalsViewer = signals.viewer();
        List<String[]> expected = frames(ECO_WORTHY);
        int row351 = indexOf(expected, "351");
        view.select(row351, true);
        processEvents();
        assertEquals(row351, signals.shownRow());
        TreeItem selected = signals.viewer().getTree().getItem(0);
        assertEquals(SignalsView.ROW_NODE + " " + (row351 + 1), selected.getText(0));
        TreeItem limits = child(selected, "Limits");
        // 48 02 -> 0x0248 = 584 x 0.1 V; D0 07 -> 0x07D0 = 2000 x 0.1 A; C0 01 -> 0x01C0 = 448 x 0.1 V
        assertEquals(0x0248 * 0.1, Double.parseDouble(child(limits, "charge_voltage_limit_V").getText(1)), 1e-9);
        assertEquals("V", child(limits, "charge_voltage_limit_V").getText(2));
        assertEquals(0x07D0 * 0.1, Double.parseDouble(child(limits, "charge_current_limit_A").getText(1)), 1e-9);
        assertEquals(0x01C0 * 0.1, Double.parseDouble(child(limits, "discharge_voltage_limit_V").getText(1)), 1e-9);

        // the battery state at the 0x356 row knows 0x351, 0x355 and 0x356 before it
        int row356 = indexOf(expected, "356");
        view.select(row356, true);
        processEvents();
        TreeItem state = signals.viewer().getTree().getItem(1);
        assertEquals(SignalsView.STATE_NODE, state.getText(0));
        assertEquals(0x1E, Double.parseDouble(child(state, "soc_pct").getText(1)), 1e-9); // 0x355 1E 00
        assertEquals(0x1479 * 0.01, Double.parseDouble(child(state, "voltage_V").getText(1)), 1e-9); // 79 14
        assertEquals(0x71 * 0.1, Double.parseDouble(child(state, "temperature_C").getText(1)), 1e-9); // 71 00
        assertEquals(0x0248 * 0.1, Double.parseDouble(child(state, "charge_voltage_limit_V").getText(1)), 1e-9);
        assertEquals(30.0, ((Number) session.stateAt(row356).toCanonicalMap().get("soc_pct")).doubleValue(), 1e-9);
    }

    private static int indexOf(List<String[]> frames, String id) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i)[0].equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no " + id);
    }

    private TreeViewer signalsViewer;

    /** Expands {@code parent} through the viewer (which creates tree items lazily) and finds a child. */
    private TreeItem child(TreeItem parent, String start) {
        signalsViewer.expandToLevel(parent.getData(), 1);
        for (TreeItem item : parent.getItems()) {
            if (item.getText(0).startsWith(start)) {
                return item;
            }
        }
        List<String> names = new ArrayList<>();
        for (TreeItem item : parent.getItems()) {
            names.add(item.getText(0));
        }
        throw new AssertionError("no '" + start + "' under '" + parent.getText(0) + "': " + names);
    }

    /**
     * A million rows (BMSW_VIEWER_ROWS to change, e.g. 10000000 for the figure in releng/bench/README.md): the table
     * holds a screenful, the slider the rest; jumps, keys, bookmarks, time toggle. Prints the open and jump times and
     * the heap, measured in the workbench.
     */
    @Test
    void millionRowTraceIsPagedNotLoaded() throws Exception {
        Path path = folder.resolve("million.bmst");
        String wanted = System.getenv("BMSW_VIEWER_ROWS");
        int rows = wanted == null || wanted.isBlank() ? 1_000_000 : Integer.parseInt(wanted.trim());
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000)))) {
            byte[] payload = new byte[8];
            // 0x351 and 0x359 first, so that detection recognises Pylon CAN; then 0x356 measurements
            writer.append(0, 0, 0x351, 0, new byte[] {0x48, 0x02, (byte) 0xD0, 0x07, (byte) 0xD0, 0x07, (byte) 0xC0,
                    0x01}, 0, 8);
            writer.append(1_000_000L, 0, 0x359, 0, new byte[] {0, 0, 0, 0, 2, 0x50, 0x4E}, 0, 7);
            for (int i = 2; i < rows; i++) {
                payload[0] = (byte) i;
                payload[1] = (byte) (i >> 8);
                writer.append(i * 1_000_000L, 0, 0x356, 0, payload, 0, 6);
            }
        }
        TraceView view = (TraceView) page().showView(TraceView.ID);
        processEvents();
        long heapBefore = usedHeap();
        long start = System.nanoTime();
        session.openFile(path, new NullProgressMonitor()); // a store: opened in place, protocol detected
        processEvents(); // the view has built its first screen
        long openNs = System.nanoTime() - start;
        long heapAfter = usedHeap();
        assertEquals(rows, view.rowCount());
        start = System.nanoTime();
        view.scrollTo(rows - 1);
        view.scrollTo(rows / 3);
        long jumpNs = System.nanoTime() - start;
        System.out.printf(java.util.Locale.ROOT, "[viewer] %,d rows in the workbench: open to first screen %.3f s,"
                + " two jumps %.3f s, heap used %.1f MB before, %.1f MB after (max %d MB)%n", rows, openNs / 1e9,
                jumpNs / 1e9, heapBefore / 1048576.0, heapAfter / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        int onScreen = view.table().getItemCount();
        assertTrue(onScreen > 0 && onScreen <= view.visibleRows(), onScreen + " items");

        view.scrollTo(rows / 2);
        assertEquals(Integer.toString(rows / 2 + 1), view.table().getItem(0).getText(TraceView.COLUMN_NUMBER));
        long middleMs = rows / 2; // 1 ms per row
        assertEquals(String.format(java.util.Locale.ROOT, "%d.%03d000", middleMs / 1000, middleMs % 1000),
                view.table().getItem(0).getText(TraceView.COLUMN_TIME));
        assertTrue(view.table().getItem(0).getText(TraceView.COLUMN_MESSAGE).startsWith("Measurements"));

        Event end = new Event();
        end.keyCode = org.eclipse.swt.SWT.END;
        view.table().notifyListeners(org.eclipse.swt.SWT.KeyDown, end);
        TableItem[] items = view.table().getItems();
        assertEquals(Integer.toString(rows), items[items.length - 1].getText(TraceView.COLUMN_NUMBER));
        assertEquals(rows - 1, view.selectedRow());
        assertEquals(rows - 1, session.cursor());

        view.goTo("250.5s");
        assertEquals(250_500, view.selectedRow());
        view.goTo("12");
        assertEquals(11, view.selectedRow());
        view.toggleBookmark();
        view.goTo("900000");
        view.toggleBookmark();
        view.goTo("1");
        view.gotoBookmark(true);
        assertEquals(11, view.selectedRow());
        view.gotoBookmark(true);
        assertEquals(899_999, view.selectedRow());
        view.gotoBookmark(false);
        assertEquals(11, view.selectedRow());
        long itemIndex = 11 - view.topIndex();
        assertEquals(TraceView.BOOKMARK_MARK, view.table().getItem((int) itemIndex).getText(TraceView.COLUMN_BOOKMARK));
        view.setRelativeTime(false);
        assertEquals("0.011000", view.table().getItem((int) itemIndex).getText(TraceView.COLUMN_TIME));
        view.setRelativeTime(true);

        finish(view.applyFilter("id == 0x356 && len == 6"));
        assertEquals(rows - 2, view.rowCount());
        finish(view.applyFilter("id == 0x35A"));
        assertEquals(0, view.rowCount());
        assertEquals(0, view.table().getItemCount());
        view.applyFilter("");
    }

    private static long usedHeap() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * Pylon 0x359 (battery-state.md): byte 0 bit 1 is the high-voltage protection, byte 2 bit 3 the high-temperature
     * warning. Rows 8 and 9 carry them; row 4 is a 0x359 with no flag.
     */
    @Test
    void alarmRowsAreColouredAndFoundByNextAlarmAndFind() throws Exception {
        Path log = folder.resolve("alarm.log");
        java.nio.file.Files.writeString(log, String.join("\n",
                "(1700000000.000000) can0 351#1402C012C012C201",
                "(1700000000.001000) can0 355#1E006400",
                "(1700000000.002000) can0 356#7914000071000000",
                "(1700000000.003000) can0 359#00000000025046",
                "(1700000001.000000) can0 351#1402C012C012C201",
                "(1700000001.001000) can0 355#1E006400",
                "(1700000001.002000) can0 356#7914000071000000",
                "(1700000001.003000) can0 359#02000000025046",
                "(1700000002.003000) can0 359#00000800025046", ""));
        session.openFile(log, new NullProgressMonitor());
        TraceView view = (TraceView) page().showView(TraceView.ID);
        processEvents();
        assertEquals(9, view.rowCount());
        assertEquals(0, view.topIndex());
        assertEquals(view.alarmBackground(), view.table().getItem(7).getBackground());
        assertEquals(view.alarmBackground(), view.table().getItem(8).getBackground());
        assertFalse(view.alarmBackground().equals(view.table().getItem(3).getBackground()));
        finish(view.findNextAlarm());
        assertEquals(7, view.selectedRow());
        finish(view.findNextAlarm());
        assertEquals(8, view.selectedRow());
        view.setSearchText("id == 0x355");
        finish(view.find(false));
        assertEquals(5, view.selectedRow());
        finish(view.find(false));
        assertEquals(1, view.selectedRow());
        finish(view.find(true));
        assertEquals(5, view.selectedRow());
        finish(view.applyFilter("alarm"));
        assertEquals(2, view.rowCount());
        assertEquals("8", view.table().getItem(0).getText(TraceView.COLUMN_NUMBER));
    }

    /** A capture appends and flushes; grew() shows the new rows and the view follows the tail. */
    @Test
    void growingTraceFollowsTheTail() throws Exception {
        Path path = folder.resolve("live.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000)))) {
            byte[] soc = {0x1E, 0, 0x64, 0, 0, 0};
            for (int i = 0; i < 3; i++) {
                writer.append(i * 1_000_000_000L, 0, 0x355, 0, soc, 0, 6);
            }
            writer.flush();
            session.open(TraceStore.open(path), "pylon-can");
            TraceView view = (TraceView) page().showView(TraceView.ID);
            SignalsView signals = (SignalsView) page().showView(SignalsView.ID);
            processEvents();
            assertEquals(3, view.rowCount());
            for (int i = 3; i < 500; i++) {
                writer.append(i * 1_000_000_000L, 0, 0x355, 0, soc, 0, 6);
            }
            writer.flush();
            session.grew();
            processEvents();
            assertEquals(500, view.rowCount());
            TableItem[] items = view.table().getItems();
            assertEquals("500", items[items.length - 1].getText(TraceView.COLUMN_NUMBER));
            assertEquals(499, signals.shownRow(), "with no row selected the Signals view follows the newest row");
            assertFalse(signals.roots().isEmpty());
        }
    }
}
