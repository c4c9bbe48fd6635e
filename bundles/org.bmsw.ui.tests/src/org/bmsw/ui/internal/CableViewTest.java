package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.pinout.CableProposer;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.Terminator;
import org.bmsw.pinout.Wire;
import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.ui.internal.problems.Problem;
import org.bmsw.ui.internal.problems.ProblemModel;
import org.bmsw.ui.internal.problems.ProblemsViewAccess;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.handlers.IHandlerService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinout editor in the running workbench: drag a wire, undo and redo it, save and reopen, problems on pins. */
class CableViewTest {

    private static final List<Wire> BRIEF_CABLE = List.of(new Wire(4, 7, "blue"), new Wire(5, 8, "white-blue"),
            new Wire(3, 9, "white-green"), new Wire(7, 10, "white-brown"), new Wire(8, 11, "brown"));

    @TempDir
    Path directory;

    private static CableView view() throws Exception {
        return (CableView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(CableView.ID);
    }

    private static void processEvents() {
        while (Display.getCurrent().readAndDispatch()) {
            // repaint
        }
    }

    private static void mouse(CableCanvas canvas, int type, int x, int y, int button) {
        Event event = new Event();
        event.x = x;
        event.y = y;
        event.button = button;
        canvas.notifyListeners(type, event);
        processEvents();
    }

    private static void click(CableCanvas canvas, int side, int pin, int button) {
        int[] point = canvas.pinPoint(side, pin);
        mouse(canvas, SWT.MouseDown, point[0], point[1], button);
        mouse(canvas, SWT.MouseUp, point[0], point[1], button);
    }

    /** Press on one pin, move across the gap in steps, release on the other. */
    private static void drag(CableCanvas canvas, int fromSide, int fromPin, int toSide, int toPin) {
        int[] from = canvas.pinPoint(fromSide, fromPin);
        int[] to = canvas.pinPoint(toSide, toPin);
        mouse(canvas, SWT.MouseDown, from[0], from[1], 1);
        for (int step = 1; step <= 4; step++) {
            mouse(canvas, SWT.MouseMove, from[0] + (to[0] - from[0]) * step / 4, from[1] + (to[1] - from[1]) * step / 4, 0);
        }
        mouse(canvas, SWT.MouseUp, to[0], to[1], 1);
    }

    private static void command(String id) throws Exception {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getService(IHandlerService.class).executeCommand(id, null);
        processEvents();
    }

    /** The canvas as drawn, into target/screenshots, for people reviewing the markers. */
    private static void screenshot(CableCanvas canvas, String name) throws Exception {
        org.eclipse.swt.graphics.Point size = canvas.getSize();
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(canvas.getDisplay(), size.x, size.y);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(image);
        try {
            canvas.print(gc);
        } finally {
            gc.dispose();
        }
        org.eclipse.swt.graphics.ImageLoader loader = new org.eclipse.swt.graphics.ImageLoader();
        loader.data = new org.eclipse.swt.graphics.ImageData[] { image.getImageData() };
        image.dispose();
        Path directory = Files.createDirectories(Path.of("target", "screenshots").toAbsolutePath());
        loader.save(directory.resolve(name).toString(), SWT.IMAGE_PNG);
    }

    private static List<String> checks(CableView view) {
        return view.findings().stream().filter(Finding::fails).map(Finding::check).toList();
    }

    @Test
    void opensWithTheBriefsCableAndAClickedWireIsCheckedAndUndone() throws Exception {
        CableView view = view();
        view.propose();
        assertEquals(BRIEF_CABLE, view.cable().wires());
        assertFalse(view.findings().stream().anyMatch(Finding::fails), view.findings().toString());

        // battery pin 6 (HSS8, a switch output), then inverter pin 13 (temperature input)
        click(view.canvas(), 0, 6, 1);
        click(view.canvas(), 1, 13, 1);
        assertEquals(new Wire(6, 13, "green"), view.cable().wires().get(5));
        assertEquals(List.of("switch-on-signal"), checks(view));

        view.operationHistory().undo(view.undoContext(), null, null);
        assertEquals(5, view.cable().wires().size());
        assertFalse(view.findings().stream().anyMatch(Finding::fails));

        click(view.canvas(), 1, 9, 3); // right button on the ground wire's inverter pin removes it
        assertEquals(4, view.cable().wires().size());
        assertEquals(List.of("missing-signal-ground"), checks(view));
        view.operationHistory().undo(view.undoContext(), null, null);
        assertEquals(5, view.cable().wires().size());
    }

    @Test
    void aWireDraggedFromPinToPinIsUndoneAndRedoneFromTheEditMenusCommands() throws Exception {
        CableView view = view();
        view.propose();
        click(view.canvas(), 0, 3, 3); // remove the ground wire
        assertEquals(List.of("missing-signal-ground"), checks(view));

        // drag from the inverter's GND.S (pin 9) to the battery's CAN1_G (pin 3): either direction makes a wire
        drag(view.canvas(), 1, 9, 0, 3);
        assertEquals(new Wire(3, 9, "white-green"), view.cable().wires().get(4));
        assertEquals(List.of(), checks(view));

        // a drag released off any pin adds nothing
        int[] from = view.canvas().pinPoint(0, 1);
        mouse(view.canvas(), SWT.MouseDown, from[0], from[1], 1);
        mouse(view.canvas(), SWT.MouseMove, from[0] + 60, from[1] + 3, 0);
        mouse(view.canvas(), SWT.MouseUp, from[0] + 60, from[1] + 3, 1);
        assertEquals(5, view.cable().wires().size());

        // Edit > Undo and Edit > Redo are the workbench's commands (Ctrl+Z, Ctrl+Shift+Z), handled by the view
        command("org.eclipse.ui.edit.undo");
        assertEquals(4, view.cable().wires().size());
        assertEquals(List.of("missing-signal-ground"), checks(view));
        command("org.eclipse.ui.edit.redo");
        assertEquals(5, view.cable().wires().size());
        assertEquals(List.of(), checks(view));
        command("org.eclipse.ui.edit.undo");
        command("org.eclipse.ui.edit.undo"); // and the removal before it
        assertEquals(BRIEF_CABLE, view.cable().wires());

        List<String> menus = new ArrayList<>();
        for (MenuItem item : PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().getMenuBar().getItems()) {
            menus.add(item.getText().replace("&", ""));
        }
        assertEquals(List.of("File", "Edit", "Window", "Help"), menus);
    }

    /** A battery that terminates its CAN bus C itself and an inverter that does not. */
    private static ProfileRegistry terminatingBatteryAndOpenInverter() {
        ProfileRegistry registry = new ProfileRegistry();
        registry.add(source("b.xml", "<battery xmlns=\"urn:bmsw:profile:1\" id=\"t.battery\" vendor=\"T\" model=\"B\">"
                + "<port id=\"P\" connector=\"rj45\"><pin number=\"4\" name=\"H\" signal=\"can-h\" bus=\"C\"/>"
                + "<pin number=\"5\" name=\"L\" signal=\"can-l\" bus=\"C\"/>"
                + "<termination bus=\"C\" kind=\"built-in\" resistance-ohm=\"120\"/></port>"
                + "<protocol port=\"P\" layer=\"can\" bitrate-bps=\"500000\" decoder=\"pylon-can\" role=\"sender\"/></battery>"));
        registry.add(source("i.xml", "<inverter xmlns=\"urn:bmsw:profile:1\" id=\"t.inverter\" vendor=\"T\" model=\"I\">"
                + "<port id=\"P\" connector=\"rj45\"><pin number=\"4\" name=\"H\" signal=\"can-h\" bus=\"C\"/>"
                + "<pin number=\"5\" name=\"L\" signal=\"can-l\" bus=\"C\"/>"
                + "<termination bus=\"C\" kind=\"none\"/></port>"
                + "<protocol port=\"P\" layer=\"can\" bitrate-bps=\"500000\" decoder=\"pylon-can\" role=\"listener\"/></inverter>"));
        assertEquals(List.of(), registry.problems());
        return registry;
    }

    private static ProfileSource source(String path, String xml) {
        return new ProfileSource(new ProfileOrigin("test", path),
                () -> new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), ProfileSource.FileLookup.none());
    }

    private static void toggle(Button button) {
        button.setSelection(!button.getSelection());
        button.notifyListeners(SWT.Selection, new Event());
        processEvents();
    }

    @Test
    void aTerminatingPlugWhereTheDeviceTerminatesIsDoubledAndAtTheOpenEndCompletesTheBus() throws Exception {
        CableView view = view();
        ProfileRegistry registry = terminatingBatteryAndOpenInverter();
        try {
            view.showCable(CableProposer.propose(PortRef.parse("t.battery:P", registry),
                    PortRef.parse("t.inverter:P", registry)).cable());
            assertEquals(List.of("termination-missing"), checks(view));
            Button plugA = view.plugButton(Terminator.End.A);
            Button plugB = view.plugButton(Terminator.End.B);
            assertEquals("Terminating plug (120 ohm) at the battery end (a)", plugA.getText());
            assertTrue(plugA.getEnabled() && !plugA.getSelection());

            toggle(plugA); // the battery terminates already
            assertEquals(List.of("termination-doubled", "termination-missing"), checks(view));
            assertEquals(Problem.Severity.WARNING, view.canvas().markerOn("battery pin 4 (H)"));
            command("org.eclipse.ui.edit.undo");
            assertEquals(List.of("termination-missing"), checks(view));
            assertFalse(plugA.getSelection());

            toggle(plugB);
            assertEquals(List.of(), checks(view));
            assertTrue(plugB.getSelection());
            Path file = directory.resolve("terminated.csv");
            view.save(file);
            assertTrue(Files.readString(file).contains("\n# termination: end=b bus=C by=cable resistance_ohm=120\n"));
        } finally {
            view.setPorts(ProfileRegistry.getDefault()); // the brief's ports again, for the other tests
        }
        assertEquals(BRIEF_CABLE, view.cable().wires());
    }

    @Test
    void savedCableOpensAgainWithItsPorts() throws Exception {
        CableView view = view();
        view.propose();
        view.addWire(1, 12);
        Path file = directory.resolve("site-cable.csv");
        view.save(file);
        assertTrue(Files.readString(file).startsWith("# a = battery seed.lv-battery:PCS, b = inverter seed.hybrid-inverter:COM\n"));
        view.propose();
        assertEquals(5, view.cable().wires().size());
        view.open(file);
        assertEquals(6, view.cable().wires().size());
        assertEquals(new Wire(1, 12, "white-orange"), view.cable().wires().get(5));
        assertEquals(List.of("nc-wired"), checks(view));
        assertEquals(directory, view.defaultFolder().orElseThrow(), "Save As starts in the last folder used");
    }

    @Test
    void swappedCanLinesAreMarkedOnThePinsAndListedInTheProblemsView() throws Exception {
        Path file = Files.writeString(directory.resolve("swapped.csv"), "# a = battery seed.lv-battery:PCS, b = inverter"
                + " seed.hybrid-inverter:COM\na_pin,b_pin,colour\n4,8,blue\n5,7,white-blue\n3,9,white-green\n");
        CableView view = view();
        view.open(file);
        assertEquals(List.of("can-h-l-swapped", "can-h-l-swapped"), checks(view));

        CableCanvas canvas = view.canvas();
        assertEquals(Problem.Severity.ERROR, canvas.markerOn("battery pin 4 (CAN1_H)"));
        assertEquals(Problem.Severity.ERROR, canvas.markerOn("inverter pin 7 (CAN0_H)"));
        assertNull(canvas.markerOn("battery pin 3 (CAN1_G)"), "the ground wire is right");
        int[] pin4 = canvas.pinPoint(0, 4);
        String tip = canvas.toolTipAt(pin4[0], pin4[1]);
        assertTrue(tip.startsWith("battery pin 4 (CAN1_H): can-h\n\nERROR: CAN_H and CAN_L are swapped: battery pin 4"
                + " (CAN1_H) goes to inverter pin 8 (CAN0_L)."), tip);

        screenshot(canvas, "cable-swapped.png");

        org.bmsw.ui.internal.problems.ProblemsView problems = (org.bmsw.ui.internal.problems.ProblemsView) PlatformUI
                .getWorkbench().getActiveWorkbenchWindow().getActivePage()
                .showView(org.bmsw.ui.internal.problems.ProblemsView.ID);
        processEvents();
        List<Problem> listed = ProblemModel.getDefault().of(CableView.PROBLEM_SOURCE);
        assertEquals(List.of("can-h-l-swapped", "can-h-l-swapped"), listed.stream().filter(
                p -> p.severity() == Problem.Severity.ERROR).map(Problem::check).toList());
        org.eclipse.swt.widgets.Table table = ProblemsViewAccess.table(problems);
        assertEquals("CAN_H and CAN_L are swapped: battery pin 4 (CAN1_H) goes to inverter pin 8 (CAN0_L). Swap these two"
                + " wires: CAN_H must meet CAN_H and CAN_L meet CAN_L.", table.getItem(0).getText(0));
        assertEquals("battery pin 4 (CAN1_H), inverter pin 8 (CAN0_L)", table.getItem(0).getText(1));
        assertNotNull(table.getItem(0).getImage(0), "the error marker");
        assertEquals("2 errors, 0 warnings, 0 others", problems.getContentDescription());

        // double-click the second problem: the Cable view comes up with its pins selected
        Event doubleClick = new Event();
        doubleClick.item = table.getItem(1);
        table.setSelection(1);
        table.notifyListeners(SWT.DefaultSelection, doubleClick);
        processEvents();
        assertEquals(Set.of("battery pin 5 (CAN1_L)", "inverter pin 7 (CAN0_H)"), canvas.selectedPins());
        assertEquals(view, PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActivePart());
    }

    @Test
    void aTraceWithoutBatteryFramesNamesTheCablesWiresAndSetsTheSaveFolder() throws Exception {
        CableView view = view();
        view.propose();
        Path site = Files.createDirectories(directory.resolve("site-42"));
        Path trace = site.resolve("inverter-only.log");
        List<TraceRecord> keepAlive = new ArrayList<>();
        for (int second = 0; second <= 10; second++) {
            keepAlive.add(TraceRecord.can(second * 1_000_000_000L, "can0", 0x305, new byte[8]));
        }
        Traces.write(trace, TraceFormat.CANDUMP_LOG, keepAlive);
        view.setTrace(trace, org.bmsw.pinout.TraceFacts.read(trace));
        try {
            Finding diagnosis = view.findings().stream().filter(f -> f.check().equals("no-battery-frames")).findFirst()
                    .orElseThrow();
            assertTrue(diagnosis.message().startsWith("no frame from the battery in 10 s (the inverter is heard: 11"
                    + " frames): check CAN_H battery pin 4 → inverter pin 7, CAN_L 5 → 8, ground 3 → 9; check"
                    + " termination;"), diagnosis.message());
            assertEquals(Problem.Severity.ERROR, view.canvas().markerOn("battery pin 4 (CAN1_H)"));
            assertTrue(ProblemModel.getDefault().of(CableView.PROBLEM_SOURCE).stream()
                    .anyMatch(p -> p.check().equals("no-battery-frames")));
            assertEquals(site, view.defaultFolder().orElseThrow(), "the cable is saved next to the trace of the site");
        } finally {
            view.setTrace(null, null);
        }
        assertFalse(view.findings().stream().anyMatch(f -> f.check().equals("no-battery-frames")));
    }

    @Test
    void theTraceTheWorkbenchShowsFeedsTheDiagnosis() throws Exception {
        CableView view = view();
        view.propose();
        Path site = Files.createDirectories(directory.resolve("site-43"));
        Path trace = site.resolve("errors-only.log");
        List<TraceRecord> errors = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // what a bus with CAN_H and CAN_L swapped shows: error frames only
            errors.add(new TraceRecord(i * 100_000_000L, "can0", org.bmsw.core.record.BusKind.CAN, 0x004,
                    org.bmsw.core.record.FrameFlags.ERROR, new byte[8]));
        }
        Traces.write(trace, TraceFormat.CANDUMP_LOG, errors);
        org.bmsw.ui.internal.session.TraceSession.current().openFile(trace,
                new org.eclipse.core.runtime.NullProgressMonitor());
        try {
            org.bmsw.ui.internal.live.SessionAnalysis.current().job().join(); // the session's one decoding pass
            processEvents();
            Finding diagnosis = view.findings().stream().filter(f -> f.check().equals("only-error-frames"))
                    .findFirst().orElseThrow(() -> new AssertionError("no diagnosis from the session's trace: "
                            + view.findings()));
            assertTrue(diagnosis.message().startsWith("only error frames (50) in "), diagnosis.message());
            assertEquals(site, view.defaultFolder().orElseThrow(), "the cable goes next to the file opened, "
                    + "not next to the store it was imported into");
        } finally {
            org.bmsw.ui.internal.session.TraceSession.current().close();
            processEvents();
        }
        assertFalse(view.findings().stream().anyMatch(f -> f.check().equals("only-error-frames")),
                "closing the trace takes its diagnosis away");
    }
}
