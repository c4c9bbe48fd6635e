package org.bmsw.ui.internal;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.part.ViewPart;

/**
 * What the battery has said, in the canonical vocabulary: each quantity with its value and unit, then the
 * requests and the active alarms. A value the battery has not sent shows as a dash, never as zero.
 */
public final class BatteryStateView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.batteryState";

    /** Shown for a value the battery has not sent. */
    static final String ABSENT = "\u2014";

    /** One table row; {@code name} is the canonical name, the same as in JSON and the CLI. */
    record Row(String label, String name, String value, String unit) {
    }

    private static final DecimalFormat NUMBER = new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT));

    private TableViewer viewer;
    private BatteryState state = BatteryState.EMPTY;

    @Override
    public void createPartControl(Composite parent) {
        Composite tableHolder = new Composite(parent, SWT.NONE);
        TableColumnLayout columns = new TableColumnLayout();
        tableHolder.setLayout(columns);
        viewer = new TableViewer(tableHolder, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        addColumn(columns, "Quantity", 5, SWT.LEFT, Row::label);
        addColumn(columns, "Value", 2, SWT.RIGHT, Row::value);
        addColumn(columns, "Unit", 1, SWT.LEFT, Row::unit);
        addColumn(columns, "Name", 4, SWT.LEFT, Row::name);
        refresh();
    }

    private void addColumn(TableColumnLayout columns, String title, int weight, int alignment,
            Function<Row, String> text) {
        TableViewerColumn column = new TableViewerColumn(viewer, alignment);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Row) element);
            }
        });
        columns.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60));
    }

    /** Shows {@code newState}; call in the UI thread. */
    public void setState(BatteryState newState) {
        state = Objects.requireNonNull(newState, "newState");
        refresh();
    }

    public BatteryState getState() {
        return state;
    }

    private void refresh() {
        setContentDescription(state.isEmpty() ? "No battery data received." : "");
        viewer.setInput(rows(state));
    }

    static List<Row> rows(BatteryState state) {
        List<Row> rows = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            String value = state.get(quantity).isPresent() ? NUMBER.format(state.get(quantity).getAsDouble()) : ABSENT;
            rows.add(new Row(quantity.label(), quantity.canonicalName(), value,
                    quantity == Quantity.MODULE_COUNT ? "" : quantity.unit()));
        }
        rows.add(new Row("Manufacturer", "manufacturer", state.manufacturer().orElse(ABSENT), ""));
        for (Request request : Request.values()) {
            rows.add(new Row(request.label(), request.canonicalName(),
                    state.get(request).map(on -> on ? "yes" : "no").orElse(ABSENT), ""));
        }
        for (Alarm alarm : state.alarms()) {
            rows.add(new Row("Alarm: " + alarm.name().label(), alarm.name().canonicalName(), alarm.level().canonicalName(),
                    ""));
        }
        return rows;
    }

    /** The viewer, for tests and for the views that will link to this one. */
    TableViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
