package org.bmsw.ui.internal.battery;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.LedPanel;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.live.CaptureController;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.session.TraceSessionListener;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

/**
 * The battery's front panel as the battery shows it: RUN, ALM and the SOC bar, from {@link LedPanel} (the rules of
 * battery-state.md and the chosen profile's blink patterns), above everything the battery said in the canonical
 * vocabulary: the module count and the limits it gives the inverter first, then every other quantity with its unit
 * (a dash for one it has not sent), the manufacturer, its requests and the active alarms. Live: the newest decoded
 * state; an opened file: the state at the Trace view's row.
 */
public final class BatteryPanelView extends ViewPart implements SessionAnalysis.Listener, TraceSessionListener {

    public static final String ID = "org.bmsw.ui.views.batteryPanel";

    private static final RGB GREEN = new RGB(40, 200, 60);
    private static final RGB RED = new RGB(230, 40, 30);
    private static final RGB DARK = new RGB(70, 70, 70);
    private static final RGB PANEL = new RGB(30, 32, 36);

    /** The table's columns: the label, the value, its unit and the canonical name (as in JSON and the CLI). */
    static final String[] COLUMNS = { "What", "Value", "Unit", "Name" };

    /** Shown for a value the battery has not sent. */
    static final String ABSENT = "\u2014";

    /** What the inverter is told and the headline values, before the rest of the vocabulary. */
    private static final Quantity[] FIRST = { Quantity.MODULE_COUNT, Quantity.CHARGE_VOLTAGE_LIMIT,
            Quantity.CHARGE_CURRENT_LIMIT, Quantity.DISCHARGE_CURRENT_LIMIT, Quantity.DISCHARGE_VOLTAGE_LIMIT,
            Quantity.SOC, Quantity.VOLTAGE, Quantity.CURRENT, Quantity.TEMPERATURE };

    /** One line of the values table. */
    record Row(String what, String value, String unit, String name) {
    }

    private Canvas leds;
    private Label where;
    private Table values;
    private Font big;
    private LedPanel.Panel panel = LedPanel.of(BatteryState.EMPTY, false, LedPanel.Rules.DEFAULT);
    private BatteryState state = BatteryState.EMPTY;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        leds = new Canvas(parent, SWT.DOUBLE_BUFFERED);
        GridDataFactory.fillDefaults().grab(true, false).hint(260, 96).applyTo(leds);
        FontData data = parent.getFont().getFontData()[0];
        big = new Font(parent.getDisplay(), data.getName(), Math.max(14, data.getHeight() * 2), SWT.BOLD);
        leds.addPaintListener(e -> paint(e.gc));
        where = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(where);
        values = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        values.setHeaderVisible(true);
        values.setLinesVisible(true);
        for (String title : COLUMNS) {
            TableColumn column = new TableColumn(values, title.equals("Value") ? SWT.RIGHT : SWT.LEFT);
            column.setText(title);
        }
        GridDataFactory.fillDefaults().grab(true, true).applyTo(values);
        ColumnFit.install(values, COLUMNS.length - 1);

        SessionAnalysis.current().addListener(this);
        TraceSession.current().addListener(this);
        refresh();
        // blinking, and RUN going out when frames stop, need a clock of their own
        parent.getDisplay().timerExec(250, new Runnable() {
            @Override
            public void run() {
                if (leds.isDisposed()) {
                    return;
                }
                SessionAnalysis.Result result = SessionAnalysis.current().result();
                if (result.isLive() && panel.receiving() != result.receiving()) {
                    refresh();
                }
                leds.redraw();
                leds.getDisplay().timerExec(250, this);
            }
        });
    }

    @Override
    public void analysisChanged() {
        refresh();
    }

    @Override
    public void traceChanged() {
        refresh();
    }

    @Override
    public void cursorMoved(long row) {
        refresh();
    }

    /** Takes the state to show and recomputes the LEDs. */
    void refresh() {
        if (leds == null || leds.isDisposed()) {
            return;
        }
        SessionAnalysis.Result result = SessionAnalysis.current().result();
        TraceSession session = TraceSession.current();
        long cursor = session.cursor();
        boolean receiving;
        if (!result.isLive() && cursor >= 0 && session.store() != null) {
            state = session.stateAt(cursor);
            TraceRecord at = session.store().record(cursor);
            receiving = !state.isEmpty() && LedPanel.receiving(state.timestampNs(), at.timestampNs());
            where.setText("At row " + cursor + " of " + result.name());
        } else {
            state = result.state();
            receiving = result.receiving();
            where.setText(result.name().isEmpty() ? "No trace: start a capture or open a trace"
                    : (result.isLive() ? "Live: " : "End of ") + result.name());
        }
        panel = LedPanel.of(state, receiving, rules(CaptureController.current().profile()));
        fillValues();
        leds.redraw();
    }

    /** The LED rules of {@code profile}: the blink periods its ALM indications give. */
    static LedPanel.Rules rules(BatteryProfile profile) {
        if (profile == null) {
            return LedPanel.Rules.DEFAULT;
        }
        int warning = 0;
        int protection = 0;
        for (LedIndicator led : profile.leds()) {
            if (!led.name().equalsIgnoreCase("ALM")) {
                continue;
            }
            for (LedIndicator.Indication indication : led.indications()) {
                int period = "blink".equals(indication.pattern()) ? Math.max(0, indication.periodMs()) : 0;
                if ("warning".equals(indication.when())) {
                    warning = period;
                } else if ("protection".equals(indication.when())) {
                    protection = period;
                }
            }
        }
        return new LedPanel.Rules(warning, protection, LedPanel.DEFAULT_SOC_SEGMENTS);
    }

    /**
     * Every quantity of the canonical vocabulary (a dash for one the battery has not sent, never a zero), the
     * battery's identity (manufacturer, model, serial number, versions), the requests and the active alarms; what the
     * inverter is told first.
     */
    static List<Row> rows(BatteryState state) {
        List<Row> rows = new ArrayList<>();
        Set<Quantity> quantities = new LinkedHashSet<>(List.of(FIRST));
        quantities.addAll(List.of(Quantity.values()));
        for (Quantity q : quantities) {
            OptionalDouble value = state.get(q);
            rows.add(new Row(q.label(), value.isEmpty() ? ABSENT : format(value.getAsDouble()),
                    q == Quantity.MODULE_COUNT ? "" : q.unit(), q.canonicalName()));
        }
        for (Identity name : Identity.values()) {
            rows.add(new Row(name.label(), state.get(name).orElse(ABSENT), "", name.canonicalName()));
        }
        for (Request request : Request.values()) {
            rows.add(new Row(request.label(), state.get(request).map(on -> on ? "yes" : "no").orElse(ABSENT), "",
                    request.canonicalName()));
        }
        for (var alarm : state.alarms()) {
            rows.add(new Row("Alarm: " + alarm.name().label(), alarm.level().canonicalName(), "",
                    alarm.name().canonicalName()));
        }
        return rows;
    }

    private void fillValues() {
        List<Row> rows = rows(state);
        // in place, so a live update several times a second does not flicker or lose the scroll position
        if (values.getItemCount() > rows.size()) {
            values.remove(rows.size(), values.getItemCount() - 1);
        }
        for (int i = 0; i < rows.size(); i++) {
            TableItem item = i < values.getItemCount() ? values.getItem(i) : new TableItem(values, SWT.NONE);
            Row row = rows.get(i);
            item.setText(new String[] { row.what(), row.value(), row.unit(), row.name() });
        }
        ColumnFit.of(values).grow();
    }

    private static String format(double v) {
        return org.bmsw.ui.internal.plot.PlotCanvas.compact(v);
    }

    private void paint(GC gc) {
        var area = leds.getClientArea();
        Color panelColour = new Color(PANEL);
        gc.setBackground(panelColour);
        gc.fillRoundRectangle(0, 0, area.width, area.height, 12, 12);
        gc.setAntialias(SWT.ON);
        gc.setTextAntialias(SWT.ON);
        long now = System.currentTimeMillis();
        int x = 16;
        int d = 26;
        int top = 18;
        for (LedPanel.Led led : List.of(panel.run(), panel.alm())) {
            drawLed(gc, x, top, d, led.isLitAt(now) ? colour(led) : DARK);
            gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_WHITE));
            gc.drawString(led.name(), x + d / 2 - gc.textExtent(led.name()).x / 2, top + d + 6, true);
            x += d + 28;
        }
        // SOC: the bar segments and the percentage, as on the battery
        LedPanel.Led soc = panel.soc();
        int segments = LedPanel.DEFAULT_SOC_SEGMENTS;
        for (int i = 0; i < segments; i++) {
            drawLed(gc, x + i * (d - 4), top + 4, d - 8, i < soc.socSegments() ? GREEN : DARK);
        }
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_WHITE));
        gc.drawString("SOC", x + (segments * (d - 4)) / 2 - gc.textExtent("SOC").x / 2, top + d + 6, true);
        Font old = gc.getFont();
        gc.setFont(big);
        gc.drawString(soc.text(), x + segments * (d - 4) + 14, top - 2, true);
        gc.setFont(old);
        panelColour.dispose();
        leds.setToolTipText("RUN: " + panel.run().reason() + "\nALM: " + panel.alm().reason() + "\nSOC: "
                + panel.soc().reason());
    }

    private static RGB colour(LedPanel.Led led) {
        return led.colour() == LedPanel.Colour.RED ? RED : GREEN;
    }

    private static void drawLed(GC gc, int x, int y, int d, RGB rgb) {
        Color fill = new Color(rgb);
        gc.setBackground(fill);
        gc.fillOval(x, y, d, d);
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_GRAY));
        gc.drawOval(x, y, d, d);
        fill.dispose();
    }

    /** What the panel shows now, for tests. */
    public LedPanel.Panel panel() {
        return panel;
    }

    public BatteryState state() {
        return state;
    }

    /** The values table, for tests. */
    public Table values() {
        return values;
    }

    /** The line above the table: which trace, live or at which row. */
    public String where() {
        return where.getText();
    }

    @Override
    public void setFocus() {
        values.setFocus();
    }

    @Override
    public void dispose() {
        SessionAnalysis.current().removeListener(this);
        TraceSession.current().removeListener(this);
        if (big != null) {
            big.dispose();
        }
        super.dispose();
    }
}
