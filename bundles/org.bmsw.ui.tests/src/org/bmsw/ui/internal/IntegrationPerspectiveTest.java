package org.bmsw.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;

import com.google.gson.JsonElement;

/** Runs in the UI thread of the real BMS Workbench under Xvfb (tycho-surefire useUIHarness + useUIThread). */
class IntegrationPerspectiveTest {

    private static IWorkbenchPage page() {
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        assertNotNull(window, "no workbench window");
        return window.getActivePage();
    }

    private static void processEvents() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // drain the queue so the table shows what the viewer holds
        }
    }

    private static List<List<String>> tableRows(Table table) {
        List<List<String>> rows = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            List<String> cells = new ArrayList<>();
            for (int column = 0; column < table.getColumnCount(); column++) {
                cells.add(item.getText(column));
            }
            rows.add(cells);
        }
        return rows;
    }

    @Test
    void workbenchOpensTheIntegrationPerspectiveWithItsTitle() {
        assertNotNull(Display.getCurrent(), "tests must run in the UI thread");
        assertEquals(IntegrationPerspective.ID, page().getPerspective().getId());
        assertEquals("Integration", page().getPerspective().getLabel());
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        assertTrue(shell.getText().startsWith(BmswWorkbenchAdvisor.WINDOW_TITLE), shell.getText());
        assertNotNull(page().findView(BatteryStateView.ID), "the perspective opens the Battery State view");
    }

    @Test
    void batteryStateViewListsEveryCanonicalNameWithADashUntilDataArrives() throws Exception {
        BatteryStateView view = (BatteryStateView) page().showView(BatteryStateView.ID);
        view.setState(BatteryState.EMPTY);
        processEvents();
        List<List<String>> rows = tableRows(view.viewer().getTable());
        assertEquals(List.of("Quantity", "Value", "Unit", "Name"),
                List.of(view.viewer().getTable().getColumns()).stream().map(c -> c.getText()).toList());
        assertEquals(Quantity.values().length + 1 + Request.values().length, rows.size());
        assertEquals(List.of("Charge voltage limit (CVL)", BatteryStateView.ABSENT, "V", "charge_voltage_limit_V"),
                rows.get(0));
        assertEquals("No battery data received.", view.getContentDescription());
    }

    /** The US5000 frames of vectors pylontech_can-01..03, as the Pylontech decoder will report them. */
    @Test
    void batteryStateViewShowsDecodedValuesWithUnits() throws Exception {
        BatteryState.Builder builder = BatteryState.builder();
        for (Vector vector : TestData.vectors("pylontech_can.json").subList(0, 3)) {
            for (Map.Entry<String, JsonElement> entry : vector.expected().entrySet()) {
                builder.setByName(entry.getKey(), entry.getValue().getAsDouble());
            }
        }
        BatteryStateView view = (BatteryStateView) page().showView(BatteryStateView.ID);
        view.setState(builder.build());
        processEvents();
        List<List<String>> rows = tableRows(view.viewer().getTable());
        assertTrue(rows.contains(List.of("Charge voltage limit (CVL)", "53.2", "V", "charge_voltage_limit_V")), rows.toString());
        assertTrue(rows.contains(List.of("Pack voltage", "49.86", "V", "voltage_V")), rows.toString());
        assertTrue(rows.contains(List.of("Pack current (+ charging)", "-27", "A", "current_A")), rows.toString());
        assertTrue(rows.contains(List.of("State of charge", "88", "%", "soc_pct")), rows.toString());
        assertTrue(rows.contains(List.of("Pack temperature", "36.3", "°C", "temperature_C")), rows.toString());
        assertEquals("", view.getContentDescription());
    }
}
