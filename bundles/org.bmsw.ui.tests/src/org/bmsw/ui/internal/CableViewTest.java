package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.pinout.Finding;
import org.bmsw.pinout.Wire;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinout editor in the running workbench: the brief's cable, a wire added by clicking, undo, save and open. */
class CableViewTest {

    @TempDir
    Path directory;

    private static CableView view() throws Exception {
        return (CableView) PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().showView(CableView.ID);
    }

    private static void click(CableCanvas canvas, int side, int pin, int button) {
        int[] point = canvas.pinPoint(side, pin);
        Event event = new Event();
        event.x = point[0];
        event.y = point[1];
        event.button = button;
        canvas.notifyListeners(SWT.MouseDown, event);
        while (Display.getCurrent().readAndDispatch()) {
            // repaint
        }
    }

    @Test
    void opensWithTheBriefsCableAndAClickedWireIsCheckedAndUndone() throws Exception {
        CableView view = view();
        view.propose();
        assertEquals(List.of(new Wire(4, 7, "blue"), new Wire(5, 8, "white-blue"), new Wire(3, 9, "white-green"),
                new Wire(7, 10, "white-brown"), new Wire(8, 11, "brown")), view.cable().wires());
        assertFalse(view.findings().stream().anyMatch(Finding::fails), view.findings().toString());

        // battery pin 6 (HSS8, a switch output), then inverter pin 13 (temperature input)
        click(view.canvas(), 0, 6, 1);
        click(view.canvas(), 1, 13, 1);
        assertEquals(new Wire(6, 13, "green"), view.cable().wires().get(5));
        assertTrue(view.findings().stream().anyMatch(f -> f.check().equals("switch-on-signal")), view.findings().toString());

        view.operationHistory().undo(view.undoContext(), null, null);
        assertEquals(5, view.cable().wires().size());
        assertFalse(view.findings().stream().anyMatch(Finding::fails));

        click(view.canvas(), 1, 9, 3); // right button on the ground wire's inverter pin removes it
        assertEquals(4, view.cable().wires().size());
        assertTrue(view.findings().stream().anyMatch(f -> f.check().equals("missing-signal-ground")));
        view.operationHistory().undo(view.undoContext(), null, null);
        assertEquals(5, view.cable().wires().size());
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
        assertTrue(view.findings().stream().anyMatch(f -> f.check().equals("nc-wired")));
    }
}
