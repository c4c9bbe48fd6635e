package org.bmsw.ui.internal.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;

import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.filter.FilterSyntaxException;
import org.bmsw.protocol.filter.TraceFilter;
import org.bmsw.protocol.filter.TraceRows;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.session.TraceSessionListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.part.ViewPart;

/**
 * The trace as a table that stays fast at ten million rows: the SWT table holds only the rows on screen and a
 * slider of its own stands for the whole trace (as Trace Compass's virtual table does; an SWT.VIRTUAL table with
 * ten million items makes GTK build a row for each). Only the rows on screen are read and decoded.
 * <p>
 * Above the table: a filter box (Wireshark-like expressions, see {@link TraceFilter}; a filter runs as a job with
 * progress and cancel and leaves an {@code int[]} of matching rows), a search box (next/previous match within
 * what is shown), go to (row number or time), and the absolute/relative time toggle. Bookmarks are toggled on the
 * selected row and shown in the first column.
 */
public final class TraceView extends ViewPart implements TraceSessionListener {

    public static final String ID = "org.bmsw.ui.views.trace";

    static final int COLUMN_BOOKMARK = 0;
    static final int COLUMN_NUMBER = 1;
    static final int COLUMN_TIME = 2;
    static final int COLUMN_CHANNEL = 3;
    static final int COLUMN_ID = 4;
    static final int COLUMN_BYTES = 5;
    static final int COLUMN_MESSAGE = 6;
    static final String BOOKMARK_MARK = "\u25C6";
    /** Rows the wheel moves per notch. */
    private static final int WHEEL_ROWS = 3;
    /** Filtered rows further apart than this are decoded one by one, not as one stretch. */
    private static final long CONTIGUOUS_DECODE_SPAN = 4096;

    private final TraceSession session = TraceSession.current();
    private final NavigableSet<Long> bookmarks = new TreeSet<>();

    private Text filterText;
    private Text searchText;
    private Text gotoText;
    private Button relativeButton;
    private Label status;
    private Table table;
    private Slider slider;
    private Color alarmBackground;
    private Color problemBackground;
    private Color errorForeground;

    /** Matching store rows, ascending, or null when no filter is applied. */
    private int[] filtered;
    private TraceFilter filter;
    private Job filterJob;
    private Job searchJob;
    private String statusText = "";
    /** Index (into the shown rows) of the first row on screen. */
    private long top;
    /** Store row selected, or -1. */
    private long selectedRow = -1;
    private boolean relativeTime = true;
    private String lastPlayUri = "";
    private TracePlayJob playJob;
    private int refreshes;

    @Override
    public void createPartControl(Composite parent) {
        Display display = parent.getDisplay();
        alarmBackground = new Color(display, 255, 205, 205);
        problemBackground = new Color(display, 255, 236, 190);
        errorForeground = new Color(display, 190, 0, 0);
        parent.setLayout(grid(1, 0));

        Composite bar = new Composite(parent, SWT.NONE);
        bar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        bar.setLayout(grid(9, 2));
        new Label(bar, SWT.NONE).setText("Filter:");
        filterText = new Text(bar, SWT.SINGLE | SWT.BORDER | SWT.SEARCH | SWT.ICON_CANCEL);
        filterText.setMessage("id == 0x351 || message == Alarms && !(soc_pct > 20)  (Enter applies)");
        filterText.setToolTipText("Fields: id, message, channel, len, alarm, any signal (soc_pct, current_A, ...).\n"
                + "Operators: == != < <= > >= contains, && || ! and parentheses. Empty shows every row.");
        filterText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        filterText.addListener(SWT.DefaultSelection, e -> applyFilter(filterText.getText()));
        new Label(bar, SWT.NONE).setText("Find:");
        searchText = new Text(bar, SWT.SINGLE | SWT.BORDER | SWT.SEARCH);
        searchText.setMessage("soc_pct < 20 (Enter: next)");
        searchText.setToolTipText("An expression like the filter's; Enter or F3 finds the next row, Shift+F3 the"
                + " previous one, among the rows shown.");
        GridData searchData = new GridData(SWT.FILL, SWT.CENTER, false, false);
        searchData.widthHint = 130;
        searchText.setLayoutData(searchData);
        searchText.addListener(SWT.DefaultSelection, e -> find(true));
        Button previous = new Button(bar, SWT.PUSH);
        previous.setText("\u25B2");
        previous.setToolTipText("Previous match (Shift+F3)");
        previous.addListener(SWT.Selection, e -> find(false));
        Button next = new Button(bar, SWT.PUSH);
        next.setText("\u25BC");
        next.setToolTipText("Next match (F3)");
        next.addListener(SWT.Selection, e -> find(true));
        new Label(bar, SWT.NONE).setText("Go to:");
        gotoText = new Text(bar, SWT.SINGLE | SWT.BORDER);
        gotoText.setMessage("No. or 12.5s");
        gotoText.setToolTipText("A row number (as in the No. column), or a time in seconds from the trace start"
                + " followed by s (12.5s)");
        GridData gotoData = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        gotoData.widthHint = 80;
        gotoText.setLayoutData(gotoData);
        gotoText.addListener(SWT.DefaultSelection, e -> goTo(gotoText.getText()));
        relativeButton = new Button(bar, SWT.CHECK);
        relativeButton.setText("Relative time");
        relativeButton.setToolTipText("Seconds since the trace start; off: the time the trace recorded");
        relativeButton.setSelection(relativeTime);
        relativeButton.addListener(SWT.Selection, e -> setRelativeTime(relativeButton.getSelection()));

        status = new Label(parent, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

        Composite body = new Composite(parent, SWT.NONE);
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        body.setLayout(grid(2, 0));
        // no V_SCROLL: the table never holds more than a screen; the slider scrolls the trace
        table = new Table(body, SWT.SINGLE | SWT.FULL_SELECTION | SWT.H_SCROLL);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        column("", 24, SWT.CENTER);
        column("No.", 80, SWT.RIGHT);
        column("Time (s)", 130, SWT.RIGHT);
        column("Channel", 70, SWT.LEFT);
        column("ID", 70, SWT.LEFT);
        column("Bytes", 190, SWT.LEFT);
        column("Message", 700, SWT.LEFT);
        // sized from the rows on screen and the headers, never by reading the trace; the message takes the rest
        ColumnFit.install(table, COLUMN_MESSAGE);
        slider = new Slider(body, SWT.VERTICAL);
        slider.setLayoutData(new GridData(SWT.RIGHT, SWT.FILL, false, true));
        slider.addListener(SWT.Selection, e -> {
            top = slider.getSelection();
            refreshRows();
        });
        table.addListener(SWT.Resize, e -> refreshRows());
        table.addListener(SWT.MouseVerticalWheel, this::wheel);
        table.addListener(SWT.KeyDown, this::key);
        table.addListener(SWT.Selection, e -> {
            int item = table.getSelectionIndex();
            if (item >= 0) {
                select(storeRow(top + item), false);
            }
        });
        table.setMenu(contextMenu());
        session.addListener(this);
        traceChanged();
    }

    /** Right button: filter on the row's identifier or message, bookmark it. */
    private Menu contextMenu() {
        Menu menu = new Menu(table);
        menu.addListener(SWT.Show, e -> {
            for (MenuItem item : menu.getItems()) {
                item.dispose();
            }
            TraceStore store = session.store();
            if (store == null || selectedRow < 0 || selectedRow >= store.size()) {
                return;
            }
            StoreCursor cursor = store.cursor();
            cursor.moveTo(selectedRow);
            if (cursor.bus() == org.bmsw.core.record.BusKind.CAN) {
                String id = String.format("0x%X", cursor.identifier());
                menuItem(menu, "Filter on ID " + id, () -> applyFilter("id == " + id));
            }
            for (DecodedMessage message : session.decodeRows(selectedRow, 1)[0]) {
                String name = message.message().contains(" ") ? "\"" + message.message() + "\"" : message.message();
                menuItem(menu, "Filter on message " + message.message(), () -> applyFilter("message == " + name));
            }
            new MenuItem(menu, SWT.SEPARATOR);
            menuItem(menu, bookmarks.contains(selectedRow) ? "Remove Bookmark" : "Add Bookmark", this::toggleBookmark);
            if (filter != null) {
                menuItem(menu, "Show Every Row", () -> applyFilter(""));
            }
            new MenuItem(menu, SWT.SEPARATOR);
            menuItem(menu, "Play onto a Bus...", this::playOntoBus);
        });
        return menu;
    }

    /** Asks where, how fast and which rows, then {@link #play}; the result shows in the status line. */
    private void playOntoBus() {
        PlayOntoBusDialog dialog = new PlayOntoBusDialog(getSite().getShell(), lastPlayUri, filter != null);
        if (dialog.open() == PlayOntoBusDialog.OK) {
            lastPlayUri = dialog.uri();
            play(dialog.uri(), dialog.speed(), dialog.fromSelection());
        }
    }

    /**
     * Plays the whole trace, or the rows shown (the filter's matches) from the selected row, onto {@code uri} with
     * their timing divided by {@code speed}, after the transmit interlock (the checklist for a port that may reach
     * real equipment).
     *
     * @return the job playing, or null when nothing was played (refused, no trace, a destination that cannot be used)
     */
    public Job play(String uri, double speed, boolean fromSelection) {
        TraceStore store = session.store();
        if (store == null || store.size() == 0) {
            return null;
        }
        org.bmsw.transport.TransportRegistry registry = org.bmsw.ui.internal.live.CaptureController.current()
                .registry();
        try {
            if (!org.bmsw.ui.internal.live.TransmitConfirm.allowed(getSite().getShell(), registry, uri,
                    org.bmsw.transport.Transmitter.PLAY_ACTION)) {
                setStatus("Not played: the checklist for " + uri + " was not confirmed.", true);
                return null;
            }
        } catch (org.bmsw.transport.TransportException e) {
            setStatus("Cannot play onto " + uri + ": " + e.getMessage(), true);
            return null;
        }
        long first = fromSelection && selectedRow >= 0 ? Math.max(0, indexOf(selectedRow)) : 0;
        long count;
        java.util.function.LongUnaryOperator rows;
        if (fromSelection && filtered != null) {
            int[] shown = filtered; // the filter's matches as they are now
            count = shown.length - first;
            rows = i -> shown[(int) (first + i)];
        } else {
            count = store.size() - first;
            rows = i -> first + i;
        }
        TracePlayJob job = new TracePlayJob(registry, uri, store, count, rows, speed);
        job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
            @Override
            public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
                Display display = table.getDisplay();
                if (!display.isDisposed()) {
                    display.asyncExec(() -> setStatus(job.outcome(), !job.getResult().isOK()));
                }
            }
        });
        playJob = job;
        job.schedule();
        return job;
    }

    /** The running or last play job, or null. */
    public Job playJob() {
        return playJob;
    }

    /** What the last play did (frames sent, skipped, stopped or its failure); empty before one ended. */
    public String playOutcome() {
        return playJob == null ? "" : playJob.outcome();
    }

    private static void menuItem(Menu menu, String text, Runnable action) {
        MenuItem item = new MenuItem(menu, SWT.PUSH);
        item.setText(text);
        item.addListener(SWT.Selection, e -> action.run());
    }

    private static GridLayout grid(int columns, int margin) {
        GridLayout layout = new GridLayout(columns, false);
        layout.marginWidth = margin;
        layout.marginHeight = margin;
        layout.horizontalSpacing = 4;
        layout.verticalSpacing = 2;
        return layout;
    }

    private void column(String title, int width, int alignment) {
        TableColumn column = new TableColumn(table, alignment);
        column.setText(title);
        column.setWidth(width);
        column.setMoveable(title.length() > 0);
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    @Override
    public void dispose() {
        session.removeListener(this);
        cancelJobs();
        if (playJob != null) {
            playJob.cancel();
        }
        if (alarmBackground != null) {
            alarmBackground.dispose();
            problemBackground.dispose();
            errorForeground.dispose();
        }
        super.dispose();
    }

    // --- what is shown

    /** Rows shown: every row of the trace, or the filter's matches. */
    public long rowCount() {
        TraceStore store = session.store();
        if (store == null) {
            return 0;
        }
        return filtered != null ? filtered.length : store.size();
    }

    /** The store row of shown row {@code index}. */
    public long storeRow(long index) {
        return filtered != null ? filtered[(int) index] : index;
    }

    /** The shown index of {@code storeRow}, or where it would be ({@code -insertion-1}) when filtered out. */
    long indexOf(long storeRow) {
        if (filtered == null) {
            return storeRow;
        }
        return Arrays.binarySearch(filtered, (int) Math.min(storeRow, Integer.MAX_VALUE));
    }

    /** The table (only the rows on screen), for tests and the screenshot script. */
    public Table table() {
        return table;
    }

    /** The filter applied, or null. */
    public TraceFilter filter() {
        return filter;
    }

    /** The running or last filter job, or null; tests join it. */
    public Job filterJob() {
        return filterJob;
    }

    /** The running or last search job, or null. */
    public Job searchJob() {
        return searchJob;
    }

    /** The store row selected, or -1. */
    public long selectedRow() {
        return selectedRow;
    }

    /** Shown index of the first row on screen. */
    public long topIndex() {
        return top;
    }

    /** The line above the table: rows, filter result, errors. */
    public String statusText() {
        return statusText;
    }

    /** Bookmarked store rows, ascending. */
    public NavigableSet<Long> bookmarks() {
        return java.util.Collections.unmodifiableNavigableSet(bookmarks);
    }

    /** How many times the rows on screen were rebuilt (a test checks that the table does not hold the trace). */
    int refreshes() {
        return refreshes;
    }

    /** The background of rows with an active protection or warning. */
    Color alarmBackground() {
        return alarmBackground;
    }

    /** Rows that fit on screen. */
    int visibleRows() {
        Rectangle area = table.getClientArea();
        int itemHeight = Math.max(1, table.getItemHeight());
        int header = table.getHeaderVisible() ? table.getHeaderHeight() : 0;
        // as Trace Compass does: the header may be counted into the client area; a row less beats a row cut off
        return Math.max(1, (area.height - header) / itemHeight);
    }

    /** Rebuilds the items on screen from the store: reads and decodes only those rows. */
    void refreshRows() {
        if (table == null || table.isDisposed()) {
            return;
        }
        refreshes++;
        TraceStore store = session.store();
        long count = rowCount();
        int visible = visibleRows();
        top = Math.max(0, Math.min(top, count - visible));
        int shown = (int) Math.max(0, Math.min(visible, count - top));
        table.setRedraw(false);
        try {
            while (table.getItemCount() > shown) {
                table.getItem(table.getItemCount() - 1).dispose();
            }
            while (table.getItemCount() < shown) {
                new TableItem(table, SWT.NONE);
            }
            if (shown > 0) {
                fillItems(store, shown);
            }
            ColumnFit.of(table).grow(); // paging only widens, so the columns do not jump while scrolling
            table.deselectAll();
            long selectedIndex = selectedRow < 0 ? -1 : indexOf(selectedRow);
            if (selectedIndex >= top && selectedIndex < top + shown) {
                table.select((int) (selectedIndex - top));
            }
            table.setTopIndex(0);
        } finally {
            table.setRedraw(true);
        }
        updateSlider(count, visible);
    }

    private void fillItems(TraceStore store, int shown) {
        DecodedMessage[][] decoded = decode(shown);
        long startNs = store.startTimeNs();
        StoreCursor cursor = store.cursor();
        java.util.List<String> channels = new java.util.ArrayList<>();
        store.channels().forEach(channel -> channels.add(channel.name()));
        for (int i = 0; i < shown; i++) {
            long row = storeRow(top + i);
            cursor.moveTo(row);
            TableItem item = table.getItem(i);
            DecodedMessage[] messages = decoded[i];
            item.setText(new String[] {bookmarks.contains(row) ? BOOKMARK_MARK : "", Long.toString(row + 1),
                    RowFormat.time(cursor.timestampNs(), startNs, relativeTime),
                    cursor.channelIndex() < channels.size() ? channels.get(cursor.channelIndex()) : "?",
                    RowFormat.identifier(cursor), RowFormat.bytes(cursor), RowFormat.messages(messages)});
            item.setData(row);
            item.setBackground(background(messages));
        }
    }

    private Color background(DecodedMessage[] messages) {
        boolean problem = false;
        for (DecodedMessage message : messages) {
            if (TraceFilter.hasActiveAlarm(message)) {
                return alarmBackground;
            }
            problem |= !message.problems().isEmpty();
        }
        return problem ? problemBackground : null;
    }

    /** Decoded messages of the rows on screen: one stretch when they lie close together, else row by row. */
    private DecodedMessage[][] decode(int shown) {
        long first = storeRow(top);
        long last = storeRow(top + shown - 1);
        if (last - first < CONTIGUOUS_DECODE_SPAN) {
            DecodedMessage[][] stretch = session.decodeRows(first, (int) (last - first + 1));
            DecodedMessage[][] rows = new DecodedMessage[shown][];
            for (int i = 0; i < shown; i++) {
                rows[i] = stretch[(int) (storeRow(top + i) - first)];
            }
            return rows;
        }
        DecodedMessage[][] rows = new DecodedMessage[shown][];
        for (int i = 0; i < shown; i++) {
            rows[i] = session.decodeRows(storeRow(top + i), 1)[0];
        }
        return rows;
    }

    private void updateSlider(long count, int visible) {
        int max = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, count));
        int thumb = (int) Math.max(1, Math.min(visible, max));
        slider.setValues((int) Math.min(top, max - thumb), 0, max, thumb, 1, Math.max(1, visible - 1));
        slider.setEnabled(count > visible);
    }

    private void setStatus(String text, boolean error) {
        statusText = text;
        if (status != null && !status.isDisposed()) {
            status.setText(text);
            status.setForeground(error ? errorForeground : null);
        }
    }

    private void describeRows() {
        TraceStore store = session.store();
        if (store == null) {
            setStatus("No trace: File > Open Trace\u2026 opens one; a capture shows its frames as they arrive.", false);
            return;
        }
        String rows = String.format(Locale.ROOT, "%,d rows", store.size());
        String protocol = " \u2014 decoded as " + session.protocolId();
        if (filter != null && filtered != null) {
            setStatus(String.format(Locale.ROOT, "%,d of %s match %s", filtered.length, rows, filter.text()) + protocol,
                    false);
        } else {
            setStatus(rows + protocol, false);
        }
    }

    // --- moving around

    /** Scrolls so that shown row {@code index} is on screen (in the middle when it was far away). */
    void reveal(long index) {
        int visible = visibleRows();
        if (index < top) {
            top = index < top - visible ? index - visible / 2 : index;
        } else if (index >= top + visible) {
            top = index >= top + 2L * visible ? index - visible / 2 : index - visible + 1;
        }
        top = Math.max(0, top);
    }

    /** Selects {@code storeRow} (the nearest shown row when filtered out), shows it and moves the session cursor. */
    public void select(long storeRow, boolean show) {
        long count = rowCount();
        if (count == 0) {
            return;
        }
        long index = indexOf(storeRow);
        if (index < 0) {
            index = Math.min(count - 1, -index - 1);
        }
        index = Math.max(0, Math.min(index, count - 1));
        selectedRow = storeRow(index);
        if (show) {
            reveal(index);
            refreshRows();
        }
        session.setCursor(selectedRow);
    }

    /** Scrolls by {@code rows} shown rows (negative: up), keeping the selection. */
    public void scrollBy(long rows) {
        top = Math.max(0, top + rows);
        refreshRows();
    }

    /** Shows shown row {@code index} at the top. */
    public void scrollTo(long index) {
        top = Math.max(0, index);
        refreshRows();
    }

    private void wheel(Event event) {
        event.doit = false;
        scrollBy(-(long) Integer.signum(event.count) * WHEEL_ROWS);
    }

    private void key(Event event) {
        long count = rowCount();
        if (count == 0) {
            return;
        }
        long current = selectedRow < 0 ? top : Math.max(0, indexOf(selectedRow));
        long page = Math.max(1, visibleRows() - 1);
        long target;
        switch (event.keyCode) {
        case SWT.ARROW_UP -> target = current - 1;
        case SWT.ARROW_DOWN -> target = current + 1;
        case SWT.PAGE_UP -> target = current - page;
        case SWT.PAGE_DOWN -> target = current + page;
        case SWT.HOME -> target = 0;
        case SWT.END -> target = count - 1;
        default -> {
            return;
        }
        }
        event.doit = false;
        target = Math.max(0, Math.min(count - 1, target));
        reveal(target);
        selectedRow = storeRow(target);
        refreshRows();
        session.setCursor(selectedRow);
    }

    /** Go to a row number ({@code 1234}, as in the No. column) or a time from the start ({@code 12.5s}). */
    public void goTo(String text) {
        TraceStore store = session.store();
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (store == null || value.isEmpty()) {
            return;
        }
        try {
            if (value.endsWith("s")) {
                double seconds = Double.parseDouble(value.substring(0, value.length() - 1).trim());
                long row = store.seek(store.startTimeNs() + Math.round(seconds * 1e9));
                select(Math.min(row, store.size() - 1), true);
            } else {
                long number = Long.parseLong(value.replace(",", "").replace("#", ""));
                if (number < 1 || number > store.size()) {
                    setStatus("Go to: no row " + number + "; the trace has rows 1 to " + store.size(), true);
                    return;
                }
                select(number - 1, true);
            }
            describeRows();
        } catch (NumberFormatException e) {
            setStatus("Go to: '" + text.trim() + "' is neither a row number nor a time such as 12.5s", true);
        }
    }

    public void setRelativeTime(boolean relative) {
        relativeTime = relative;
        if (relativeButton != null && relativeButton.getSelection() != relative) {
            relativeButton.setSelection(relative);
        }
        table.getColumn(COLUMN_TIME).setText(relative ? "Time (s)" : "Time");
        refreshRows();
        ColumnFit.of(table).pack(); // the time column changes width both ways
    }

    public boolean isRelativeTime() {
        return relativeTime;
    }

    // --- filter and search

    /** Puts the keyboard focus into the filter box (the Filter command). */
    public void focusFilter() {
        filterText.setFocus();
        filterText.selectAll();
    }

    /**
     * Applies {@code expression} (empty: show every row) as a job with progress and cancel; a syntax error is shown
     * at once and the rows stay as they were.
     *
     * @return the job, or null when nothing runs (no trace, empty filter, syntax error)
     */
    public Job applyFilter(String expression) {
        if (!filterText.getText().equals(expression)) {
            filterText.setText(expression);
        }
        cancelFilter();
        TraceStore store = session.store();
        if (expression.isBlank()) {
            filter = null;
            filtered = null;
            long keep = selectedRow;
            top = 0;
            refreshRows();
            if (keep >= 0) {
                select(keep, true);
            }
            describeRows();
            return null;
        }
        TraceFilter parsed;
        try {
            parsed = TraceFilter.parse(expression);
        } catch (FilterSyntaxException e) {
            setStatus("Filter: " + e.getMessage() + " \u2014 the rows shown are unchanged", true);
            return null;
        }
        if (store == null) {
            setStatus("Filter: no trace is open", true);
            return null;
        }
        long end = store.size();
        Display display = table.getDisplay();
        setStatus("Filtering " + String.format(Locale.ROOT, "%,d", end) + " rows with " + parsed.text() + "\u2026",
                false);
        Job job = new Job("Filtering the trace: " + parsed.text()) {
            @Override
            protected IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, (int) Math.min(Integer.MAX_VALUE, Math.max(1, end)));
                long[] done = {0};
                try {
                    int[] rows = TraceRows.filter(store, session::newDecoder, parsed, 0, end, (rowsDone, total) -> {
                        progress.worked((int) (rowsDone - done[0]));
                        done[0] = rowsDone;
                        return !monitor.isCanceled();
                    });
                    display.asyncExec(() -> filterDone(this, store, parsed, rows, end));
                    return Status.OK_STATUS;
                } catch (CancellationException e) {
                    display.asyncExec(() -> {
                        if (filterJob == this && !table.isDisposed()) {
                            describeRows();
                            setStatus(statusText + " \u2014 filter cancelled", false);
                        }
                    });
                    return Status.CANCEL_STATUS;
                }
            }
        };
        job.setUser(true);
        job.setPriority(Job.LONG);
        filterJob = job;
        job.schedule();
        return job;
    }

    private void filterDone(Job job, TraceStore store, TraceFilter parsed, int[] rows, long end) {
        if (filterJob != job || table.isDisposed() || session.store() != store) {
            return; // another filter or trace meanwhile
        }
        long grownTo = store.size();
        int[] all = rows;
        if (grownTo > end) {
            // rows a capture added while the job ran
            all = concat(rows, TraceRows.filter(store, session::newDecoder, parsed, end, grownTo, null));
        }
        filter = parsed;
        filtered = all;
        filteredEnd = grownTo;
        long keep = selectedRow;
        top = 0;
        selectedRow = -1;
        if (keep >= 0 && all.length > 0) {
            select(keep, true);
        } else {
            refreshRows();
        }
        describeRows();
    }

    /** The store size the filtered rows cover (new rows of a live trace are filtered as they come). */
    private long filteredEnd;

    private static int[] concat(int[] a, int[] b) {
        int[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Finds the next (or previous) shown row after the selection that the search box's expression matches. */
    public Job find(boolean forward) {
        return find(searchText.getText(), forward);
    }

    /** Finds the next row with an active protection or warning (the Next Alarm command). */
    public Job findNextAlarm() {
        return find("alarm", true);
    }

    /** Finds the next (or previous) shown row after the selection that {@code expression} matches, as a job. */
    public Job find(String expression, boolean forward) {
        TraceStore store = session.store();
        if (store == null || expression.isBlank()) {
            return null;
        }
        TraceFilter search;
        try {
            TraceFilter.parse(expression); // its own errors name its own columns
            // within a filter, a match must pass both
            search = TraceFilter.parse(filter == null ? expression : "(" + filter.text() + ") && (" + expression + ")");
        } catch (FilterSyntaxException e) {
            setStatus("Find: " + e.getMessage(), true);
            return null;
        }
        if (searchJob != null) {
            searchJob.cancel();
        }
        long from = selectedRow >= 0 ? selectedRow : forward ? storeRow(top) - 1 : storeRow(top);
        Display display = table.getDisplay();
        Job job = new Job("Finding " + expression) {
            @Override
            protected IStatus run(org.eclipse.core.runtime.IProgressMonitor monitor) {
                SubMonitor progress = SubMonitor.convert(monitor, 1000);
                try {
                    long found = TraceRows.find(store, session::newDecoder, search, from, forward, (done, total) -> {
                        progress.setWorkRemaining(1000);
                        progress.worked((int) (done * 1000 / Math.max(1, total)));
                        return !monitor.isCanceled();
                    });
                    display.asyncExec(() -> {
                        if (table.isDisposed() || session.store() != store) {
                            return;
                        }
                        if (found < 0) {
                            setStatus("Find: no " + (forward ? "later" : "earlier") + " row matches " + expression,
                                    true);
                        } else {
                            select(found, true);
                            describeRows();
                        }
                    });
                    return Status.OK_STATUS;
                } catch (CancellationException e) {
                    return Status.CANCEL_STATUS;
                }
            }
        };
        job.setUser(true);
        searchJob = job;
        job.schedule();
        return job;
    }

    /** Sets the search box's expression (for the keyboard commands and tests). */
    public void setSearchText(String expression) {
        searchText.setText(expression);
    }

    private void cancelFilter() {
        if (filterJob != null) {
            filterJob.cancel();
            filterJob = null;
        }
    }

    private void cancelJobs() {
        cancelFilter();
        if (searchJob != null) {
            searchJob.cancel();
        }
    }

    // --- bookmarks

    /** Adds or removes a bookmark on the selected row. */
    public void toggleBookmark() {
        if (selectedRow < 0) {
            setStatus("Bookmark: select a row first", true);
            return;
        }
        if (!bookmarks.remove(selectedRow)) {
            bookmarks.add(selectedRow);
        }
        refreshRows();
    }

    /** Selects the next (or previous) bookmark after the selected row. */
    public void gotoBookmark(boolean forward) {
        if (bookmarks.isEmpty()) {
            setStatus("Bookmarks: none yet (select a row, then Toggle Bookmark)", true);
            return;
        }
        Long target = forward ? bookmarks.higher(selectedRow) : bookmarks.lower(selectedRow < 0 ? Long.MAX_VALUE
                : selectedRow);
        if (target == null) {
            setStatus("Bookmarks: no " + (forward ? "later" : "earlier") + " bookmark", true);
            return;
        }
        select(target, true);
        describeRows();
    }

    // --- the session

    @Override
    public void traceChanged() {
        if (table == null || table.isDisposed()) {
            return;
        }
        cancelJobs();
        bookmarks.clear();
        filtered = null;
        selectedRow = -1;
        top = 0;
        TraceStore store = session.store();
        setPartName("Trace");
        setContentDescription(store == null ? "" : store.path().getFileName().toString());
        String expression = filterText.getText();
        refreshRows();
        ColumnFit.of(table).pack(); // a new trace: the columns fit its first screen afresh
        describeRows();
        if (filter != null || !expression.isBlank()) {
            filter = null;
            applyFilter(expression); // the same filter on the new trace
        }
    }

    @Override
    public void traceGrew(long oldSize, long newSize) {
        if (table == null || table.isDisposed()) {
            return;
        }
        int visible = visibleRows();
        long shownBefore = filtered != null ? filtered.length : oldSize;
        boolean following = top + visible >= shownBefore;
        if (filter != null && filtered != null) {
            int[] more = TraceRows.filter(session.store(), session::newDecoder, filter, Math.max(oldSize,
                    filteredEnd), newSize, null);
            filtered = concat(filtered, more);
            filteredEnd = newSize;
        }
        if (following) {
            top = Math.max(0, rowCount() - visible); // the tail stays in view, as in a terminal
        }
        refreshRows();
        describeRows();
    }

    @Override
    public void cursorMoved(long row) {
        if (table == null || table.isDisposed() || row == selectedRow || row < 0) {
            return;
        }
        select(row, true);
    }
}
