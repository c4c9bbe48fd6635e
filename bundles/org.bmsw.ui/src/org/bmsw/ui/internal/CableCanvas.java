package org.bmsw.ui.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.bmsw.ui.internal.problems.Problem;
import org.bmsw.ui.internal.problems.ProblemsView;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Path;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * The two connectors side by side with the wires between them. Drag from a pin on one side to a pin on the other
 * to add a wire (or click one, then the other); click a wired pin with the right button to remove its wire. Pins
 * with a problem carry the marker of its severity and are red (errors) or orange (warnings); hovering one shows
 * what to do.
 */
final class CableCanvas extends Canvas {

    static final int ROW_PX = 24;
    static final int TOP_PX = 40;
    static final int BOX_WIDTH_PX = 230;
    static final int GAP_PX = 150;
    static final int LEFT_PX = 10;
    private static final int ICON_PX = 16;

    private Cable cable;
    /** Per pin name ("battery pin 4 (CAN1_H)"): the findings that name it, worst first. */
    private Map<String, List<Finding>> findingsByPin = Map.of();
    /** Pins the Problems view asked to show. */
    private Set<String> selectedPins = Set.of();
    /** The pin pressed or clicked first: side (0 = a, 1 = b) and number, or null. */
    private int[] pending;
    /** While the button is held after pressing a pin: where the mouse is, for the rubber band. */
    private int[] dragPoint;
    private BiConsumer<Integer, Integer> onAddWire = (a, b) -> {
    };
    private Consumer<Wire> onRemoveWire = wire -> {
    };

    CableCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.BORDER);
        setBackground(getDisplay().getSystemColor(SWT.COLOR_WHITE));
        addPaintListener(event -> paint(event.gc));
        addListener(SWT.MouseDown, this::mouseDown);
        addListener(SWT.MouseMove, this::mouseMove);
        addListener(SWT.MouseUp, this::mouseUp);
    }

    void setCable(Cable cable, List<Finding> findings) {
        this.cable = cable;
        Map<String, List<Finding>> byPin = new LinkedHashMap<>();
        findings.stream().filter(Finding::fails).sorted((x, y) -> x.severity().compareTo(y.severity()))
                .forEach(finding -> finding.pins().forEach(pin -> byPin.computeIfAbsent(pin, p -> new ArrayList<>())
                        .add(finding)));
        this.findingsByPin = byPin;
        pending = null;
        dragPoint = null;
        redraw();
    }

    /** Shows these pins selected (from the Problems view), e.g. {@code "battery pin 4 (CAN1_H)"}. */
    void selectPins(Set<String> pins) {
        selectedPins = Set.copyOf(pins);
        redraw();
    }

    Set<String> selectedPins() {
        return selectedPins;
    }

    void onAddWire(BiConsumer<Integer, Integer> listener) {
        this.onAddWire = listener;
    }

    void onRemoveWire(Consumer<Wire> listener) {
        this.onRemoveWire = listener;
    }

    /** The worst severity of the problems on a pin, or null: what the pin's marker shows. */
    Problem.Severity markerOn(String pinName) {
        List<Finding> findings = findingsByPin.get(pinName);
        return findings == null ? null : severity(findings.get(0).severity());
    }

    static Problem.Severity severity(Finding.Severity severity) {
        return switch (severity) {
        case ERROR -> Problem.Severity.ERROR;
        case WARNING -> Problem.Severity.WARNING;
        case INFO -> Problem.Severity.INFO;
        };
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
        List<Pin> pins = end(side).port().pins();
        return row < pins.size() ? Optional.of(new int[] { side, pins.get(row).number() }) : Optional.empty();
    }

    private PortRef end(int side) {
        return side == 0 ? cable.endA() : cable.endB();
    }

    /** The middle of a pin's row on the side facing the wires, for tests that click and drag. */
    int[] pinPoint(int side, int number) {
        int row = row(end(side), number);
        if (row < 0) {
            throw new IllegalArgumentException("no pin " + number);
        }
        return new int[] { side == 0 ? LEFT_PX + BOX_WIDTH_PX - 5 : boxBX() + 5, TOP_PX + row * ROW_PX + ROW_PX / 2 };
    }

    /** The tooltip a pin shows: its name and what the checks say about it. */
    String toolTipAt(int x, int y) {
        Optional<int[]> hit = pinAt(x, y);
        if (hit.isEmpty()) {
            return null;
        }
        PortRef end = end(hit.get()[0]);
        Pin pin = end.pin(hit.get()[1]).orElseThrow();
        String name = end.role() + " pin " + pin.label();
        StringBuilder text = new StringBuilder(name).append(": ").append(pin.signal().xmlName());
        if (!pin.note().isEmpty()) {
            text.append(" (").append(pin.note()).append(')');
        }
        for (Finding finding : findingsByPin.getOrDefault(name, List.of())) {
            text.append("\n\n").append(finding.severity()).append(": ").append(finding.message());
        }
        return text.toString();
    }

    private static int boxBX() {
        return LEFT_PX + BOX_WIDTH_PX + GAP_PX;
    }

    private void mouseDown(Event event) {
        Optional<int[]> hit = pinAt(event.x, event.y);
        if (hit.isEmpty()) {
            pending = null;
            dragPoint = null;
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
        if (event.button != 1) {
            return;
        }
        if (pending != null && pending[0] != side) {
            connect(side, number); // the second click of click-click
        } else {
            pending = hit.get();
            dragPoint = new int[] { event.x, event.y };
            redraw();
        }
    }

    private void mouseMove(Event event) {
        setToolTipText(toolTipAt(event.x, event.y));
        if (dragPoint != null) {
            dragPoint = new int[] { event.x, event.y };
            redraw();
        }
    }

    /** Releasing on a pin of the other side ends the drag with a wire; on the pressed pin, waits for a second click. */
    private void mouseUp(Event event) {
        if (event.button != 1 || dragPoint == null) {
            return;
        }
        dragPoint = null;
        Optional<int[]> hit = pinAt(event.x, event.y);
        if (pending != null && hit.isPresent() && hit.get()[0] != pending[0]) {
            connect(hit.get()[0], hit.get()[1]);
        } else if (hit.isEmpty() || pending == null || hit.get()[1] != pending[1]) {
            pending = null;
        }
        redraw();
    }

    private void connect(int side, int number) {
        int pinA = side == 0 ? number : pending[1];
        int pinB = side == 0 ? pending[1] : number;
        pending = null;
        dragPoint = null;
        onAddWire.accept(pinA, pinB);
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
        if (pending != null && dragPoint != null) {
            int[] from = pinPoint(pending[0], pending[1]);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.setLineWidth(2);
            gc.setLineStyle(SWT.LINE_DOT);
            gc.drawLine(from[0], from[1], dragPoint[0], dragPoint[1]);
        }
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
    }

    private void drawConnector(GC gc, PortRef end, int side, int x) {
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(end.role() + ": " + end.profile().vendor() + " " + end.profile().model() + ", port " + end.port().id(),
                x, 8, true);
        Optional<int[]> target = dragPoint == null ? Optional.empty() : pinAt(dragPoint[0], dragPoint[1]);
        List<Pin> pins = end.port().pins();
        for (int row = 0; row < pins.size(); row++) {
            Pin pin = pins.get(row);
            int y = TOP_PX + row * ROW_PX;
            String name = end.role() + " pin " + pin.label();
            boolean pressed = pending != null && pending[0] == side && pending[1] == pin.number();
            boolean dropTarget = target.isPresent() && pending != null && target.get()[0] == side && side != pending[0]
                    && target.get()[1] == pin.number();
            gc.setBackground(getDisplay().getSystemColor(pressed || dropTarget ? SWT.COLOR_LIST_SELECTION
                    : SWT.COLOR_WIDGET_LIGHT_SHADOW));
            gc.fillRectangle(x, y, BOX_WIDTH_PX, ROW_PX - 2);
            if (selectedPins.contains(name)) {
                gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLUE));
                gc.setLineWidth(2);
                gc.drawRectangle(x + 1, y + 1, BOX_WIDTH_PX - 2, ROW_PX - 4);
                gc.setLineWidth(1);
            }
            Problem.Severity marker = markerOn(name);
            if (marker != null) {
                Image icon = ProblemsView.icon(marker);
                // the marker sits on the pin's outer edge, away from the wires
                gc.drawImage(icon, side == 0 ? x + 2 : x + BOX_WIDTH_PX - ICON_PX - 2, y + (ROW_PX - 2 - ICON_PX) / 2);
            }
            gc.setForeground(getDisplay().getSystemColor(marker == Problem.Severity.ERROR ? SWT.COLOR_RED
                    : marker == Problem.Severity.WARNING ? SWT.COLOR_DARK_YELLOW
                    : pin.signal().xmlName().equals("nc") ? SWT.COLOR_DARK_GRAY : SWT.COLOR_BLACK));
            gc.setFont(JFaceResources.getTextFont()); // aligned columns
            gc.drawText(String.format("%2d  %-10s %s", pin.number(), pin.name(), pin.signal().xmlName()),
                    x + (side == 0 ? ICON_PX + 4 : 6), y + 3, true);
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
