package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.operations.ProvisioningSession;
import org.eclipse.equinox.p2.ui.ProvisioningUI;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.Test;

/**
 * Help > Install New Software... in the running workbench, on the example vendor's update site (built by
 * releng/com.example.bmsw.site before these tests): the site is picked in "Work with" as an integrator picks it, and
 * the wizard lists the site's feature.
 */
class InstallNewSoftwareTest {

    static final Path EXAMPLE_SITE = Path.of(System.getProperty("bmsw.example.site.dir", "")).toAbsolutePath().normalize();
    static final String FEATURE_NAME = "Example Energy batteries for BMS Workbench";
    /** The test runtime is not installed by p2: the wizard gets an empty profile of its own to compare against. */
    static final String PROFILE = "BmswWizardTest";

    @Test
    void theWizardOpensOnTheExampleSiteAndListsItsFeature() throws Exception {
        assertTrue(Files.isRegularFile(EXAMPLE_SITE.resolve("content.jar"))
                || Files.isRegularFile(EXAMPLE_SITE.resolve("content.xml.xz")), "no example update site at " + EXAMPLE_SITE);
        ProvisioningSession session = ProvisioningUI.getDefaultUI().getSession();
        IProfileRegistry profiles = session.getProvisioningAgent().getService(IProfileRegistry.class);
        if (profiles.getProfile(PROFILE) == null) {
            profiles.addProfile(PROFILE);
        }
        ProvisioningUI ui = new ProvisioningUI(session, PROFILE, ProvisioningUI.getDefaultUI().getPolicy());
        URI site = EXAMPLE_SITE.toUri();
        ui.getRepositoryTracker().addRepository(site, "Example Energy site", session);

        Display display = Display.getCurrent();
        AtomicReference<String> failure = new AtomicReference<>();
        List<String> listed = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 90_000;
        Runnable probe = new Runnable() {
            private boolean sitePicked;
            private boolean flat;

            @Override
            public void run() {
                Shell wizard = wizardShell(display);
                if (wizard == null) {
                    if (System.currentTimeMillis() > deadline) {
                        failure.set("the Install wizard did not open");
                    } else {
                        display.timerExec(250, this);
                    }
                    return;
                }
                if (!sitePicked) {
                    // "Work with": the site as the combo lists it, as a user picks it from the drop-down
                    for (Combo combo : find(wizard, Combo.class)) {
                        for (String item : combo.getItems()) {
                            if (item.contains(EXAMPLE_SITE.getFileName().toString()) && item.contains("Example Energy site")) {
                                combo.setText(item);
                                sitePicked = true;
                            }
                        }
                    }
                }
                if (sitePicked && !flat) {
                    // features at the top of the tree, not under their category
                    for (Button box : find(wizard, Button.class)) {
                        if ((box.getStyle() & SWT.CHECK) != 0 && box.getText().replace("&", "").startsWith("Group items by category")) {
                            box.setSelection(false);
                            box.notifyListeners(SWT.Selection, null);
                            flat = true;
                        }
                    }
                }
                listed.clear();
                for (Tree tree : find(wizard, Tree.class)) {
                    for (TreeItem item : tree.getItems()) {
                        listed.add(item.getText(0));
                    }
                }
                if (listed.stream().anyMatch(text -> text.startsWith(FEATURE_NAME))) {
                    close(wizard);
                } else if (System.currentTimeMillis() > deadline) {
                    failure.set("the site's feature was not listed within 90 s (site picked: " + sitePicked
                            + ", flat: " + flat + ")");
                    close(wizard);
                } else {
                    display.timerExec(250, this);
                }
            }
        };
        display.timerExec(500, probe);
        try {
            ui.openInstallWizard(null, null, null); // returns when the probe closes it
        } finally {
            ui.getRepositoryTracker().removeRepositories(new URI[] { site }, session);
        }
        assertNull(failure.get(), failure.get() + "; listed " + listed);
        assertTrue(listed.stream().anyMatch(text -> text.startsWith(FEATURE_NAME)), "listed " + listed);
    }

    /** Cancels the wizard as its window's close box does; a wizard still busy is disposed after 5 s. */
    private static void close(Shell wizard) {
        wizard.close();
        wizard.getDisplay().timerExec(5000, () -> {
            if (!wizard.isDisposed()) {
                wizard.dispose();
            }
        });
    }

    private static Shell wizardShell(Display display) {
        for (Shell shell : display.getShells()) {
            if (shell.isVisible() && shell.getText().startsWith("Install") && !find(shell, Combo.class).isEmpty()) {
                return shell;
            }
        }
        return null;
    }

    static <T extends Control> List<T> find(Control root, Class<T> type) {
        List<T> found = new ArrayList<>();
        if (type.isInstance(root)) {
            found.add(type.cast(root));
        }
        if (root instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                found.addAll(find(child, type));
            }
        }
        return found;
    }
}
