package org.bmsw.ui.internal.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.bmsw.testdata.FakeSlcanAdapter;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.trace.TraceView;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.XMLMemento;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Transmit view and Play in the Trace view, in the running workbench, against an SLCAN adapter played on end B
 * of a socat pty pair: the exact lines it receives, periodic sending, the list kept in the preferences and the
 * memento, and the transmit interlock's checklist asked for a real-looking port (answered by the test; refused,
 * nothing reaches the adapter).
 */
class TransmitViewTest {

    @TempDir
    Path directory;

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @AfterEach
    void cleanUp() {
        TransmitConfirm.answerWith(null);
        TransmitConfirm.withdrawAll();
        IWorkbenchPage page = page();
        var view = page.findView(TransmitView.ID);
        if (view != null) {
            page.hideView(view);
        }
        BmswPreferences.store().setToDefault(TransmitView.FRAMES_KEY);
        BmswPreferences.store().setToDefault(TransmitView.DESTINATION_KEY);
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
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void framesGoOnTheBusOnceAndPeriodicallyAndTheListIsKept() throws Exception {
        TransmitView view = (TransmitView) page().showView(TransmitView.ID);
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            view.setDestination("slcan:" + pty.endA() + "?bitrate=500000");
            view.add("351#1402C012C012C201", "0");
            view.add("305#0000000000000000", "100");
            assertThrows(IllegalArgumentException.class, () -> view.add("35#11", "0"));
            assertEquals(List.of("351#1402C012C012C201 every 0 ms", "305#0000000000000000 every 100 ms"),
                    view.frames());

            assertTrue(view.sendOnce(), view.status());
            waitFor(() -> adapter.transmittedFrames().size() >= 2, 10_000, "the one-shot frames");
            assertEquals(List.of("t35181402C012C012C201", "t30580000000000000000"), adapter.transmittedFrames());
            assertEquals(List.of("C", "S6", "O"), adapter.commands().subList(0, 3), "normal mode");
            assertTrue(view.status().startsWith("Sent 2 frames to slcan:" + pty.endA()), view.status());

            assertTrue(view.startPeriodic(), view.status());
            assertTrue(view.isPeriodic());
            waitFor(() -> adapter.transmittedFrames().size() >= 6, 10_000, "four periodic frames");
            view.stopPeriodic();
            assertFalse(view.isPeriodic());
            List<String> periodic = adapter.transmittedFrames().subList(2, adapter.transmittedFrames().size());
            assertTrue(periodic.stream().allMatch("t30580000000000000000"::equals), periodic.toString());
            assertNull(view.lastProblem());
        }
        // kept: in the preferences at once, and in the memento the workbench writes at shutdown
        String kept = BmswPreferences.store().getString(TransmitView.FRAMES_KEY);
        assertEquals("on 0 351#1402C012C012C201\non 100 305#0000000000000000\n", kept);
        XMLMemento memento = XMLMemento.createWriteRoot("view");
        view.saveState(memento);
        assertEquals(kept, memento.getString(TransmitView.FRAMES_KEY));
        assertEquals(2, TransmitFrames.parse(memento.getString(TransmitView.FRAMES_KEY)).size());
        page().hideView(view);
        TransmitView reopened = (TransmitView) page().showView(TransmitView.ID);
        assertEquals(List.of("351#1402C012C012C201 every 0 ms", "305#0000000000000000 every 100 ms"),
                reopened.frames(), "the list comes back with the view");
    }

    /** The gate for both call sites: a refused checklist sends nothing, not even a command to the adapter. */
    @Test
    void aRealLookingPortNeedsTheChecklistForTransmitAndPlay() throws Exception {
        Path trace = directory.resolve("play.txt");
        Files.writeString(trace, """
                (1000.000000) can0 351#1402C012C012C201
                (1000.050000) can0 355#5000640000
                (1000.100000) can0 356#1014E8FF0A01
                """);
        CaptureController.current().stop(); // the trace, not a capture, is what the Trace view plays
        TraceSession.current().openFile(trace, new NullProgressMonitor());
        TraceView traceView = (TraceView) page().showView(TraceView.ID);
        TransmitView view = (TransmitView) page().showView(TransmitView.ID);
        // the workbench keeps a hidden view's memento for this session: the list of a test before is still there
        view.remove(java.util.stream.IntStream.range(0, view.frames().size()).toArray());
        try (PtyPair pty = PtyPair.start(directory.resolve("pty")); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                        uri -> uri.startsWith("slcan:" + pty.endA()) ? EndpointKind.REAL_DEVICE : null)) {
            List<String> asked = new ArrayList<>();
            TransmitConfirm.answerWith((shell, uri, refusal) -> {
                asked.add(refusal.port());
                return false;
            });
            String destination = "slcan:" + pty.endA() + "?bitrate=500000";
            view.setDestination(destination);
            view.add("351#11", "0");
            assertFalse(view.sendOnce());
            assertTrue(view.status().startsWith("Not sent: the checklist for"), view.status());
            assertNull(traceView.play(destination, Double.POSITIVE_INFINITY, false));
            assertEquals(List.of(pty.endA().toString(), pty.endA().toString()), asked, "asked once per call site");
            Thread.sleep(300);
            assertEquals(List.of(), adapter.commands(), "the port was not opened");
            assertEquals(List.of(), adapter.transmittedFrames());

            TransmitConfirm.answerWith((shell, uri, refusal) -> true); // the checklist ticked and confirmed
            assertTrue(view.sendOnce(), view.status());
            waitFor(() -> adapter.transmittedFrames().size() >= 1, 10_000, "the frame after the checklist");
            assertEquals(List.of("t351111"), adapter.transmittedFrames());

            page().hideView(view); // closes its port: one program on the adapter at a time
            Job play = traceView.play(destination, 2.0, false);
            assertNotNull(play);
            play.join(20_000, null);
            waitFor(() -> adapter.transmittedFrames().size() >= 4, 10_000, "the played trace");
            assertEquals(List.of("t351111", "t35181402C012C012C201", "t35555000640000", "t35661014E8FF0A01"),
                    adapter.transmittedFrames());
            waitFor(() -> traceView.playOutcome().startsWith("Played 3 frames onto slcan:" + pty.endA()), 5_000,
                    "the outcome: " + traceView.playOutcome());
        }
    }
}
