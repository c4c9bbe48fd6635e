package org.bmsw.ui.internal.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.TransportException;
import org.bmsw.ui.internal.ColumnFit;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.preference.IPersistentPreferenceStore;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IMemento;
import org.eclipse.ui.IViewSite;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;

/**
 * Transmit: a list of CAN frames (ID#DATA, period, enabled) put on a bus on purpose, as SavvyCAN's and cangaroo's
 * transmit tables: Send puts the selected frames (or every enabled one) on the bus once, Start sends each enabled
 * frame with a period every period until Stop. The destination is opened for transmitting ({@code slcan:} in normal
 * mode) only through the one transmit interlock: a port that may reach real equipment needs the checklist naming it.
 * The list and the destination are kept in the view's memento and the preferences, so they survive a restart.
 */
public final class TransmitView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.transmit";
    static final String FRAMES_KEY = "transmitFrames";
    static final String DESTINATION_KEY = "transmitDestination";

    private final List<TransmitFrames.Entry> entries = new ArrayList<>();
    private String destination = "";
    private TransmitSession session;
    private volatile String lastProblem;

    private Text destinationText;
    private Table table;
    private Text frameText;
    private Text periodText;
    private Button start;
    private Button stop;
    private Label status;

    @Override
    public void init(IViewSite site, IMemento memento) throws PartInitException {
        super.init(site, memento);
        String frames = memento == null ? null : memento.getString(FRAMES_KEY);
        String where = memento == null ? null : memento.getString(DESTINATION_KEY);
        if (frames == null) {
            frames = BmswPreferences.store().getString(FRAMES_KEY);
        }
        if (where == null) {
            where = BmswPreferences.store().getString(DESTINATION_KEY);
        }
        entries.addAll(TransmitFrames.parse(frames));
        destination = where == null ? "" : where;
    }

    @Override
    public void saveState(IMemento memento) {
        super.saveState(memento);
        memento.putString(FRAMES_KEY, TransmitFrames.toText(entries));
        memento.putString(DESTINATION_KEY, destination);
    }

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite where = new Composite(parent, SWT.NONE);
        where.setLayout(new GridLayout(2, false));
        where.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(where, SWT.NONE).setText("Destination:");
        destinationText = new Text(where, SWT.SINGLE | SWT.BORDER);
        destinationText.setMessage("slcan:/dev/ttyACM0?bitrate=500000, socketcan:can0 (bmsw ports lists them)");
        destinationText.setToolTipText("Where the frames go. slcan: is opened in normal mode (it ACKs every frame); a "
                + "port that may reach real equipment asks for the checklist first.");
        destinationText.setText(destination);
        destinationText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        destinationText.addListener(SWT.Modify, e -> {
            destination = destinationText.getText().strip();
            closeSession(); // a new destination is opened (and asked about) on the next send
            remember();
        });

        table = new Table(parent, SWT.CHECK | SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        for (String title : new String[] { "Frame (ID#DATA)", "Period ms" }) {
            new TableColumn(table, SWT.NONE).setText(title);
        }
        ColumnFit.install(table, 0);
        table.addListener(SWT.Selection, e -> {
            if (e.detail == SWT.CHECK) {
                int index = table.indexOf((TableItem) e.item);
                entries.set(index, entries.get(index).withEnabled(((TableItem) e.item).getChecked()));
                remember();
            } else if (table.getSelectionIndex() >= 0) {
                TransmitFrames.Entry entry = entries.get(table.getSelectionIndex());
                frameText.setText(entry.frame());
                periodText.setText(Long.toString(entry.periodMs()));
            }
        });

        Composite edit = new Composite(parent, SWT.NONE);
        edit.setLayout(new GridLayout(6, false));
        edit.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        new Label(edit, SWT.NONE).setText("Frame:");
        frameText = new Text(edit, SWT.SINGLE | SWT.BORDER);
        frameText.setMessage("305#0000000000000000, 1234ABCD#11, 305#R");
        frameText.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        new Label(edit, SWT.NONE).setText("Period ms:");
        periodText = new Text(edit, SWT.SINGLE | SWT.BORDER);
        periodText.setMessage("0: one-shot");
        GridData periodData = new GridData(SWT.LEFT, SWT.CENTER, false, false);
        periodData.widthHint = 70;
        periodText.setLayoutData(periodData);
        Button add = new Button(edit, SWT.PUSH);
        add.setText("Add");
        add.addListener(SWT.Selection, e -> addFromFields());
        frameText.addListener(SWT.DefaultSelection, e -> addFromFields());
        Button remove = new Button(edit, SWT.PUSH);
        remove.setText("Remove");
        remove.addListener(SWT.Selection, e -> remove(table.getSelectionIndices()));

        Composite actions = new Composite(parent, SWT.NONE);
        actions.setLayout(new GridLayout(4, false));
        actions.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
        Button send = new Button(actions, SWT.PUSH);
        send.setText("Send");
        send.setToolTipText("Send the selected frames once (none selected: every enabled frame)");
        send.addListener(SWT.Selection, e -> sendOnce());
        start = new Button(actions, SWT.PUSH);
        start.setText("Start periodic");
        start.setToolTipText("Send every enabled frame with a period, every period, until Stop");
        start.addListener(SWT.Selection, e -> startPeriodic());
        stop = new Button(actions, SWT.PUSH);
        stop.setText("Stop");
        stop.addListener(SWT.Selection, e -> stopPeriodic());
        status = new Label(actions, SWT.NONE);
        status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        fillTable();
        updateStatus("Not transmitting.");
    }

    /** Adds a frame from the fields, or says what is wrong with it. */
    private void addFromFields() {
        try {
            add(frameText.getText(), periodText.getText());
            frameText.setText("");
        } catch (IllegalArgumentException e) {
            updateStatus(e.getMessage());
        }
    }

    /** Adds an enabled frame to the list; for the fields and tests. */
    public void add(String frame, String periodMs) {
        entries.add(TransmitFrames.entry(frame, periodMs, true));
        fillTable();
        remember();
    }

    void remove(int[] indices) {
        for (int i = indices.length - 1; i >= 0; i--) {
            entries.remove(indices[i]);
        }
        fillTable();
        remember();
    }

    /** Sets the destination URI, as typed in its field. */
    public void setDestination(String uri) {
        destinationText.setText(uri);
    }

    /** The frames in the list, in order. */
    public List<String> frames() {
        return entries.stream().map(e -> (e.enabled() ? "" : "(off) ") + e.frame() + " every " + e.periodMs() + " ms")
                .toList();
    }

    /** Sends the selected frames once, or every enabled one when none is selected; false when nothing went. */
    public boolean sendOnce() {
        int[] selected = table.getSelectionIndices();
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            boolean chosen = selected.length > 0 ? contains(selected, i) : entries.get(i).enabled();
            if (chosen) {
                records.add(entries.get(i).record());
            }
        }
        if (records.isEmpty()) {
            updateStatus("Nothing to send: select frames or enable them.");
            return false;
        }
        if (!open()) {
            return false;
        }
        session.sendOnce(records);
        updateStatus("Sent " + records.size() + (records.size() == 1 ? " frame" : " frames") + " to " + session.uri());
        return true;
    }

    /** Starts sending every enabled frame with a period; false when none has one or the port was not allowed. */
    public boolean startPeriodic() {
        List<TransmitFrames.Entry> periodic = entries.stream().filter(e -> e.enabled() && e.periodMs() > 0).toList();
        if (periodic.isEmpty()) {
            updateStatus("No enabled frame has a period.");
            return false;
        }
        if (!open()) {
            return false;
        }
        session.startPeriodic(periodic);
        updateStatus("Sending " + periodic.size() + " periodic " + (periodic.size() == 1 ? "frame" : "frames")
                + " to " + session.uri());
        return true;
    }

    public void stopPeriodic() {
        if (session != null) {
            session.stopPeriodic();
            updateStatus("Stopped; " + session.sent() + " frames sent to " + session.uri());
        }
    }

    /** Whether periodic sending runs. */
    public boolean isPeriodic() {
        return session != null && session.isPeriodic();
    }

    /** Frames sent since the destination was opened. */
    public long sent() {
        return session == null ? 0 : session.sent();
    }

    /** The status line; the last sending problem when there was one. */
    public String status() {
        return status.getText();
    }

    /** The last problem a send met on the sending thread, or null. */
    public String lastProblem() {
        return lastProblem;
    }

    /** Opens the destination through the interlock (the checklist for a real port); false when not. */
    private boolean open() {
        if (session != null) {
            return true;
        }
        if (destination.isEmpty()) {
            updateStatus("Give a destination first, e.g. slcan:/dev/ttyACM0?bitrate=500000");
            return false;
        }
        try {
            if (!TransmitConfirm.allowed(getSite().getShell(), CaptureController.current().registry(), destination,
                    Transmitter.SEND_ACTION)) {
                updateStatus("Not sent: the checklist for " + destination + " was not confirmed.");
                return false;
            }
            Display display = getSite().getShell().getDisplay();
            session = new TransmitSession(CaptureController.current().registry(), destination, problem -> {
                lastProblem = problem;
                display.asyncExec(() -> updateStatus("Send failed: " + problem));
            });
            return true;
        } catch (TransportException e) {
            updateStatus("Cannot open " + destination + ": " + e.getMessage());
            MessageDialog.openError(getSite().getShell(), "Cannot transmit", e.getMessage());
            return false;
        }
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    private void fillTable() {
        table.removeAll();
        for (TransmitFrames.Entry entry : entries) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] { entry.frame(), entry.periodMs() == 0 ? "one-shot" : Long.toString(entry.periodMs()) });
            item.setChecked(entry.enabled());
        }
        ColumnFit.of(table).pack();
    }

    private void updateStatus(String text) {
        if (status != null && !status.isDisposed()) {
            status.setText(text);
            status.getParent().layout();
            if (start != null) {
                start.setEnabled(!isPeriodic());
                stop.setEnabled(isPeriodic());
            }
        }
    }

    /** The list and destination into the preferences, at once (a memento is written only at shutdown). */
    private void remember() {
        BmswPreferences.store().setValue(FRAMES_KEY, TransmitFrames.toText(entries));
        BmswPreferences.store().setValue(DESTINATION_KEY, destination);
        if (BmswPreferences.store() instanceof IPersistentPreferenceStore persistent) {
            try {
                persistent.save();
            } catch (IOException e) {
                updateStatus("Cannot keep the list: " + e.getMessage());
            }
        }
    }

    private static boolean contains(int[] indices, int index) {
        for (int i : indices) {
            if (i == index) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void setFocus() {
        table.setFocus();
    }

    @Override
    public void dispose() {
        closeSession();
        super.dispose();
    }
}
