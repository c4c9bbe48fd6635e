package org.bmsw.ui.internal.alarms;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.bmsw.analysis.AlarmEpisode;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;

/**
 * Alarm episodes (from {@link org.bmsw.analysis.AlarmEpisodeTracker}) as bars per alarm on the trace's time axis,
 * protections red and warnings amber, and as a table with start, end and duration. Clicking a bar or a row moves the
 * Trace view to the frame that raised it.
 */
public final class AlarmTimelineView extends ViewPart implements SessionAnalysis.Listener {

    public static final String ID = "org.bmsw.ui.views.alarmTimeline";

    private static final int LABEL_WIDTH = 190;
    private static final int ROW_HEIGHT = 18;

    private Canvas bars;
    private Table table;
    private List<AlarmEpisode> episodes = List.of();
    private List<Alarm> rows = List.of();
    private long firstNs;
    private long lastNs = 1;
    private SessionAnalysis.Result shownResult;
    private long shownChanges = -1;

    @Override
    public void createPartControl(Composite parent) {
        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        bars = new Canvas(sash, SWT.DOUBLE_BUFFERED | SWT.V_SCROLL);
        bars.addPaintListener(e -> paint(e.gc));
        bars.addListener(SWT.MouseDown, e -> {
            AlarmEpisode hit = episodeAt(e.x, e.y);
            if (hit != null) {
                jumpTo(hit);
            }
        });
        table = new Table(sash, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (String title : new String[] { "Alarm", "Level", "Start (s)", "End (s)", "Duration (s)", "Raised at row" }) {
            TableColumn column = new TableColumn(table, title.startsWith("Alarm") || title.startsWith("Level")
                    ? SWT.LEFT : SWT.RIGHT);
            column.setText(title);
        }
        ColumnFit.install(table, 0);
        table.addListener(SWT.Selection, e -> {
            if (table.getSelectionCount() == 1) {
                jumpTo((AlarmEpisode) table.getSelection()[0].getData());
            }
        });
        sash.setWeights(45, 55);
        GridDataFactory.fillDefaults().grab(true, true);
        SessionAnalysis.current().addListener(this);
        analysisChanged();
    }

    /** Moves the session's cursor to the frame that raised {@code episode}. */
    static void jumpTo(AlarmEpisode episode) {
        if (episode.startRow() != AlarmEpisode.NO_ROW) {
            TraceSession.current().setCursor(episode.startRow() - 1); // the tracker counts rows from 1
        }
    }

    @Override
    public void analysisChanged() {
        if (table == null || table.isDisposed()) {
            return;
        }
        SessionAnalysis.Result result = SessionAnalysis.current().result();
        long changes = result.episodes().changeCount();
        boolean same = result == shownResult && changes == shownChanges;
        shownResult = result;
        shownChanges = changes;
        lastNs = Math.max(result.firstNs() + 1, result.lastNs());
        if (same) {
            bars.redraw(); // only the open episodes grew: no table rebuild at every flush
            return;
        }
        episodes = result.episodeList();
        firstNs = result.firstNs();
        lastNs = Math.max(firstNs + 1, result.lastNs());
        Set<Alarm> alarms = new LinkedHashSet<>();
        episodes.stream().map(AlarmEpisode::alarm).sorted().forEach(alarms::add);
        rows = new ArrayList<>(alarms);
        fillTable();
        setContentDescription(episodes.isEmpty() ? (result.name().isEmpty() ? "No trace." : "No alarm in "
                + result.name() + ".") : episodes.size() + " episodes of " + rows.size() + " alarms in "
                        + result.name());
        bars.redraw();
    }

    private void fillTable() {
        table.removeAll();
        for (AlarmEpisode episode : episodes) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { episode.name().canonicalName(), episode.level().canonicalName(),
                    seconds(episode.startNs() - firstNs),
                    episode.isOpen() ? "(active)" : seconds(episode.endNs() - firstNs),
                    seconds(episode.durationNs(lastNs)) + (episode.isOpen() ? "+" : ""),
                    episode.startRow() == AlarmEpisode.NO_ROW ? "" : Long.toString(episode.startRow() - 1) });
            item.setData(episode);
            if (episode.level() == AlarmLevel.PROTECTION) {
                item.setForeground(table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            }
        }
        ColumnFit.of(table).pack();
    }

    private static String seconds(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1e9);
    }

    private void paint(GC gc) {
        Rectangle area = bars.getClientArea();
        gc.setBackground(bars.getDisplay().getSystemColor(SWT.COLOR_LIST_BACKGROUND));
        gc.fillRectangle(area);
        if (rows.isEmpty()) {
            gc.drawString("No alarm episodes.", 8, 8, true);
            return;
        }
        int width = Math.max(10, area.width - LABEL_WIDTH - 10);
        Color protection = new Color(new RGB(210, 40, 30));
        Color warning = new Color(new RGB(240, 170, 0));
        for (int i = 0; i < rows.size(); i++) {
            int y = 4 + i * ROW_HEIGHT;
            Alarm alarm = rows.get(i);
            gc.setForeground(bars.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawString(alarm.name().canonicalName() + " / " + alarm.level().canonicalName(), 4, y, true);
            gc.setForeground(bars.getDisplay().getSystemColor(SWT.COLOR_WIDGET_LIGHT_SHADOW));
            gc.drawLine(LABEL_WIDTH, y + ROW_HEIGHT - 2, LABEL_WIDTH + width, y + ROW_HEIGHT - 2);
        }
        for (AlarmEpisode episode : episodes) {
            Rectangle r = barOf(episode, width);
            gc.setBackground(episode.level() == AlarmLevel.PROTECTION ? protection : warning);
            gc.fillRectangle(r);
        }
        gc.setForeground(bars.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        int axisY = 4 + rows.size() * ROW_HEIGHT + 2;
        gc.drawString("0 s", LABEL_WIDTH, axisY, true);
        String end = seconds(lastNs - firstNs) + " s";
        gc.drawString(end, LABEL_WIDTH + width - gc.textExtent(end).x, axisY, true);
        protection.dispose();
        warning.dispose();
    }

    private Rectangle barOf(AlarmEpisode episode, int width) {
        int row = rows.indexOf(episode.alarm());
        double span = Math.max(1, lastNs - firstNs);
        int x0 = LABEL_WIDTH + (int) ((episode.startNs() - firstNs) / span * width);
        long end = episode.isOpen() ? lastNs : episode.endNs();
        int x1 = LABEL_WIDTH + (int) ((end - firstNs) / span * width);
        return new Rectangle(x0, 4 + row * ROW_HEIGHT + 2, Math.max(3, x1 - x0), ROW_HEIGHT - 6);
    }

    private AlarmEpisode episodeAt(int x, int y) {
        int width = Math.max(10, bars.getClientArea().width - LABEL_WIDTH - 10);
        for (AlarmEpisode episode : episodes) {
            Rectangle r = barOf(episode, width);
            r.x -= 2;
            r.width += 4;
            if (r.contains(x, y)) {
                return episode;
            }
        }
        return null;
    }

    /** The episodes shown, for tests. */
    public List<AlarmEpisode> episodes() {
        return episodes;
    }

    public Table table() {
        return table;
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    @Override
    public void dispose() {
        SessionAnalysis.current().removeListener(this);
        super.dispose();
    }
}
