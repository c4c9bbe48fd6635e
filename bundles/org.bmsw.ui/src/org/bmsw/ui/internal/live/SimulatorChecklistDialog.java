package org.bmsw.ui.internal.live;

import org.eclipse.jface.dialogs.IDialogConstants;
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
 * The checklist before a simulated battery transmits toward a port that may reach real equipment: it can make a
 * real inverter charge or discharge. OK is enabled only when both items are ticked.
 */
final class SimulatorChecklistDialog extends TitleAreaDialog {

    private final String uri;
    private final String reason;
    private Button loads;
    private Button battery;

    SimulatorChecklistDialog(Shell parent, String uri, String reason) {
        super(parent);
        this.uri = uri;
        this.reason = reason;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Simulated battery on a real port");
        setMessage(uri + " may reach real equipment. Tick both items to go on.", org.eclipse.jface.dialogs.IMessageProvider.WARNING);
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().margins(10, 10).applyTo(body);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(body);
        Label why = new Label(body, SWT.WRAP);
        why.setText(reason);
        GridDataFactory.fillDefaults().grab(true, false).hint(460, SWT.DEFAULT).applyTo(why);
        loads = new Button(body, SWT.CHECK);
        loads.setText("The inverter's loads are disconnected");
        battery = new Button(body, SWT.CHECK);
        battery.setText("The real battery is disconnected from the inverter");
        loads.addListener(SWT.Selection, e -> update());
        battery.addListener(SWT.Selection, e -> update());
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Start the simulated battery");
        update();
    }

    private void update() {
        Button ok = getButton(IDialogConstants.OK_ID);
        if (ok != null) {
            ok.setEnabled(loads.getSelection() && battery.getSelection());
        }
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Safety checklist");
    }
}
