package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

/** The Profiles view in the running workbench, on the built-in profiles. */
class ProfilesViewTest {

    private TreeViewer viewer;

    /** Expands {@code parent} through the viewer, which creates tree items lazily, and finds a child. */
    private TreeItem child(TreeItem parent, String startOfText) {
        viewer.expandToLevel(parent.getData(), 1);
        for (TreeItem item : parent.getItems()) {
            if (item.getText(0).startsWith(startOfText)) {
                return item;
            }
        }
        throw new AssertionError("no '" + startOfText + "' under '" + parent.getText(0) + "'");
    }

    private static List<String> cells(TreeItem item, int columns) {
        List<String> cells = new ArrayList<>();
        for (int column = 0; column < columns; column++) {
            cells.add(item.getText(column));
        }
        return cells;
    }

    @Test
    void integrationPerspectiveShowsTheProfilesDownToEveryPin() throws Exception {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        assertNotNull(page.findView(ProfilesView.ID), "the Integration perspective opens the Profiles view");
        ProfilesView view = (ProfilesView) page.showView(ProfilesView.ID);
        viewer = view.viewer();
        Tree tree = viewer.getTree();
        while (Display.getCurrent().readAndDispatch()) {
            // let the tree render
        }
        // the four built-in batteries and the example vendor's, installed for the tests like a vendor's plugin; the
        // three built-in inverters
        assertEquals(List.of("Batteries (5)", "Inverters (3)"),
                List.of(tree.getItems()).stream().map(item -> item.getText(0)).toList());
        TreeItem seed = child(tree.getItem(0), "Reference Seed LV battery");
        TreeItem pcs = child(seed, "port PCS");
        assertEquals(List.of("4 (CAN1_H)", "can-h", "CAN1", ""), cells(child(pcs, "4 "), 4));
        assertEquals(List.of("7 (485A)", "rs485-a", "RS485", ""), cells(child(pcs, "7 "), 4));
        TreeItem com = child(child(tree.getItem(1), "Reference Seed hybrid inverter"), "port COM");
        assertEquals(List.of("16 (VCC)", "supply", "", "Max. 400 mA / 5 W (12 V power supply)"), cells(child(com, "16 "), 4));
    }
}
