package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import org.bmsw.testdata.TestData;
import org.bmsw.ui.internal.battery.BatteryPanelView;
import org.bmsw.ui.internal.live.CaptureController;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.trace.TraceView;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IViewReference;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart2;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.views.IViewDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No view that nothing feeds: every registered view names its feeder, and none shows a placeholder over a trace. */
class ViewFeedersTest {

    /** Every view this bundle registers and what fills it; a new view says here what feeds it. */
    private static final Map<String, String> FEEDERS = Map.ofEntries(
            Map.entry("org.bmsw.ui.views.connections", "the transport registry and CaptureController"),
            Map.entry(TraceView.ID, "TraceSession: the rows of the trace or capture"),
            Map.entry("org.bmsw.ui.views.signals", "TraceSession: the decoded row at the cursor"),
            Map.entry(BatteryPanelView.ID, "SessionAnalysis (newest state) and TraceSession (state at the cursor)"),
            Map.entry("org.bmsw.ui.views.plot", "SessionAnalysis: the state series"),
            Map.entry("org.bmsw.ui.views.alarmTimeline", "SessionAnalysis: the alarm episodes"),
            Map.entry("org.bmsw.ui.views.cable", "the profiles and SessionAnalysis's trace facts"),
            Map.entry("org.bmsw.ui.views.profiles", "ProfileRegistry"),
            Map.entry("org.bmsw.ui.views.problems", "ProblemModel, filled by the Cable view's checks"),
            Map.entry("org.bmsw.ui.views.analysis", "File > Analyze Trace... (AnalysisJob)"),
            Map.entry("org.bmsw.ui.views.transmit", "the user's frame list, kept in the preferences and memento"));

    /** What a view shows when nothing has fed it. */
    private static final Set<String> PLACEHOLDERS = Set.of("No battery data received.", "No trace.", "No trace open.",
            "No trace: start a capture or open a trace");

    @TempDir
    Path dir;

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @Test
    void everyRegisteredViewHasAFeeder() {
        Set<String> registered = new TreeSet<>();
        for (IViewDescriptor view : PlatformUI.getWorkbench().getViewRegistry().getViews()) {
            if (view.getId().startsWith("org.bmsw.ui.")) {
                registered.add(view.getId());
            }
        }
        assertEquals(new TreeSet<>(FEEDERS.keySet()), registered);
    }

    @Test
    void noViewOfThePerspectiveShowsAPlaceholderOnceATraceIsOpen() throws Exception {
        CaptureController.current().stop();
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        TraceSession.current().openFile(trace, new NullProgressMonitor());
        Job job = SessionAnalysis.current().job();
        assertNotNull(job);
        waitFor(() -> SessionAnalysis.current().result().rowsDone() == 16 && job.getState() == Job.NONE, 20_000,
                "the decoding pass");
        TraceSession.current().setCursor(-1);

        IViewReference[] views = page().getViewReferences();
        assertTrue(views.length >= 9, "the perspective places its views: " + views.length);
        for (IViewReference reference : views) {
            IViewPart view = reference.getView(true);
            assertNotNull(view, reference.getId());
            assertTrue(FEEDERS.containsKey(reference.getId()), "a view without a feeder: " + reference.getId());
            String description = ((IWorkbenchPart2) view).getContentDescription();
            assertFalse(PLACEHOLDERS.contains(description), reference.getId() + " shows '" + description + "'");
        }
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // let the views draw what they were given
        }
        BatteryPanelView battery = (BatteryPanelView) page().findView(BatteryPanelView.ID);
        assertTrue(battery.where().startsWith("End of "), battery.where());
        assertFalse(battery.state().isEmpty());
        assertFalse(((IWorkbenchPart2) page().findView(TraceView.ID)).getContentDescription().isEmpty(),
                "the Trace view names the trace");
    }

    private static void waitFor(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
    }
}
