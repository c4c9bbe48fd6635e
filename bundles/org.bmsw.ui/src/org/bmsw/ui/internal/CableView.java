package org.bmsw.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bmsw.pinout.Cable;
import org.bmsw.pinout.CableProposer;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.Wire;
import org.bmsw.pinout.WireColour;
import org.bmsw.pinout.WireList;
import org.bmsw.pinout.WiringChecker;
import org.bmsw.profiles.ConnectorKind;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileRegistry;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.core.commands.operations.AbstractOperation;
import org.eclipse.core.commands.operations.IOperationHistory;
import org.eclipse.core.commands.operations.IUndoContext;
import org.eclipse.core.commands.operations.ObjectUndoContext;
import org.eclipse.core.runtime.IAdaptable;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.TableColumnLayout;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnWeightData;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.operations.UndoRedoActionGroup;
import org.eclipse.ui.part.ViewPart;

/**
 * The pinout editor: the battery port and the inverter port side by side, the cable between them, and what the
 * wiring checks say about it. Wires are added by clicking two pins, removed with the right button; every change
 * can be undone. The cable is saved as a CSV wire list that {@code bmsw pinout --cable} reads too.
 */
public final class CableView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.cable";

    private final IUndoContext undoContext = new ObjectUndoContext(this, "Cable");
    private Combo batteryPort;
    private Combo inverterPort;
    private CableCanvas canvas;
    private TableViewer findingsViewer;
    private Label summary;
    private List<PortRef> ports = List.of();
    private Cable cable;
    private List<Finding> findings = List.of();

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(8).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Battery port:");
        batteryPort = new Combo(bar, SWT.READ_ONLY);
        new Label(bar, SWT.NONE).setText("Inverter port:");
        inverterPort = new Combo(bar, SWT.READ_ONLY);
        button(bar, "Propose", () -> propose());
        button(bar, "Open...", this::openFile);
        button(bar, "Save...", this::saveFile);
        summary = new Label(bar, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        canvas = new CableCanvas(sash);
        canvas.onAddWire((pinA, pinB) -> execute(new WireOperation("Add wire", cable, withWire(pinA, pinB))));
        canvas.onRemoveWire(wire -> execute(new WireOperation("Remove wire", cable, without(wire))));
        Composite tableHolder = new Composite(sash, SWT.NONE);
        TableColumnLayout columns = new TableColumnLayout();
        tableHolder.setLayout(columns);
        findingsViewer = new TableViewer(tableHolder, SWT.FULL_SELECTION | SWT.V_SCROLL);
        findingsViewer.getTable().setHeaderVisible(true);
        findingsViewer.setContentProvider(ArrayContentProvider.getInstance());
        column(columns, "Severity", 1, f -> f.severity().name().toLowerCase());
        column(columns, "Check", 2, Finding::check);
        column(columns, "What to do", 9, Finding::message);
        sash.setWeights(3, 1);

        new UndoRedoActionGroup(getSite(), undoContext, true).fillActionBars(getViewSite().getActionBars());
        getViewSite().getActionBars().updateActionBars();

        setPorts(ProfileRegistry.getDefault());
        batteryPort.addListener(SWT.Selection, e -> propose());
        inverterPort.addListener(SWT.Selection, e -> propose());
    }

    private static void button(Composite parent, String text, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        button.addListener(SWT.Selection, e -> action.run());
    }

    private void column(TableColumnLayout columns, String title, int weight, Function<Finding, String> text) {
        TableViewerColumn column = new TableViewerColumn(findingsViewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Finding) element);
            }

            @Override
            public Color getForeground(Object element) {
                return ((Finding) element).fails() ? getSite().getShell().getDisplay().getSystemColor(SWT.COLOR_RED) : null;
            }
        });
        columns.setColumnData(column.getColumn(), new ColumnWeightData(weight, 60));
    }

    /** Fills the port choosers from the profiles; the brief's battery and inverter are chosen first. */
    void setPorts(ProfileRegistry registry) {
        List<PortRef> all = new ArrayList<>();
        for (DeviceProfile profile : registry.all()) {
            for (Port port : profile.ports()) {
                all.add(new PortRef(profile, port));
            }
        }
        ports = all;
        batteryPort.setItems(all.stream().filter(p -> p.role().equals("battery")).map(PortRef::toString).toArray(String[]::new));
        inverterPort.setItems(all.stream().map(PortRef::toString).toArray(String[]::new));
        select(batteryPort, "seed.lv-battery:PCS");
        select(inverterPort, "seed.hybrid-inverter:COM");
        propose();
    }

    private static void select(Combo combo, String item) {
        int index = combo.indexOf(item);
        combo.select(Math.max(index, 0));
    }

    private PortRef port(Combo combo) {
        String text = combo.getText();
        return ports.stream().filter(p -> p.toString().equals(text)).findFirst().orElse(null);
    }

    /** Shows the cable the two chosen ports' profiles call for. */
    void propose() {
        PortRef a = port(batteryPort);
        PortRef b = port(inverterPort);
        if (a == null || b == null) {
            return;
        }
        execute(new WireOperation("Propose cable", cable, CableProposer.propose(a, b).cable()));
    }

    private Cable withWire(int pinA, int pinB) {
        List<Wire> wires = new ArrayList<>(cable.wires());
        String colour = cable.endA().port().connector() == ConnectorKind.RJ45 && pinA <= 8
                ? WireColour.t568b(pinA).displayName() : "";
        wires.add(new Wire(pinA, pinB, colour));
        return new Cable(cable.endA(), cable.endB(), wires);
    }

    private Cable without(Wire wire) {
        List<Wire> wires = new ArrayList<>(cable.wires());
        wires.remove(wire);
        return new Cable(cable.endA(), cable.endB(), wires);
    }

    /** Adds a wire between two pins, as clicking them does; undoable. */
    void addWire(int pinA, int pinB) {
        execute(new WireOperation("Add wire", cable, withWire(pinA, pinB)));
    }

    private void execute(WireOperation operation) {
        operation.addContext(undoContext);
        try {
            operationHistory().execute(operation, null, null);
        } catch (ExecutionException e) {
            MessageDialog.openError(getSite().getShell(), "Cable", e.getMessage());
        }
    }

    IOperationHistory operationHistory() {
        return getSite().getWorkbenchWindow().getWorkbench().getOperationSupport().getOperationHistory();
    }

    IUndoContext undoContext() {
        return undoContext;
    }

    private void show(Cable shown) {
        cable = shown;
        findings = shown == null ? List.of() : WiringChecker.check(shown);
        if (shown != null) {
            select(batteryPort, shown.endA().toString());
            select(inverterPort, shown.endB().toString());
        }
        canvas.setCable(shown, findings);
        findingsViewer.setInput(findings);
        boolean failed = findings.stream().anyMatch(Finding::fails);
        summary.setText(shown == null ? "" : shown.wires().size() + " wires, " + (failed ? "check FAILED" : "check passed"));
        summary.getParent().layout();
    }

    Cable cable() {
        return cable;
    }

    List<Finding> findings() {
        return findings;
    }

    CableCanvas canvas() {
        return canvas;
    }

    private void openFile() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setFilterExtensions(new String[] { "*.csv", "*" });
        String file = dialog.open();
        if (file != null) {
            open(Path.of(file));
        }
    }

    /** Opens a wire list written by Save (or by bmsw pinout --csv); its first line names the two ports. */
    void open(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> portNames = WireList.ports(text).orElseThrow(() -> new IllegalArgumentException(file
                    + ": the first line must name the ports, as in '# a = battery seed.lv-battery:PCS, b = inverter"
                    + " seed.hybrid-inverter:COM'"));
            ProfileRegistry registry = ProfileRegistry.getDefault();
            Cable opened = new Cable(PortRef.parse(portNames.get(0), registry), PortRef.parse(portNames.get(1), registry),
                    WireList.readCsv(file.toString(), text));
            execute(new WireOperation("Open " + file.getFileName(), cable, opened));
        } catch (IOException | IllegalArgumentException e) {
            MessageDialog.openError(getSite().getShell(), "Open cable", e.getMessage());
        }
    }

    private void saveFile() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*.csv" });
        dialog.setFileName("cable.csv");
        dialog.setOverwrite(true);
        String file = dialog.open();
        if (file != null) {
            save(Path.of(file));
        }
    }

    void save(Path file) {
        try {
            Files.writeString(file, WireList.csv(cable), StandardCharsets.UTF_8);
        } catch (IOException e) {
            MessageDialog.openError(getSite().getShell(), "Save cable", file + ": " + e.getMessage());
        }
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        operationHistory().dispose(undoContext, true, true, true);
        super.dispose();
    }

    /** Replaces the cable; undo puts the previous one back. */
    private final class WireOperation extends AbstractOperation {
        private final Cable before;
        private final Cable after;

        WireOperation(String label, Cable before, Cable after) {
            super(label);
            this.before = before;
            this.after = after;
        }

        @Override
        public IStatus execute(IProgressMonitor monitor, IAdaptable info) {
            show(after);
            return Status.OK_STATUS;
        }

        @Override
        public IStatus redo(IProgressMonitor monitor, IAdaptable info) {
            return execute(monitor, info);
        }

        @Override
        public IStatus undo(IProgressMonitor monitor, IAdaptable info) {
            show(before);
            return Status.OK_STATUS;
        }

        @Override
        public boolean canUndo() {
            return before != null;
        }
    }
}
