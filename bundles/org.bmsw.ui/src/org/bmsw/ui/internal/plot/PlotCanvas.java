package org.bmsw.ui.internal.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.StateSeries;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * Stacked time-series panes sharing one time axis, drawn from a decimated {@link StateSeries}: per pixel column the
 * bucket minimum and maximum as a vertical stroke and the last value as the line, so a spike survives any zoom.
 * Limits are dashed lines in the pane of the quantity they limit. Mouse wheel zooms around the pointer, dragging
 * pans; {@link #panBy}, {@link #zoomBy} and {@link #fit} serve the key bindings.
 */
public final class PlotCanvas extends Canvas {

    /** One line: a quantity, optionally negated (−DCL against the current), dashed for limits. */
    public record Trace(Quantity quantity, String label, RGB colour, boolean negate, boolean dashed) {
    }

    /** One pane: a unit and the traces drawn against it. */
    public record Pane(String title, String unit, List<Trace> traces) {
    }

    private static final int LEFT = 64;
    private static final int RIGHT = 12;
    private static final int BOTTOM = 24;
    private static final int GAP = 8;

    private StateSeries series;
    private List<Pane> panes = List.of();
    private long fromNs;
    private long toNs = 1;
    private long timeZeroNs;
    private boolean follow = true;
    private long followWindowNs = 300_000_000_000L;
    private int dragX = -1;
    private String message = "";

    public PlotCanvas(Composite parent) {
        super(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        addPaintListener(e -> paint(e.gc));
        addListener(SWT.MouseVerticalWheel, this::wheel);
        addListener(SWT.MouseDown, e -> {
            if (e.button == 1) {
                dragX = e.x;
            }
        });
        addListener(SWT.MouseUp, e -> dragX = -1);
        addListener(SWT.MouseMove, e -> {
            if (dragX >= 0) {
                int plotWidth = Math.max(1, getClientArea().width - LEFT - RIGHT);
                long shift = (long) ((double) (dragX - e.x) / plotWidth * (toNs - fromNs));
                dragX = e.x;
                shift(shift);
            }
        });
        addListener(SWT.MouseDoubleClick, e -> fit());
    }

    /** Shows {@code newSeries} (null: nothing) from time zero {@code zeroNs}; keeps the view unless it was fitted. */
    public void setSeries(StateSeries newSeries, long zeroNs, String text) {
        boolean changed = newSeries != series;
        series = newSeries;
        timeZeroNs = zeroNs;
        message = text;
        if (changed) {
            follow = true;
        }
        if (follow) {
            applyFollow();
        }
        redraw();
    }

    public void setPanes(List<Pane> newPanes) {
        panes = List.copyOf(newPanes);
        redraw();
    }

    public List<Pane> panes() {
        return panes;
    }

    /** Width of the time window while following a live capture. */
    public void setFollowWindowNs(long windowNs) {
        followWindowNs = windowNs;
    }

    /** Live: keep the newest {@link #setFollowWindowNs window} in view; a file: the whole trace. */
    public void setFollowLive(boolean live) {
        this.live = live;
    }

    private boolean live;

    private void applyFollow() {
        if (series == null || series.lastNs() == Long.MIN_VALUE) {
            return;
        }
        long last = series.lastNs();
        long first = series.firstNs();
        if (live) {
            toNs = last;
            fromNs = Math.max(first, last - followWindowNs);
        } else {
            fromNs = first;
            toNs = last;
        }
        if (toNs <= fromNs) {
            toNs = fromNs + 1_000_000_000L;
        }
    }

    /** Back to the whole trace (or the live window), following it again. */
    public void fit() {
        follow = true;
        applyFollow();
        redraw();
    }

    /** Pans by {@code fraction} of the visible span (negative: to the left). */
    public void panBy(double fraction) {
        shift((long) ((toNs - fromNs) * fraction));
    }

    /** Zooms by {@code factor} (> 1: in) around the middle. */
    public void zoomBy(double factor) {
        zoomAround((fromNs + toNs) / 2, factor);
    }

    private void shift(long ns) {
        follow = false;
        fromNs += ns;
        toNs += ns;
        redraw();
    }

    private void zoomAround(long centreNs, double factor) {
        follow = false;
        long span = Math.max(1_000_000L, (long) ((toNs - fromNs) / factor)); // no closer than 1 ms across
        double at = (double) (centreNs - fromNs) / Math.max(1, toNs - fromNs);
        fromNs = centreNs - (long) (span * at);
        toNs = fromNs + span;
        redraw();
    }

    private void wheel(Event e) {
        int plotWidth = Math.max(1, getClientArea().width - LEFT - RIGHT);
        long centre = fromNs + (long) ((double) (e.x - LEFT) / plotWidth * (toNs - fromNs));
        zoomAround(centre, e.count > 0 ? 1.25 : 0.8);
    }

    public long fromNs() {
        return fromNs;
    }

    public long toNs() {
        return toNs;
    }

    public boolean isFollowing() {
        return follow;
    }

    // --- painting

    private void paint(GC gc) {
        Rectangle area = getClientArea();
        gc.setBackground(getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_WIDGET_FOREGROUND));
        if (series == null || panes.isEmpty() || series.lastNs() == Long.MIN_VALUE) {
            gc.drawString(message.isEmpty() ? "No data yet: start a capture or open a trace." : message, 10, 10,
                    true);
            return;
        }
        if (follow) {
            applyFollow();
        }
        int plotWidth = area.width - LEFT - RIGHT;
        int paneHeight = (area.height - BOTTOM - GAP * panes.size()) / panes.size();
        if (plotWidth < 20 || paneHeight < 20) {
            return;
        }
        int y = GAP;
        for (Pane pane : panes) {
            paintPane(gc, pane, new Rectangle(LEFT, y, plotWidth, paneHeight));
            y += paneHeight + GAP;
        }
        paintTimeAxis(gc, new Rectangle(LEFT, y - GAP, plotWidth, BOTTOM));
        if (!message.isEmpty()) {
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawString(message, LEFT + 4, area.height - BOTTOM + 6 - gc.getFontMetrics().getHeight(), true);
        }
    }

    private void paintPane(GC gc, Pane pane, Rectangle box) {
        List<StateSeries.Points> points = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Trace trace : pane.traces()) {
            StateSeries.Points p = series.points(trace.quantity(), fromNs - series.bucketNs(), toNs);
            points.add(p);
            for (int i = 0; i < p.size(); i++) {
                double a = trace.negate() ? -p.max()[i] : p.min()[i];
                double b = trace.negate() ? -p.min()[i] : p.max()[i];
                min = Math.min(min, a);
                max = Math.max(max, b);
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 0;
            max = 1;
        }
        double pad = Math.max((max - min) * 0.08, Math.max(Math.abs(max), 1) * 0.01);
        min -= pad;
        max += pad;

        // frame, grid and value axis
        Color grid = new Color(new RGB(225, 225, 225));
        gc.setForeground(grid);
        gc.setLineStyle(SWT.LINE_SOLID);
        double step = niceStep((max - min) / Math.max(2, box.height / 28));
        for (double v = Math.ceil(min / step) * step; v <= max; v += step) {
            int yy = yOf(v, min, max, box);
            gc.setForeground(grid);
            gc.drawLine(box.x, yy, box.x + box.width, yy);
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            String label = formatValue(v, step);
            gc.drawString(label, box.x - 6 - gc.textExtent(label).x, yy - gc.getFontMetrics().getHeight() / 2, true);
        }
        for (long t : timeTicks(box.width)) {
            gc.setForeground(grid);
            int xx = xOf(t, box);
            gc.drawLine(xx, box.y, xx, box.y + box.height);
        }
        grid.dispose();
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_GRAY));
        gc.drawRectangle(box);
        // the unit beside the axis, rotated text is not portable: above the labels
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawString(pane.unit(), 4, box.y, true);

        gc.setClipping(box.x + 1, box.y + 1, box.width - 1, box.height - 1);
        for (int i = 0; i < pane.traces().size(); i++) {
            drawTrace(gc, pane.traces().get(i), points.get(i), min, max, box);
        }
        gc.setClipping((Rectangle) null);

        // legend: swatch, label and the newest value in view
        int lx = box.x + 8;
        int ly = box.y + 4;
        for (int i = 0; i < pane.traces().size(); i++) {
            Trace trace = pane.traces().get(i);
            StateSeries.Points p = points.get(i);
            String value = p.isEmpty() ? "\u2014"
                    : compact(trace.negate() ? -p.last()[p.size() - 1] : p.last()[p.size() - 1]);
            String text = trace.label() + " " + value + " " + pane.unit();
            Color colour = new Color(trace.colour());
            gc.setBackground(colour);
            gc.fillRectangle(lx, ly + 5, 14, 4);
            colour.dispose();
            gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawString(text, lx + 18, ly, true);
            lx += 18 + gc.textExtent(text).x + 16;
        }
    }

    private void drawTrace(GC gc, Trace trace, StateSeries.Points p, double min, double max, Rectangle box) {
        if (p.isEmpty()) {
            return;
        }
        Color colour = new Color(trace.colour());
        gc.setForeground(colour);
        gc.setLineWidth(trace.dashed() ? 1 : 2);
        gc.setLineStyle(trace.dashed() ? SWT.LINE_DASH : SWT.LINE_SOLID);
        long half = series.bucketNs() / 2;
        long gapNs = Math.max(series.bucketNs() * 3, 5_000_000_000L); // no line across a silence
        int prevX = Integer.MIN_VALUE;
        int prevY = 0;
        long prevT = Long.MIN_VALUE;
        for (int i = 0; i < p.size(); i++) {
            long t = p.timesNs()[i] + half;
            int x = xOf(t, box);
            double lo = trace.negate() ? -p.max()[i] : p.min()[i];
            double hi = trace.negate() ? -p.min()[i] : p.max()[i];
            double last = trace.negate() ? -p.last()[i] : p.last()[i];
            int y = yOf(last, min, max, box);
            if (lo != hi) {
                gc.drawLine(x, yOf(lo, min, max, box), x, yOf(hi, min, max, box));
            }
            if (prevX != Integer.MIN_VALUE && t - prevT <= gapNs) {
                gc.drawLine(prevX, prevY, x, trace.dashed() ? prevY : y); // limits hold until the next value
                if (trace.dashed()) {
                    gc.drawLine(x, prevY, x, y);
                }
            } else {
                gc.drawPoint(x, y);
            }
            prevX = x;
            prevY = y;
            prevT = t;
        }
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.setLineWidth(1);
        colour.dispose();
    }

    private void paintTimeAxis(GC gc, Rectangle box) {
        gc.setForeground(getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        double stepS = niceStep((toNs - fromNs) / 1e9 / Math.max(2, box.width / 90));
        for (long t : timeTicks(box.width)) {
            String label = formatValue((t - timeZeroNs) / 1e9, stepS);
            int x = xOf(t, box);
            gc.drawString(label, x - gc.textExtent(label).x / 2, box.y + 4, true);
        }
        gc.drawString("t (s)", 4, box.y + 4, true);
    }

    private List<Long> timeTicks(int width) {
        double stepS = niceStep((toNs - fromNs) / 1e9 / Math.max(2, width / 90));
        long stepNs = Math.max(1, (long) (stepS * 1e9));
        List<Long> ticks = new ArrayList<>();
        long first = timeZeroNs + Math.floorDiv(fromNs - timeZeroNs + stepNs - 1, stepNs) * stepNs;
        for (long t = first; t <= toNs && ticks.size() < 200; t += stepNs) {
            ticks.add(t);
        }
        return ticks;
    }

    private int xOf(long t, Rectangle box) {
        return box.x + (int) Math.round((double) (t - fromNs) / Math.max(1, toNs - fromNs) * box.width);
    }

    private static int yOf(double v, double min, double max, Rectangle box) {
        return box.y + box.height - (int) Math.round((v - min) / (max - min) * box.height);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        if (!(rough > 0) || Double.isInfinite(rough)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    /** Up to two decimals, no trailing zeros: 52.41, 200, -27.5. */
    public static String compact(double v) {
        String text = String.format(Locale.ROOT, "%.2f", v);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    private static String formatValue(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.min(6, Math.ceil(-Math.log10(step)));
        return String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < 1e-12 ? 0.0 : v);
    }
}
