package org.bmsw.ui.internal.trace;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/** Where and how fast to play the trace, and which rows: the whole trace or the rows shown from the selected one. */
final class PlayOntoBusDialog extends TitleAreaDialog {

    private String uri;
    private double speed = 1;
    private boolean fromSelection;
    private final boolean filtered;
    private Text uriText;
    private Combo speedCombo;
    private Button fromSelectionButton;

    PlayOntoBusDialog(Shell parent, String lastUri, boolean filtered) {
        super(parent);
        this.uri = lastUri;
        this.filtered = filtered;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Play onto a bus");
        setMessage("Sends the trace's frames with their timing, as canplayer. A port that may reach real equipment "
                + "asks for the checklist first.");
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayout(new GridLayout(2, false));
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
        new Label(body, SWT.NONE).setText("Destination:");
        uriText = new Text(body, SWT.SINGLE | SWT.BORDER);
        uriText.setText(uri == null ? "" : uri);
        uriText.setMessage("slcan:/dev/ttyACM0?bitrate=500000");
        GridData uriData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        uriData.widthHint = 380;
        uriText.setLayoutData(uriData);
        new Label(body, SWT.NONE).setText("Speed:");
        speedCombo = new Combo(body, SWT.DROP_DOWN);
        speedCombo.setItems("1", "2", "10", "max");
        speedCombo.setText("1");
        fromSelectionButton = new Button(body, SWT.CHECK);
        fromSelectionButton.setText(filtered ? "Only the rows the filter shows, from the selected row"
                : "From the selected row (else the whole trace)");
        fromSelectionButton.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
        return area;
    }

    @Override
    protected void okPressed() {
        String text = speedCombo.getText().strip();
        try {
            speed = text.equalsIgnoreCase("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            speed = -1;
        }
        if (!(speed > 0)) {
            setErrorMessage("Speed: a factor above 0 (1 as recorded) or max, not '" + text + "'");
            return;
        }
        uri = uriText.getText().strip();
        if (uri.isEmpty()) {
            setErrorMessage("Give a destination, e.g. slcan:/dev/ttyACM0?bitrate=500000");
            return;
        }
        fromSelection = fromSelectionButton.getSelection();
        super.okPressed();
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        super.createButtonsForButtonBar(parent);
        getButton(IDialogConstants.OK_ID).setText("Play");
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Play onto a Bus");
    }

    String uri() {
        return uri;
    }

    double speed() {
        return speed;
    }

    boolean fromSelection() {
        return fromSelection;
    }
}
