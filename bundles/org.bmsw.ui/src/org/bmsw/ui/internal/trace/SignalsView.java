package org.bmsw.ui.internal.trace;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.session.TraceSessionListener;
import org.eclipse.jface.viewers.AbstractTreeViewer;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

/**
 * The decoded signals at the session's cursor: the selected row's messages, the battery state the inverter knew at
 * that row ({@link TraceSession#stateAt}) and the last message of each kind in the ten seconds before it, each value
 * with its unit and when it was last updated. With no row selected during a capture it follows the newest row.
 */
public final class SignalsView extends ViewPart implements TraceSessionListener {

    public static final String ID = "org.bmsw.ui.views.signals";

    static final String ROW_NODE = "Selected row";
    static final String STATE_NODE = "Battery state";
    static final String RECENT_NODE = "Last messages";

    /** One line of the tree: a group, a message or a signal. */
    public record Node(String name, String value, String unit, String updated, List<Node> children) {
        Node(String name, String value, String unit, String updated) {
            this(name, value, unit, updated, List.of());
        }

        /** Identity: the same message shows under the selected row and under the last messages. */
        @Override
        public boolean equals(Object other) {
            return this == other;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }

    private final TraceSession session = TraceSession.current();
    private TreeViewer viewer;
    private List<Node> roots = List.of();
    private long shownRow = -1;

    @Override
    public void createPartControl(Composite parent) {
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayout(new FillLayout());
        viewer = new TreeViewer(holder, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return ((List<?>) input).toArray();
            }

            @Override
            public Object[] getChildren(Object parentElement) {
                return ((Node) parentElement).children().toArray();
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return !((Node) element).children().isEmpty();
            }
        });
        column("Signal", SWT.LEFT, Node::name);
        column("Value", SWT.RIGHT, Node::value);
        column("Unit", SWT.LEFT, Node::unit);
        column("Last update (s)", SWT.RIGHT, Node::updated);
        ColumnFit.install(viewer.getTree(), 0); // the signal names take the width the others leave
        session.addListener(this);
        show(session.cursor());
    }

    private void column(String title, int alignment, java.util.function.Function<Node, String> text) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, alignment);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Node) element);
            }
        });
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        session.removeListener(this);
        super.dispose();
    }

    /** The tree's viewer, for tests. */
    public TreeViewer viewer() {
        return viewer;
    }

    /** What the tree shows. */
    public List<Node> roots() {
        return roots;
    }

    /** The row shown, or -1. */
    public long shownRow() {
        return shownRow;
    }

    /** Shows the signals at {@code row} (-1: nothing). */
    public void show(long row) {
        TraceStore store = session.store();
        shownRow = store == null || row < 0 || row >= store.size() ? -1 : row;
        roots = shownRow < 0 ? List.of() : build(store, shownRow);
        setContentDescription(store == null ? "No trace open."
                : shownRow < 0 ? "Select a row in the Trace view." : "At row " + (shownRow + 1));
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.setInput(roots);
            viewer.expandToLevel(2);
            if (!roots.isEmpty()) {
                viewer.expandToLevel(roots.get(0), AbstractTreeViewer.ALL_LEVELS); // the selected row's signals
            }
            // widen only while the user moves through one trace, so the columns do not jump from row to row
            ColumnFit fit = ColumnFit.of(viewer.getTree());
            if (fit != null) {
                fit.grow();
            }
        }
    }

    private List<Node> build(TraceStore store, long row) {
        long startNs = store.startTimeNs();
        StoreCursor cursor = store.cursor();
        cursor.moveTo(row);
        String rowTime = RowFormat.time(cursor.timestampNs(), startNs, true);
        List<Node> selected = new ArrayList<>();
        for (DecodedMessage message : session.decodeRows(row, 1)[0]) {
            selected.add(message(message, startNs));
        }
        TraceSession.Snapshot snapshot = session.snapshotAt(row);
        List<Node> recent = new ArrayList<>();
        for (DecodedMessage message : snapshot.messages()) {
            recent.add(message(message, startNs));
        }
        List<Node> result = new ArrayList<>();
        result.add(new Node(ROW_NODE + " " + (row + 1), selected.isEmpty() ? "no message completed" : "", "",
                rowTime, selected));
        result.add(new Node(STATE_NODE, snapshot.state().isEmpty() ? "nothing decoded yet" : "", "", rowTime,
                state(snapshot.state(), rowTime)));
        result.add(new Node(RECENT_NODE + " (" + (TraceSession.STATE_WINDOW_NS / 1_000_000_000L) + " s)",
                recent.size() + " kinds", "", "", recent));
        return result;
    }

    private static Node message(DecodedMessage message, long startNs) {
        String updated = RowFormat.time(message.timestampNs(), startNs, true);
        List<Node> signals = new ArrayList<>();
        for (DecodedSignal signal : message.signals()) {
            signals.add(new Node(signal.name(), RowFormat.value(signal), signal.isText() ? "" : signal.unit(), updated));
        }
        for (String problem : message.problems()) {
            signals.add(new Node("\u26A0 problem", problem, "", updated));
        }
        return new Node(message.message() + " (" + message.id() + ", " + message.channel() + ")", "", "", updated,
                signals);
    }

    /** The canonical state, only what the battery sent: name, value, unit. */
    private static List<Node> state(BatteryState state, String updated) {
        List<Node> nodes = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            state.get(quantity).ifPresent(value -> nodes.add(new Node(quantity.canonicalName(), RowFormat.number(value),
                    quantity == Quantity.MODULE_COUNT ? "" : quantity.unit(), updated)));
        }
        state.identity().forEach((name, text) -> nodes.add(new Node(name.canonicalName(), text, "", updated)));
        for (Request request : Request.values()) {
            state.get(request).ifPresent(on -> nodes.add(new Node(request.canonicalName(), on ? "yes" : "no", "",
                    updated)));
        }
        for (Alarm alarm : state.alarms()) {
            nodes.add(new Node("alarm " + alarm.name().canonicalName(), alarm.level().canonicalName(), "", updated));
        }
        return nodes;
    }

    @Override
    public void traceChanged() {
        show(-1);
        ColumnFit fit = viewer == null ? null : ColumnFit.of(viewer.getTree());
        if (fit != null) {
            fit.pack(); // a new trace: the columns fit its rows afresh
        }
    }

    @Override
    public void traceGrew(long oldSize, long newSize) {
        // live: follow the newest row while the user has not picked one
        if (session.cursor() < 0) {
            show(newSize - 1);
        }
    }

    @Override
    public void cursorMoved(long row) {
        show(row);
    }
}
