package org.bmsw.ui.internal.plot;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.state.Quantity;
import org.bmsw.ui.internal.live.BmswPreferences;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;

/**
 * Time series of the battery's values with the limits drawn against them: voltage against CVL and DVL, current
 * against CCL and −DCL, SOC, temperature. Follows a live capture (the newest window, see the preferences) or shows a
 * whole opened trace, decimated by {@link SessionAnalysis}. Zoom and pan by mouse wheel, drag and keys.
 */
public final class PlotView extends ViewPart implements SessionAnalysis.Listener {

    public static final String ID = "org.bmsw.ui.views.plot";
    /** Context of the plot's key bindings (pan, zoom), active while the view is. */
    public static final String CONTEXT_ID = "org.bmsw.ui.contexts.plot";

    static final PlotCanvas.Pane VOLTAGE = new PlotCanvas.Pane("Voltage", "V", List.of(
            new PlotCanvas.Trace(Quantity.VOLTAGE, "voltage_V", new RGB(20, 90, 200), false, false),
            new PlotCanvas.Trace(Quantity.CHARGE_VOLTAGE_LIMIT, "CVL", new RGB(200, 30, 30), false, true),
            new PlotCanvas.Trace(Quantity.DISCHARGE_VOLTAGE_LIMIT, "DVL", new RGB(230, 130, 0), false, true)));
    static final PlotCanvas.Pane CURRENT = new PlotCanvas.Pane("Current", "A", List.of(
            new PlotCanvas.Trace(Quantity.CURRENT, "current_A", new RGB(0, 140, 70), false, false),
            new PlotCanvas.Trace(Quantity.CHARGE_CURRENT_LIMIT, "CCL", new RGB(200, 30, 30), false, true),
            new PlotCanvas.Trace(Quantity.DISCHARGE_CURRENT_LIMIT, "\u2212DCL", new RGB(230, 130, 0), true, true)));
    static final PlotCanvas.Pane SOC = new PlotCanvas.Pane("SOC", "%", List.of(
            new PlotCanvas.Trace(Quantity.SOC, "soc_pct", new RGB(120, 60, 180), false, false)));
    static final PlotCanvas.Pane TEMPERATURE = new PlotCanvas.Pane("Temperature", "\u00b0C", List.of(
            new PlotCanvas.Trace(Quantity.TEMPERATURE, "temperature_C", new RGB(160, 80, 40), false, false)));
    private static final PlotCanvas.Pane[] ALL = { VOLTAGE, CURRENT, SOC, TEMPERATURE };

    private PlotCanvas canvas;
    private final List<Button> choices = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(ALL.length + 1).margins(4, 2).applyTo(bar);
        for (PlotCanvas.Pane pane : ALL) {
            Button choice = new Button(bar, SWT.CHECK);
            choice.setText(pane.title() + " (" + pane.unit() + ")");
            choice.setSelection(pane != TEMPERATURE);
            choice.setData(pane);
            choice.addListener(SWT.Selection, e -> applyChoices());
            choices.add(choice);
        }
        Button fit = new Button(bar, SWT.PUSH);
        fit.setText("Fit");
        fit.setToolTipText("Whole trace, or the live window (double-click the plot does the same)");
        fit.addListener(SWT.Selection, e -> canvas.fit());
        canvas = new PlotCanvas(parent);
        canvas.setToolTipText("Wheel: zoom, drag: pan, arrows: pan and zoom, double-click: fit");
        GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas);
        applyChoices();
        IContextService contexts = getSite().getService(IContextService.class);
        if (contexts != null) {
            contexts.activateContext(CONTEXT_ID);
        }
        SessionAnalysis.current().addListener(this);
        analysisChanged();
    }

    private void applyChoices() {
        List<PlotCanvas.Pane> panes = new ArrayList<>();
        for (Button choice : choices) {
            if (choice.getSelection()) {
                panes.add((PlotCanvas.Pane) choice.getData());
            }
        }
        canvas.setPanes(panes);
    }

    @Override
    public void analysisChanged() {
        if (canvas == null || canvas.isDisposed()) {
            return;
        }
        SessionAnalysis.Result result = SessionAnalysis.current().result();
        canvas.setFollowLive(result.isLive());
        canvas.setFollowWindowNs(BmswPreferences.plotWindowSeconds() * 1_000_000_000L);
        String text;
        if (result.isCancelled()) {
            text = "Decoding cancelled after " + result.rowsDone() + " of " + result.rowsTotal() + " rows";
        } else if (!result.isLive() && result.rowsTotal() > 0 && result.rowsDone() < result.rowsTotal()) {
            text = "Decoding " + result.rowsDone() * 100 / result.rowsTotal() + " %";
        } else {
            text = "";
        }
        canvas.setSeries(result.series(), result.firstNs(), text);
    }

    public PlotCanvas canvas() {
        return canvas;
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        SessionAnalysis.current().removeListener(this);
        super.dispose();
    }
}
