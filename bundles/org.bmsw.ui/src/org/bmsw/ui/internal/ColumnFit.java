package org.bmsw.ui.internal;

import java.util.Objects;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Item;
import org.eclipse.swt.widgets.ScrollBar;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeColumn;

/**
 * Sizes a table's (or tree's) columns to their content: every column as wide as its header and its widest cell (SWT's
 * own {@code pack}, which counts the cell padding, icons and a tree's indentation), and one column, the text-heavy one,
 * also takes the width left over when the control is wider than the content. Weighted column layouts cut long
 * messages at any window size; this never cuts a cell and scrolls sideways instead when the content is wider than
 * the control.
 * <p>
 * {@link #pack()} after new content (a new trace, a new report): columns may narrow. {@link #grow()} after content
 * that changes in place (a live value, the next page of a trace): columns only widen, so they do not jump back and
 * forth while values tick. Both measure only the items the control holds, which for the Trace view is one screen.
 */
public final class ColumnFit {

    private static final String KEY = ColumnFit.class.getName();

    private final Composite control;
    private final int fillColumn;
    /** The width each column's content needs, as last measured. */
    private int[] natural = new int[0];
    private boolean adjusting;

    private ColumnFit(Composite control, int fillColumn) {
        this.control = control;
        this.fillColumn = fillColumn;
        control.setData(KEY, this);
        control.addListener(SWT.Resize, e -> spread());
    }

    /**
     * Fits {@code table}'s columns now and whenever the table is resized; {@code fillColumn} (an index, or -1 for
     * none) takes the remaining width.
     */
    public static ColumnFit install(Table table, int fillColumn) {
        ColumnFit fit = new ColumnFit(Objects.requireNonNull(table, "table"), fillColumn);
        fit.pack();
        return fit;
    }

    /** {@link #install(Table, int)} for a tree; expanding a node fits the columns to the rows it shows. */
    public static ColumnFit install(Tree tree, int fillColumn) {
        ColumnFit fit = new ColumnFit(Objects.requireNonNull(tree, "tree"), fillColumn);
        // the viewer creates the children after the Expand event: measure once they are there
        tree.addListener(SWT.Expand, e -> tree.getDisplay().asyncExec(() -> {
            if (!tree.isDisposed()) {
                fit.grow();
            }
        }));
        fit.pack();
        return fit;
    }

    /** The fit installed on {@code control}, or null. */
    public static ColumnFit of(Composite control) {
        return control == null ? null : (ColumnFit) control.getData(KEY);
    }

    /** The content was replaced: every column to its content again (it may narrow). */
    public void pack() {
        measure(false);
    }

    /** The content changed in place or by paging: widens the columns that need it, never narrows one. */
    public void grow() {
        measure(true);
    }

    /** The index of the column that takes the remaining width, or -1. */
    public int fillColumn() {
        return fillColumn;
    }

    private void measure(boolean growOnly) {
        if (control.isDisposed()) {
            return;
        }
        Item[] columns = columns();
        int[] widths = new int[columns.length];
        adjusting = true;
        control.setRedraw(false);
        try {
            for (int i = 0; i < columns.length; i++) {
                int needed = packedWidth(columns[i]);
                widths[i] = growOnly && i < natural.length ? Math.max(natural[i], needed) : needed;
            }
            natural = widths;
            spread(); // pack() set every width to its content: the fill column takes the rest again
        } finally {
            adjusting = false;
            control.setRedraw(true);
        }
    }

    /** Each column at its natural width; the fill column also takes what is left of the client area. */
    private void spread() {
        if (control.isDisposed()) {
            return;
        }
        Item[] columns = columns();
        if (columns.length != natural.length) {
            if (!adjusting) {
                pack();
            }
            return;
        }
        int others = 0;
        for (int i = 0; i < columns.length; i++) {
            if (i != fillColumn) {
                others += natural[i];
            }
        }
        for (int i = 0; i < columns.length; i++) {
            int width = natural[i];
            if (i == fillColumn) {
                width = Math.max(width, available() - others);
            }
            setWidth(columns[i], width);
        }
    }

    /** The width the columns can share without a horizontal scroll bar. */
    private int available() {
        int width = control.getClientArea().width;
        ScrollBar vertical = control.getVerticalBar();
        // GTK counts an overlay scroll bar into the client area; leave it room so the last column is not under it
        if (vertical != null && vertical.isVisible() && control.getSize().x - width < vertical.getSize().x) {
            width -= vertical.getSize().x;
        }
        return Math.max(0, width);
    }

    private Item[] columns() {
        return control instanceof Table table ? table.getColumns() : ((Tree) control).getColumns();
    }

    private static int packedWidth(Item column) {
        if (column instanceof TableColumn c) {
            c.pack();
            return c.getWidth();
        }
        TreeColumn c = (TreeColumn) column;
        c.pack();
        return c.getWidth();
    }

    private static void setWidth(Item column, int width) {
        if (column instanceof TableColumn c) {
            if (c.getWidth() != width) {
                c.setWidth(width);
            }
        } else {
            TreeColumn c = (TreeColumn) column;
            if (c.getWidth() != width) {
                c.setWidth(width);
            }
        }
    }
}
