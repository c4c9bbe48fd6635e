package org.bmsw.ui.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bmsw.core.store.TraceStore;
import org.bmsw.pinout.Cable;
import org.bmsw.pinout.CableDiagnosis;
import org.bmsw.pinout.CableProposer;
import org.bmsw.pinout.Finding;
import org.bmsw.pinout.PortRef;
import org.bmsw.pinout.Terminator;
import org.bmsw.pinout.TraceFacts;
import org.bmsw.pinout.Wire;
import org.bmsw.pinout.WireColour;
import org.bmsw.pinout.WireList;
import org.bmsw.pinout.WiringChecker;
import org.bmsw.profiles.ConnectorKind;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.SignalKind;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.problems.Problem;
import org.bmsw.ui.internal.problems.ProblemModel;
import org.bmsw.ui.internal.problems.ProblemsView;
import org.bmsw.ui.internal.session.TraceSession;
import org.bmsw.ui.internal.trace.OpenTraceHandler;
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
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.operations.UndoRedoActionGroup;
import org.eclipse.ui.part.ViewPart;

/**
 * The pinout editor: the battery port and the inverter port side by side, the cable between them, and what the
 * wiring checks say about it, on the pins and in the Problems view. Wires are added by dragging from pin to pin (or
 * clicking two pins), removed with the right button; every change goes through the workbench's operation history,
 * so Edit > Undo / Redo (Ctrl+Z, Ctrl+Shift+Z) take it back. The cable is saved as the CSV wire list that
 * {@code bmsw pinout --cable} reads, by default next to the trace of the site. With a trace of the site, the view
 * names the wires to check when the battery is not heard.
 */
public final class CableView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.cable";
    /** The source of this view's problems in the {@link ProblemModel}. */
    public static final String PROBLEM_SOURCE = "Cable";

    private final IUndoContext undoContext = new ObjectUndoContext(this, "Cable");
    private Combo batteryPort;
    private Combo inverterPort;
    private CableCanvas canvas;
    private TableViewer findingsViewer;
    private Label summary;
    /** A terminating plug (120 ohm in the cable) at end A / end B of the CAN link. */
    private Button plugA;
    private Button plugB;
    private List<PortRef> ports = List.of();
    private Cable cable;
    private List<Finding> findings = List.of();
    /** The file the cable was opened from or saved to; Save writes there. */
    private Path file;
    /** The trace of the site, and what it says about the link, or null. */
    private Path trace;
    private TraceFacts traceFacts;
    /** Where Save As and Open start when no trace is open: the last folder used. */
    private Path lastFolder;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        Composite bar = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(10).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        new Label(bar, SWT.NONE).setText("Battery port:");
        batteryPort = new Combo(bar, SWT.READ_ONLY);
        new Label(bar, SWT.NONE).setText("Inverter port:");
        inverterPort = new Combo(bar, SWT.READ_ONLY);
        button(bar, "Propose", () -> propose());
        button(bar, "Open...", this::openFile);
        button(bar, "Save", this::saveToFile);
        button(bar, "Save As...", this::saveFile);
        button(bar, "Trace...", this::openTrace);
        summary = new Label(bar, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(summary);
        Composite termination = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(termination);
        plugA = new Button(termination, SWT.CHECK);
        plugA.addListener(SWT.Selection, e -> togglePlug(Terminator.End.A));
        plugB = new Button(termination, SWT.CHECK);
        plugB.addListener(SWT.Selection, e -> togglePlug(Terminator.End.B));

        SashForm sash = new SashForm(parent, SWT.VERTICAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        canvas = new CableCanvas(sash);
        canvas.onAddWire((pinA, pinB) -> execute(new WireOperation("Add wire", cable, withWire(pinA, pinB))));
        canvas.onRemoveWire(wire -> execute(new WireOperation("Remove wire", cable, without(wire))));
        Composite tableHolder = new Composite(sash, SWT.NONE);
        tableHolder.setLayout(new FillLayout());
        findingsViewer = new TableViewer(tableHolder, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        findingsViewer.getTable().setHeaderVisible(true);
        findingsViewer.setContentProvider(ArrayContentProvider.getInstance());
        column("Severity", f -> f.severity().name().toLowerCase(), true);
        column("Check", Finding::check, false);
        column("What to do", Finding::message, false);
        ColumnFit.install(findingsViewer.getTable(), 2); // what to do takes the width the others leave
        findingsViewer.addSelectionChangedListener(event -> {
            Object first = event.getStructuredSelection().getFirstElement();
            if (first instanceof Finding finding) {
                canvas.selectPins(new HashSet<>(finding.pins()));
            }
        });
        sash.setWeights(3, 1);

        new UndoRedoActionGroup(getSite(), undoContext, true).fillActionBars(getViewSite().getActionBars());
        getViewSite().getActionBars().updateActionBars();

        ProblemModel.getDefault().setRevealer(PROBLEM_SOURCE, this::reveal);
        setPorts(ProfileRegistry.getDefault());
        batteryPort.addListener(SWT.Selection, e -> propose());
        inverterPort.addListener(SWT.Selection, e -> propose());
        SessionAnalysis.current().addListener(analysisListener);
        analysisChanged();
    }

    /**
     * The trace every view shows (opened or growing from a live capture) is the trace of the site: the session's
     * one decoding pass ({@link SessionAnalysis}) counts its frames, and the diagnosis follows them.
     */
    private final SessionAnalysis.Listener analysisListener = this::analysisChanged;
    /** Whether the trace shown came from the session (rather than none). */
    private boolean traceFromSession;
    private long sessionShownNs;

    private void analysisChanged() {
        TraceFacts facts = SessionAnalysis.current().result().traceFacts();
        TraceStore store = TraceSession.current().store();
        if (store == null || facts == null) {
            if (store == null && traceFromSession) {
                traceFromSession = false;
                setTrace(null, null);
            }
            return;
        }
        long now = System.nanoTime();
        boolean live = SessionAnalysis.current().result().isLive();
        if (traceFromSession && (facts.equals(traceFacts) || live && now - sessionShownNs < 1_000_000_000L)) {
            return; // nothing new, or a live capture growing 5 times a second: once a second is enough
        }
        traceFromSession = true;
        sessionShownNs = now;
        Path source = TraceSession.current().source(); // the file the user opened, not the store it was imported into
        setTrace(source != null ? source : store.path(), facts);
    }

    private static void button(Composite parent, String text, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        button.addListener(SWT.Selection, e -> action.run());
    }

    private void column(String title, Function<Finding, String> text, boolean withIcon) {
        TableViewerColumn column = new TableViewerColumn(findingsViewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Finding) element);
            }

            @Override
            public Image getImage(Object element) {
                return withIcon ? ProblemsView.icon(CableCanvas.severity(((Finding) element).severity())) : null;
            }

            @Override
            public Color getForeground(Object element) {
                return ((Finding) element).fails() ? getSite().getShell().getDisplay().getSystemColor(SWT.COLOR_RED) : null;
            }
        });
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
        // the colour the T568B standard gives the battery's RJ45 pin; the technician may use another
        String colour = cable.endA().port().connector() == ConnectorKind.RJ45 && pinA <= 8
                ? WireColour.t568b(pinA).displayName() : "";
        wires.add(new Wire(pinA, pinB, colour));
        return cable.withWires(wires);
    }

    private Cable without(Wire wire) {
        List<Wire> wires = new ArrayList<>(cable.wires());
        wires.remove(wire);
        return cable.withWires(wires);
    }

    /** The CAN bus the cable wires at one end (the bus of its first CAN_H or CAN_L wire there), or empty. */
    private Optional<String> canBus(Terminator.End end) {
        for (Wire wire : cable.wires()) {
            Optional<org.bmsw.profiles.Pin> pin = end == Terminator.End.A ? cable.endA().pin(wire.pinA())
                    : cable.endB().pin(wire.pinB());
            if (pin.isPresent() && (pin.get().signal() == SignalKind.CAN_H || pin.get().signal() == SignalKind.CAN_L)
                    && !pin.get().buses().isEmpty()) {
                return Optional.of(pin.get().buses().get(0));
            }
        }
        return Optional.empty();
    }

    private Optional<Terminator> plugAt(Terminator.End end) {
        return cable == null ? Optional.empty() : cable.terminators().stream()
                .filter(t -> t.end() == end && t.by() == Terminator.By.CABLE).findFirst();
    }

    /** Puts a terminating plug (120 ohm) on the CAN link at one end of the cable, or takes it off; undoable. */
    void togglePlug(Terminator.End end) {
        if (cable == null) {
            return;
        }
        List<Terminator> terminators = new ArrayList<>(cable.terminators());
        Optional<Terminator> plug = plugAt(end);
        if (plug.isPresent()) {
            terminators.remove(plug.get());
        } else {
            Optional<String> bus = canBus(end);
            if (bus.isEmpty()) {
                show(cable);
                return;
            }
            terminators.add(new Terminator(end, bus.get(), Terminator.By.CABLE, Terminator.CAN_OHM));
        }
        execute(new WireOperation(plug.isPresent() ? "Remove terminating plug" : "Add terminating plug", cable,
                new Cable(cable.endA(), cable.endB(), cable.wires(), terminators)));
    }

    /** Shows a cable built elsewhere (a proposal for other ports); undoable. */
    void showCable(Cable shown) {
        execute(new WireOperation("Show cable", cable, shown));
    }

    Button plugButton(Terminator.End end) {
        return end == Terminator.End.A ? plugA : plugB;
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
        List<Finding> all = new ArrayList<>();
        if (shown != null) {
            all.addAll(WiringChecker.check(shown));
            if (traceFacts != null) {
                all.addAll(CableDiagnosis.diagnose(shown, traceFacts));
            }
        }
        findings = List.copyOf(all);
        if (shown != null) {
            select(batteryPort, shown.endA().toString());
            select(inverterPort, shown.endB().toString());
        }
        canvas.setCable(shown, findings);
        findingsViewer.setInput(findings);
        ColumnFit.of(findingsViewer.getTable()).pack();
        boolean failed = findings.stream().anyMatch(Finding::fails);
        for (Terminator.End end : Terminator.End.values()) {
            Button plug = end == Terminator.End.A ? plugA : plugB;
            plug.setText("Terminating plug (120 ohm) at the " + (shown == null ? "" : shown.end(end).role()) + " end"
                    + (end == Terminator.End.A ? " (a)" : " (b)"));
            plug.setSelection(plugAt(end).isPresent());
            plug.setEnabled(shown != null && (plugAt(end).isPresent() || canBus(end).isPresent()));
        }
        plugA.getParent().layout();
        summary.setText(shown == null ? "" : shown.wires().size() + " wires, " + (failed ? "check FAILED" : "check passed")
                + (trace == null ? "" : ", trace " + trace.getFileName()));
        summary.getParent().layout();
        ProblemModel.getDefault().set(PROBLEM_SOURCE, findings.stream().map(this::problem).toList());
    }

    private Problem problem(Finding finding) {
        return new Problem(CableCanvas.severity(finding.severity()), PROBLEM_SOURCE, finding.check(), finding.message(),
                finding.pins());
    }

    /** Shows where a problem is: this view comes to the front with the problem's pins selected. */
    private void reveal(Problem problem) {
        getSite().getPage().activate(this);
        canvas.selectPins(new HashSet<>(problem.where()));
    }

    /** Shows the Problems view (the perspective has it; a user may have closed it). */
    static void showProblems(CableView view) {
        try {
            view.getSite().getPage().showView(ProblemsView.ID, null, org.eclipse.ui.IWorkbenchPage.VIEW_VISIBLE);
        } catch (PartInitException e) {
            // the findings stay in this view's table
        }
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
        dialog.setFilterPath(defaultFolder().map(Path::toString).orElse(null));
        String chosen = dialog.open();
        if (chosen != null) {
            open(Path.of(chosen));
        }
    }

    /** Opens a wire list written by Save (or by bmsw pinout --csv); its first line names the two ports. */
    void open(Path opened) {
        try {
            String text = Files.readString(opened, StandardCharsets.UTF_8);
            List<String> portNames = WireList.ports(text).orElseThrow(() -> new IllegalArgumentException(opened
                    + ": the first line must name the ports, as in '# a = battery seed.lv-battery:PCS, b = inverter"
                    + " seed.hybrid-inverter:COM'"));
            ProfileRegistry registry = ProfileRegistry.getDefault();
            Cable read = WireList.readCable(opened.toString(), text, PortRef.parse(portNames.get(0), registry),
                    PortRef.parse(portNames.get(1), registry));
            execute(new WireOperation("Open " + opened.getFileName(), cable, read));
            file = opened;
            lastFolder = opened.toAbsolutePath().getParent();
            setContentDescription(file.toString());
        } catch (IOException | IllegalArgumentException e) {
            MessageDialog.openError(getSite().getShell(), "Open cable", e.getMessage());
        }
    }

    /** Save: to the file the cable came from, else as Save As. */
    private void saveToFile() {
        if (file != null) {
            save(file);
        } else {
            saveFile();
        }
    }

    private void saveFile() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*.csv" });
        dialog.setFilterPath(defaultFolder().map(Path::toString).orElse(null));
        dialog.setFileName(file != null ? file.getFileName().toString() : "cable.csv");
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            save(Path.of(chosen));
        }
    }

    /**
     * Where Save As and Open start: the folder of the site's trace (the cable belongs next to it), else the last
     * folder used. The workbench's trace session (issue 8) will feed {@link #setTrace} when it opens a trace.
     */
    Optional<Path> defaultFolder() {
        if (trace != null && trace.toAbsolutePath().getParent() != null) {
            return Optional.of(trace.toAbsolutePath().getParent());
        }
        return Optional.ofNullable(lastFolder);
    }

    void save(Path target) {
        try {
            Files.writeString(target, WireList.csv(cable), StandardCharsets.UTF_8);
            file = target;
            lastFolder = target.toAbsolutePath().getParent();
            setContentDescription(file.toString());
        } catch (IOException e) {
            MessageDialog.openError(getSite().getShell(), "Save cable", target + ": " + e.getMessage());
        }
    }

    private void openTrace() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.OPEN);
        dialog.setText("The trace of the site");
        dialog.setFilterPath(defaultFolder().map(Path::toString).orElse(null));
        String chosen = dialog.open();
        if (chosen != null) {
            // the trace of the site becomes the workbench's trace (a job with progress and cancel); the session's
            // listener above counts its frames and names the wires to check
            OpenTraceHandler.open(getSite().getWorkbenchWindow(), Path.of(chosen));
        }
    }

    /**
     * The trace of the site and what it says: the view then names the wires to check when the battery is not
     * heard, and saves the cable next to the trace. Null clears it.
     */
    void setTrace(Path tracePath, TraceFacts facts) {
        trace = tracePath;
        traceFacts = tracePath == null ? null : facts;
        show(cable);
    }

    @Override
    public void setFocus() {
        canvas.setFocus();
    }

    @Override
    public void dispose() {
        SessionAnalysis.current().removeListener(analysisListener);
        operationHistory().dispose(undoContext, true, true, true);
        ProblemModel.getDefault().setRevealer(PROBLEM_SOURCE, null);
        ProblemModel.getDefault().set(PROBLEM_SOURCE, List.of());
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
