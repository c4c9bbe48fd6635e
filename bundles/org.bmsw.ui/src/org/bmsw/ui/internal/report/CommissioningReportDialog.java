package org.bmsw.ui.internal.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bmsw.report.CommissioningReports;
import org.bmsw.report.SiteInfo;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks what a commissioning report is made from: the site (a site.json, or the fields typed in), the capture, the
 * cable's wire list, a conformance result, the battery profile and where to write the page. The answer is a
 * {@link CommissioningReports.Request} for the same build the command line uses.
 */
final class CommissioningReportDialog extends TitleAreaDialog {

    static final String[] SITE_FIELDS = { "Installer", "Company", "Site", "Address", "Date", "Inverter", "Battery",
            "Customer", "Notes" };

    private final Path defaultTrace;
    private Text siteFile;
    private final Map<String, Text> siteFields = new LinkedHashMap<>();
    private Text trace;
    private Text cable;
    private Text conformance;
    private Text profile;
    private Text output;
    private CommissioningReports.Request request;
    private Path outputFile;

    CommissioningReportDialog(Shell parent, Path defaultTrace) {
        super(parent);
        this.defaultTrace = defaultTrace;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText("Commissioning Report");
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle("Commissioning report");
        setMessage("The page the installer signs: the site, the battery and inverter, the cable, the capture's "
                + "verdict, the conformance test, the sign-off. It opens in the browser, which prints it to PDF.");
        Composite area = (Composite) super.createDialogArea(parent);
        Composite body = new Composite(area, SWT.NONE);
        body.setLayout(new GridLayout(3, false));
        body.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));

        siteFile = fileRow(body, "Site file (site.json):", "", new String[] { "*.json", "*" }, SWT.OPEN);
        Group fields = new Group(body, SWT.NONE);
        fields.setText("or the site typed in (when no site file is given)");
        fields.setLayout(new GridLayout(2, false));
        fields.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 3, 1));
        for (String name : SITE_FIELDS) {
            new Label(fields, SWT.NONE).setText(name + ":");
            Text text = new Text(fields, SWT.BORDER);
            text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
            text.setData("org.eclipse.swtbot.widget.key", "site." + name.toLowerCase());
            siteFields.put(name, text);
        }
        siteFields.get("Date").setText(LocalDate.now().toString());
        siteFields.get("Date").setToolTipText("YYYY-MM-DD");
        trace = fileRow(body, "Capture:", defaultTrace == null ? "" : defaultTrace.toString(), new String[] { "*" },
                SWT.OPEN);
        cable = fileRow(body, "Cable wire list (optional):", "", new String[] { "*.csv", "*" }, SWT.OPEN);
        conformance = fileRow(body, "Conformance result (optional):", "", new String[] { "*.json", "*" }, SWT.OPEN);
        new Label(body, SWT.NONE).setText("Battery profile (optional):");
        profile = new Text(body, SWT.BORDER);
        profile.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
        profile.setMessage("e.g. pylontech.us5000");
        output = fileRow(body, "Write the report to:", defaultTrace == null ? "" : defaultTrace.resolveSibling(
                "commissioning-report.html").toString(), new String[] { "*.html" }, SWT.SAVE);
        return area;
    }

    private Text fileRow(Composite body, String label, String initial, String[] extensions, int style) {
        new Label(body, SWT.NONE).setText(label);
        Text text = new Text(body, SWT.BORDER);
        text.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        text.setText(initial);
        text.setData("org.eclipse.swtbot.widget.key", label);
        Button browse = new Button(body, SWT.PUSH);
        browse.setText("Browse...");
        browse.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(getShell(), style);
            dialog.setFilterExtensions(extensions);
            if (!text.getText().isBlank()) {
                dialog.setFileName(text.getText().strip());
            }
            String chosen = dialog.open();
            if (chosen != null) {
                text.setText(chosen);
            }
        });
        return text;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, "Write Report", true);
        createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
    }

    @Override
    protected void okPressed() {
        try {
            request = request();
            outputFile = Path.of(required(output, "where to write the report"));
        } catch (IllegalArgumentException e) {
            setErrorMessage(e.getMessage());
            return;
        }
        super.okPressed();
    }

    /** The request as the fields say, or why not. */
    private CommissioningReports.Request request() {
        String traceText = required(trace, "the capture");
        if (!Files.isRegularFile(Path.of(traceText))) {
            throw new IllegalArgumentException(traceText + ": no such file");
        }
        Path site = null;
        SiteInfo typed = null;
        if (!siteFile.getText().isBlank()) {
            site = Path.of(siteFile.getText().strip());
        } else {
            typed = typedSite(field("Installer"), field("Company"), field("Site"), field("Address"), field("Date"),
                    field("Inverter"), field("Battery"), field("Customer"), field("Notes"));
        }
        return new CommissioningReports.Request(typed, site, Path.of(traceText), optional(cable), optional(
                conformance), profile.getText().isBlank() ? null : profile.getText().strip());
    }

    /** The site typed in, checked as a site.json is: the required fields given, the date a date. */
    static SiteInfo typedSite(String installer, String company, String site, String address, String date,
            String inverter, String battery, String customer, String notes) {
        Map<String, String> required = new LinkedHashMap<>();
        required.put("Installer", installer);
        required.put("Site", site);
        required.put("Date", date);
        required.put("Inverter", inverter);
        required.put("Battery", battery);
        for (Map.Entry<String, String> field : required.entrySet()) {
            if (field.getValue() == null || field.getValue().isBlank()) {
                throw new IllegalArgumentException("Give the " + field.getKey().toLowerCase() + " (or a site file)");
            }
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The date '" + date.strip() + "' is not a date YYYY-MM-DD");
        }
        return new SiteInfo(installer, company, site, address, day, inverter, battery, customer, notes);
    }

    private String field(String name) {
        return siteFields.get(name).getText();
    }

    private static String required(Text text, String what) {
        if (text.getText().isBlank()) {
            throw new IllegalArgumentException("Give " + what);
        }
        return text.getText().strip();
    }

    private static Path optional(Text text) {
        return text.getText().isBlank() ? null : Path.of(text.getText().strip());
    }

    CommissioningReports.Request result() {
        return request;
    }

    Path outputFile() {
        return outputFile;
    }
}
