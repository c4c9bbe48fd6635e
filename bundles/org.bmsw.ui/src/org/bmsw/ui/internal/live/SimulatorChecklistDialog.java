package org.bmsw.ui.internal.live;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

/**
 * The window's acknowledgement for the transmit interlock: before anything transmits toward a port that may reach
 * real equipment (a simulated battery, which can make a real inverter charge or discharge, or an SLCAN adapter in
 * normal mode, which ACKs every frame on the bus), a checklist that names the port. OK is enabled only when every
 * item is ticked; the caller then acknowledges that port.
 */
final class SimulatorChecklistDialog extends TitleAreaDialog {

    private final String uri;
    private final String port;
    private final String reason;
    private final boolean simulatedBattery;
    private final List<Button> items = new ArrayList<>();

    /**
     * @param port the port to acknowledge, as the interlock named it
     * @param simulatedBattery add the items about the loads and the real battery
     */
    SimulatorChecklistDialog(Shell parent, String uri, String port, String reason, boolean simulatedBattery) {
        super(parent);
        this.uri = uri;
        this.port = port;
        this.reason = reason;
        this.simulatedBattery = simulatedBattery;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Transmitting on " + port);
        setMessage(uri + " may reach real equipment. Tick every item to go on.", IMessageProvider.WARNING);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().margins(10, 10).applyTo(body);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        Label why = new Label(body, SWT.WRAP);
        why.setText(reason);
        GridDataFactory.fillDefaults().grab(true, false).hint(460, SWT.DEFAULT).applyTo(why);
        if (simulatedBattery) {
            item(body, "The inverter's loads are disconnected");
            item(body, "The real battery is disconnected from the inverter");
        }
        item(body, "I mean to transmit on " + port);
        return area;
    }

    private void item(Composite body, String text) {
        Button item = new Button(body, SWT.CHECK);
        item.setText(text);
        item.addListener(SWT.Selection, e -> update());
        items.add(item);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText(simulatedBattery ? "Start the simulated battery" : "Transmit on " + port);
        update();
    }

    private void update() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(items.stream().allMatch(Button::getSelection));
        }
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Safety checklist");
    }
}
