package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.ui.internal.live.BmswPreferences;
import org.bmsw.ui.internal.live.ProfileFoldersPreferencePage;
import org.bmsw.ui.internal.live.Screenshots;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preferences > BMS Workbench > Profile folders in the running workbench: a folder set there is loaded into the
 * workbench's profiles, an edit on disk is loaded again, a broken descriptor is listed with file and line while the
 * folder's other profile stays, and the page's Remove takes the folder's profiles away.
 */
class ProfileFoldersTest {

    @TempDir
    Path dir;

    @AfterEach
    void noFolderLeft() {
        BmswPreferences.store().setToDefault(BmswPreferences.PROFILE_FOLDERS);
    }

    private static String battery(String id, String model, String dbc) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"Folder Energy\" model=\"" + model + "\">\n"
                + "  <port id=\"PCS\" connector=\"rj45\">\n"
                + "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
                + "    <pin number=\"5\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
                + "    <pin number=\"3\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n"
                + "  </port>\n"
                + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"" + dbc + "\" role=\"sender\"/>\n"
                + "</battery>\n";
    }

    /** Runs the UI until {@code condition} holds; fails after 20 s. */
    private static void waitFor(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "not within 20 s: " + what);
            Screenshots.settle(50);
        }
    }

    private static String model(String id) {
        return ProfileRegistry.getDefault().find(id).map(p -> p.model()).orElse("(none)");
    }

    private static List<String> topLevel(Tree tree) {
        return List.of(tree.getItems()).stream().map(item -> item.getText(0)).toList();
    }

    @Test
    void aFolderSetInThePreferencesIsLoadedWatchedAndRemovedOnThePage() throws Exception {
        Path folder = dir.resolve("folder-energy");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("f1.dbc"), "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
                + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n");
        Files.writeString(folder.resolve("f1.xml"), battery("folder.f1", "F1", "f1.dbc"));
        Files.writeString(folder.resolve("f2.xml"), battery("folder.f2", "F2", "f1.dbc"));
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        ProfilesView view = (ProfilesView) page.showView(ProfilesView.ID);
        Tree tree = view.viewer().getTree();
        int batteries = ProfileRegistry.getDefault().batteries().size();

        BmswPreferences.store().setValue(BmswPreferences.PROFILE_FOLDERS, folder.toString());
        waitFor("the folder's profiles in the Profiles view", () -> topLevel(tree).get(0)
                .equals("Batteries (" + (batteries + 2) + ")"));
        assertEquals("F1", model("folder.f1"));

        Files.writeString(folder.resolve("f1.xml"), battery("folder.f1", "F1 rev 2", "f1.dbc"));
        waitFor("the edit loaded again", () -> model("folder.f1").equals("F1 rev 2"));

        // f2 broken at line 8 (a DBC file that is not there): listed with file and line, f1 stays
        Files.writeString(folder.resolve("f2.xml"), battery("folder.f2", "F2", "missing.dbc"));
        waitFor("the broken descriptor reported", () -> topLevel(tree).size() == 3);
        List<ProfileProblem> problems = ProfileRegistry.getDefault().problems().stream()
                .filter(p -> p.origin().toString().startsWith(folder.toString())).toList();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith(folder + "/f2.xml:8:"), problems.toString());
        assertEquals("Batteries (" + (batteries + 1) + ")", topLevel(tree).get(0));
        assertEquals("F1 rev 2", model("folder.f1"));

        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), ProfileFoldersPreferencePage.ID, null,
                null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            assertTrue(dialog.getSelectedPage() instanceof ProfileFoldersPreferencePage,
                    String.valueOf(dialog.getSelectedPage()));
            Control pageControl = ((ProfileFoldersPreferencePage) dialog.getSelectedPage()).getControl();
            org.eclipse.swt.widgets.List list = find(pageControl, org.eclipse.swt.widgets.List.class).get(0);
            assertEquals(List.of(folder.toString()), List.of(list.getItems()));
            list.select(0);
            list.notifyListeners(SWT.Selection, null);
            Button remove = find(pageControl, Button.class).stream().filter(b -> b.getText().replace("&", "")
                    .equals("Remove")).findFirst().orElseThrow();
            remove.notifyListeners(SWT.Selection, null);
            assertEquals(0, list.getItemCount());
            assertTrue(((ProfileFoldersPreferencePage) dialog.getSelectedPage()).performOk());
        } finally {
            dialog.close();
        }
        assertEquals("", BmswPreferences.store().getString(BmswPreferences.PROFILE_FOLDERS));
        waitFor("the folder's profiles gone", () -> topLevel(tree).get(0).equals("Batteries (" + batteries + ")"));
        assertEquals("(none)", model("folder.f1"));
        assertEquals(List.of(), ProfileRegistry.getDefault().problems().stream()
                .filter(p -> p.origin().toString().startsWith(folder.toString())).toList());
    }

    private static <T extends Control> List<T> find(Control root, Class<T> type) {
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
