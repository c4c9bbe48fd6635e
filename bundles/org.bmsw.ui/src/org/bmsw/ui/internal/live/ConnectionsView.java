package org.bmsw.ui.internal.live;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.transport.PortDiscovery;
import org.bmsw.transport.PortInfo;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.ui.internal.ColumnFit;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.part.ViewPart;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Where the live traffic comes from: the serial ports found (with USB ids), a source URI in any scheme the transport
 * registry knows (the simulated battery by default), the protocol or a battery profile to decode it with, Start /
 * Stop of the capture, and its status line with port events.
 */
public final class ConnectionsView extends ViewPart implements CaptureController.Listener {

    public static final String ID = "org.bmsw.ui.views.connections";

    private Table ports;
    private Combo source;
    private Combo protocol;
    private Combo profile;
    private Button simulate;
    /** The port the user confirmed in the transmit checklist, kept while this view is open; null for none. */
    private TransmitInterlock.Acknowledgement acknowledgement;
    private Button start;
    private Button stop;
    private Label statusLine;
    private Label eventLine;
    private final List<BatteryProfile> profiles = new ArrayList<>();

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(6, 6).applyTo(parent);

        Group portsGroup = new Group(parent, SWT.NONE);
        portsGroup.setText("Ports found");
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(portsGroup);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(portsGroup);
        ports = new Table(portsGroup, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
        ports.setHeaderVisible(true);
        for (String title : new String[] { "Port", "Description", "USB VID:PID", "Serial" }) {
            new TableColumn(ports, SWT.LEFT).setText(title);
        }
        ColumnFit.install(ports, 1);
        GridDataFactory.fillDefaults().grab(true, true).hint(200, 80).applyTo(ports);
        Button refresh = new Button(portsGroup, SWT.PUSH);
        refresh.setText("&Refresh");
        refresh.setToolTipText("List the serial ports of this machine again");
        GridDataFactory.swtDefaults().align(SWT.FILL, SWT.BEGINNING).applyTo(refresh);
        refresh.addListener(SWT.Selection, e -> refreshPorts());
        ports.addListener(SWT.Selection, e -> {
            if (ports.getSelectionCount() == 1) {
                PortInfo port = (PortInfo) ports.getSelection()[0].getData();
                // a USB adapter is most often an SLCAN CAN adapter; a plain UART speaks RS485 at the Pylon rate
                source.setText(port.isUsb() ? "slcan:" + port.path() + "?bitrate=500000"
                        : "serial:" + port.path() + "?baud=115200");
            }
        });

        Group sourceGroup = new Group(parent, SWT.NONE);
        sourceGroup.setText("Capture");
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(sourceGroup);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(sourceGroup);

        new Label(sourceGroup, SWT.NONE).setText("Source:");
        source = new Combo(sourceGroup, SWT.DROP_DOWN);
        source.setItems(BmswPreferences.SIMULATED_BATTERY, "sim:battery?protocol=sma-can",
                "sim:battery?protocol=pylon-rs485");
        source.setText(BmswPreferences.store().getString(BmswPreferences.DEFAULT_SOURCE));
        source.setToolTipText("A transport URI; schemes: "
                + String.join(", ", CaptureController.current().registry().schemes()));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(source);

        new Label(sourceGroup, SWT.NONE).setText("Profile:");
        profile = new Combo(sourceGroup, SWT.READ_ONLY);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(profile);
        fillProfiles();
        profile.addListener(SWT.Selection, e -> profileChosen());

        new Label(sourceGroup, SWT.NONE).setText("Protocol:");
        protocol = new Combo(sourceGroup, SWT.DROP_DOWN);
        protocol.setItems(DecoderRegistry.getDefault().ids().toArray(String[]::new));
        protocol.setText(BmswPreferences.store().getString(BmswPreferences.DEFAULT_PROTOCOL));
        protocol.setToolTipText("Decoder spec, with +variants for CAN (e.g. pylon-can+voltage-0.1V); auto detects");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(protocol);

        simulate = new Button(sourceGroup, SWT.CHECK);
        simulate.setText("Also &simulate a battery here");
        simulate.setToolTipText("A simulated battery sends on this port too; on a port that may reach real equipment "
                + "a safety checklist comes first");
        GridDataFactory.fillDefaults().span(2, 1).applyTo(simulate);

        Composite buttons = new Composite(sourceGroup, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(buttons);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(buttons);
        start = new Button(buttons, SWT.PUSH);
        start.setText("S&tart capture");
        start.addListener(SWT.Selection, e -> startCapture());
        stop = new Button(buttons, SWT.PUSH);
        stop.setText("St&op");
        stop.addListener(SWT.Selection, e -> CaptureController.current().stop());

        statusLine = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(statusLine);
        eventLine = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(eventLine);

        refreshPorts();
        CaptureController.current().addListener(this);
        statusChanged(CaptureController.current().status());
    }

    private void fillProfiles() {
        profiles.clear();
        profile.add("(none: choose the protocol)");
        try {
            profiles.addAll(ProfileRegistry.getDefault().batteries());
        } catch (RuntimeException e) {
            eventLine.setText("Profiles could not be loaded: " + e.getMessage());
        }
        for (BatteryProfile p : profiles) {
            profile.add(p.vendor() + " " + p.model() + " (" + p.id() + ")");
        }
        BatteryProfile chosen = CaptureController.current().profile();
        profile.select(chosen == null ? 0 : profiles.indexOf(chosen) + 1);
    }

    private void profileChosen() {
        int index = profile.getSelectionIndex();
        BatteryProfile chosen = index <= 0 ? null : profiles.get(index - 1);
        CaptureController.current().setProfile(chosen);
        // a profile decodes with its own binding (a decoder id, or its DBC): the protocol field only shows it
        protocol.setEnabled(chosen == null);
        if (chosen != null) {
            try {
                protocol.setText(CaptureController.current().resolve(DecoderRequest.profile(chosen.id()),
                        source.getText().trim()).spec());
            } catch (IllegalArgumentException e) {
                protocol.setText(DecoderRegistry.getDefault().ids().get(0));
                showProblem("Profile " + chosen.id() + " cannot decode", e.getMessage());
            }
        }
    }

    /**
     * What Start decodes with: the chosen profile's binding, or the protocol typed or picked, with the DBC files
     * opened with File &gt; Open DBC on top.
     */
    private DecoderRequest decoderRequest() {
        BatteryProfile chosen = CaptureController.current().profile();
        int index = profile.getSelectionIndex();
        DecoderRequest request = index > 0 && chosen != null ? DecoderRequest.profile(chosen.id())
                : DecoderRequest.protocol(protocol.getText().trim());
        return request.withDbcs(TraceSession.current().request().dbcOverlays());
    }

    void refreshPorts() {
        ports.removeAll();
        fillPorts();
        ColumnFit.of(ports).pack();
    }

    /** The ports found, or one row saying why there are none. */
    private void fillPorts() {
        PortDiscovery discovery = discovery();
        if (discovery == null) {
            new TableItem(ports, SWT.NONE).setText(0, "(port discovery is not running: type the port into Source)");
            return;
        }
        List<PortInfo> found;
        try {
            found = discovery.ports();
        } catch (RuntimeException | LinkageError e) {
            new TableItem(ports, SWT.NONE).setText(0, "(cannot list ports: " + e.getMessage() + ")");
            return;
        }
        for (PortInfo port : found) {
            TableItem item = new TableItem(ports, SWT.NONE);
            item.setText(new String[] { port.path(), port.description(),
                    port.isUsb() ? String.format("%04X:%04X", port.usbVendorId(), port.usbProductId()) : "",
                    port.serialNumber() });
            item.setData(port);
        }
        if (found.isEmpty()) {
            new TableItem(ports, SWT.NONE).setText(0, "(no serial port: the simulated battery needs none)");
        }
    }

    private static PortDiscovery discovery() {
        Bundle bundle = FrameworkUtil.getBundle(ConnectionsView.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        ServiceReference<PortDiscovery> reference = context.getServiceReference(PortDiscovery.class);
        return reference == null ? null : context.getService(reference);
    }

    void startCapture() {
        String uri = source.getText().trim();
        boolean battery = simulate.getSelection();
        if (battery && !confirmTransmit(uri, true)) {
            return;
        }
        try {
            try {
                CaptureController.current().start(uri, decoderRequest(), battery, BmswPreferences.captureFolder());
            } catch (TransmitRefusedException e) {
                // slcan: in normal mode on a real port: the checklist names the port, then one more try
                if (!askToTransmit(uri, e, battery)) {
                    return;
                }
                CaptureController.current().start(uri, decoderRequest(), battery, BmswPreferences.captureFolder());
            }
            eventLine.setText("");
        } catch (TransportException e) {
            showProblem("Cannot open " + uri, e.getMessage() + "\n\nCheck that the adapter is plugged in and not used "
                    + "by another program, or choose another port in the list (Refresh lists them again).");
        } catch (IllegalArgumentException e) {
            showProblem("Unknown protocol", e.getMessage());
        } catch (java.io.IOException e) {
            showProblem("Cannot write the capture", e.getMessage()
                    + "\n\nChoose another capture folder in Window > Preferences > BMS Workbench.");
        }
    }

    /**
     * The transmit interlock before a simulated battery sends: a port that may reach real equipment needs the
     * checklist naming it.
     */
    private boolean confirmTransmit(String uri, boolean battery) {
        try {
            TransmitInterlock.check(CaptureController.current().registry(), uri, "a simulated battery");
            return true;
        } catch (TransmitRefusedException e) {
            return askToTransmit(uri, e, battery);
        } catch (TransportException e) {
            showProblem("Cannot simulate a battery on " + uri, e.getMessage());
            return false;
        }
    }

    /** The checklist naming the refused port; ticked and confirmed, the port stays acknowledged for this window. */
    private boolean askToTransmit(String uri, TransmitRefusedException refusal, boolean battery) {
        SimulatorChecklistDialog dialog = new SimulatorChecklistDialog(getSite().getShell(), uri, refusal.port(),
                refusal.getMessage(), battery);
        if (dialog.open() != SimulatorChecklistDialog.OK) {
            return false;
        }
        if (acknowledgement != null && !acknowledgement.port().equals(refusal.port())) {
            acknowledgement.close(); // one acknowledged port at a time: the one the user last confirmed
        }
        if (acknowledgement == null || !acknowledgement.port().equals(refusal.port())) {
            acknowledgement = TransmitInterlock.acknowledge(refusal.port());
        }
        return true;
    }

    private void showProblem(String title, String message) {
        eventLine.setText(title + ": " + message.lines().findFirst().orElse(""));
        MessageDialog.openError(getSite().getShell(), title, message);
    }

    @Override
    public void statusChanged(CaptureController.Status status) {
        if (statusLine == null || statusLine.isDisposed()) {
            return;
        }
        boolean running = CaptureController.current().isRunning();
        start.setEnabled(true);
        stop.setEnabled(running);
        if (status.uri().isEmpty()) {
            statusLine.setText("Not capturing. Start records the source into the capture folder.");
        } else {
            statusLine.setText((running ? "Capturing " : "Stopped ") + status.uri() + " (" + state(status) + ")\n"
                    + status.line() + (status.file() == null ? "" : "\ninto " + status.file().getFileName()));
            statusLine.setToolTipText(status.file() == null ? null : status.file().toString());
        }
        eventLine.setText(status.event());
        eventLine.setForeground(status.transportState() == TransportState.LOST
                ? eventLine.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
        statusLine.getParent().layout(true, true);
    }

    private static String state(CaptureController.Status status) {
        String opened = CaptureController.current().openedAs();
        return switch (status.transportState()) {
        case OPEN -> opened.isEmpty() ? "port open" : opened;
        case OPENING -> "opening";
        case LOST -> "port lost";
        case CLOSED -> "closed";
        };
    }

    /** For tests. */
    String statusText() {
        return statusLine.getText();
    }

    /** For tests: what the user would type into Source and tick in "Also simulate a battery here". */
    void chooseSource(String uri, boolean simulateBattery) {
        source.setText(uri);
        simulate.setSelection(simulateBattery);
    }

    @Override
    public void setFocus() {
        source.setFocus();
    }

    @Override
    public void dispose() {
        CaptureController.current().removeListener(this);
        if (acknowledgement != null) {
            acknowledgement.close();
        }
        super.dispose();
    }
}
