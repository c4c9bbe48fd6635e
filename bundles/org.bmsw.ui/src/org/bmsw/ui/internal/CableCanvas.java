package org.bmsw.ui.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.bmsw.pinout.Cable;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.Wire;
import org.bmsw.pinout.WireColour;
import org.bmsw.profiles.Pin;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Path;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * The two connectors side by side with the wires between them. Click a pin on one side, then a pin on the other,
 * to add a wire; click a wired pin with the right button to remove its wire. Pins with a problem are red.
 */
final class CableCanvas extends Canvas {

    static final int ROW_PX = 24;
    static final int TOP_PX = 40;
    static final int BOX_WIDTH_PX = 230;
    static final int GAP_PX = 150;
    static final int LEFT_PX = 10;

    private Cable cable;
    private Set<String> flaggedPins = Set.of();
    /** The pin clicked first: side (0 = a, 1 = b) and number, or null. */
    private int[] pending;
    private BiConsumer<Integer, Integer> onAddWire = (a, b) -> {
    };
    private Consumer<Wire> onRemoveWire = wire -> {
    };

    CableCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        addPaintListener(event -> paint(event.gc));
        addListener(SWT.MouseDown, this::mouseDown);
    }

    void setCable(Cable cable, List<Finding> findings) {
        this.cable = cable;
        Set<String> flagged = new HashSet<>();
        findings.stream().filter(Finding::fails).forEach(finding -> flagged.addAll(finding.pins()));
        this.flaggedPins = flagged;
        pending = null;
        redraw();
    }

    void onAddWire(BiConsumer<Integer, Integer> listener) {
        this.onAddWire = listener;
    }

    void onRemoveWire(Consumer<Wire> listener) {
        this.onRemoveWire = listener;
    }

    /** The pin at a point: {side, number}, or empty. */
    Optional<int[]> pinAt(int x, int y) {
        if (cable == null || y < TOP_PX) {
            return Optional.empty();
        }
        int row = (y - TOP_PX) / ROW_PX;
        int side = x >= LEFT_PX && x < LEFT_PX + BOX_WIDTH_PX ? 0
                : x >= boxBX() && x < boxBX() + BOX_WIDTH_PX ? 1 : -1;
        if (side < 0) {
            return Optional.empty();
        }
        List<Pin> pins = (side == 0 ? cable.endA() : cable.endB()).port().pins();
        return row < pins.size() ? Optional.of(new int[] { side, pins.get(row).number() }) : Optional.empty();
    }

    /** The middle of a pin's row on the side facing the wires, for tests that click. */
    int[] pinPoint(int side, int number) {
        List<Pin> pins = (side == 0 ? cable.endA() : cable.endB()).port().pins();
        for (int row = 0; row < pins.size(); row++) {
            if (pins.get(row).number() == number) {
                return new int[] { side == 0 ? LEFT_PX + BOX_WIDTH_PX - 5 : boxBX() + 5, TOP_PX + row * ROW_PX + ROW_PX / 2 };
            }
        }
        throw new IllegalArgumentException("no pin " + number);
    }

    private static int boxBX() {
        return LEFT_PX + BOX_WIDTH_PX + GAP_PX;
    }

    private void mouseDown(Event event) {
        Optional<int[]> hit = pinAt(event.x, event.y);
        if (hit.isEmpty()) {
            pending = null;
            redraw();
            return;
        }
        int side = hit.get()[0];
        int number = hit.get()[1];
        if (event.button == 3) {
            cable.wires().stream().filter(w -> side == 0 ? w.pinA() == number : w.pinB() == number).findFirst()
                    .ifPresent(onRemoveWire);
            return;
        }
        if (pending != null && pending[0] != side) {
            int pinA = side == 0 ? number : pending[1];
            int pinB = side == 0 ? pending[1] : number;
            pending = null;
            onAddWire.accept(pinA, pinB);
        } else {
            pending = hit.get();
            redraw();
        }
    }

    private void paint(GC gc) {
        if (cable == null) {
            gc.drawText("Choose a battery port and an inverter port.", LEFT_PX, LEFT_PX, true);
            return;
        }
        gc.setAntialias(SWT.ON);
        drawConnector(gc, cable.endA(), 0, LEFT_PX);
        drawConnector(gc, cable.endB(), 1, boxBX());
        for (Wire wire : cable.wires()) {
            int rowA = row(cable.endA(), wire.pinA());
            int rowB = row(cable.endB(), wire.pinB());
            if (rowA < 0 || rowB < 0) {
                continue;
            }
            int x1 = LEFT_PX + BOX_WIDTH_PX;
            int x2 = boxBX();
            int y1 = TOP_PX + rowA * ROW_PX + ROW_PX / 2;
            int y2 = TOP_PX + rowB * ROW_PX + ROW_PX / 2;
            WireColour known = WireColour.byName(wire.colour());
            Color colour = new Color(wireRgb(known));
            Path path = new Path(getDisplay());
            path.moveTo(x1, y1);
            path.cubicTo(x1 + GAP_PX / 2f, y1, x2 - GAP_PX / 2f, y2, x2, y2);
            gc.setForeground(colour);
            gc.setLineWidth(3);
            gc.setLineStyle(known != null && known.isStriped() ? SWT.LINE_DASH : SWT.LINE_SOLID);
            gc.drawPath(path);
            path.dispose();
        }
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
    }

    private void drawConnector(GC gc, PortRef end, int side, int x) {
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(end.role() + ": " + end.profile().vendor() + " " + end.profile().model() + ", port " + end.port().id(),
                x, 8, true);
        List<Pin> pins = end.port().pins();
        for (int row = 0; row < pins.size(); row++) {
            Pin pin = pins.get(row);
            int y = TOP_PX + row * ROW_PX;
            boolean selected = pending != null && pending[0] == side && pending[1] == pin.number();
            gc.setBackground(getDisplay().getSystemColor(selected ? SWT.COLOR_LIST_SELECTION : SWT.COLOR_WIDGET_LIGHT_SHADOW));
            gc.fillRectangle(x, y, BOX_WIDTH_PX, ROW_PX - 2);
            boolean flagged = flaggedPins.contains(end.role() + " pin " + pin.label());
            gc.setForeground(getDisplay().getSystemColor(flagged ? SWT.COLOR_RED
                    : pin.signal().xmlName().equals("nc") ? SWT.COLOR_DARK_GRAY : SWT.COLOR_BLACK));
            gc.setFont(JFaceResources.getTextFont()); // aligned columns
            gc.drawText(String.format("%2d  %-10s %s", pin.number(), pin.name(), pin.signal().xmlName()), x + 6, y + 3, true);
            gc.setFont(null);
        }
    }

    private static int row(PortRef end, int number) {
        List<Pin> pins = end.port().pins();
        for (int row = 0; row < pins.size(); row++) {
            if (pins.get(row).number() == number) {
                return row;
            }
        }
        return -1;
    }

    private static RGB wireRgb(WireColour colour) {
        int rgb = colour == null ? WireColour.UNKNOWN_RGB : colour.rgb();
        return new RGB((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
    }
}
