package org.bmsw.ui.internal.battery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.bmsw.ui.internal.battery.BatteryPanelView.Row;
import org.bmsw.ui.internal.live.CaptureController;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;

/**
 * The Battery panel's table holds what the Battery State view showed (removed: nothing fed it): every quantity of the
 * canonical vocabulary with value, unit and canonical name, a dash for one not sent, the manufacturer, the requests
 * and the alarms. Fed here by a real capture opened as a trace; expected values from its bytes by protocols.md.
 */
class BatteryPanelViewTest {

    @TempDir
    Path dir;

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
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

    private static void waitFor(BooleanSupplier condition, long millis, String what) throws InterruptedException {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
    }

    @Test
    void withoutDataEveryCanonicalNameIsListedWithADash() {
        List<Row> rows = BatteryPanelView.rows(BatteryState.EMPTY);
        assertEquals(Quantity.values().length + Identity.values().length + Request.values().length, rows.size());
        assertEquals(new Row("Modules in parallel", BatteryPanelView.ABSENT, "", "module_count"), rows.get(0));
        assertEquals(new Row("Charge voltage limit (CVL)", BatteryPanelView.ABSENT, "V", "charge_voltage_limit_V"),
                rows.get(1));
        for (Quantity quantity : Quantity.values()) {
            assertTrue(rows.stream().anyMatch(r -> r.name().equals(quantity.canonicalName())
                    && r.value().equals(BatteryPanelView.ABSENT)), quantity.toString());
        }
        assertTrue(rows.contains(new Row("Manufacturer", BatteryPanelView.ABSENT, "", "manufacturer")));
        assertTrue(rows.contains(new Row("Serial number", BatteryPanelView.ABSENT, "", "serial_number")));
        assertTrue(rows.contains(new Row("Firmware version", BatteryPanelView.ABSENT, "", "firmware_version")));
        assertTrue(rows.contains(new Row("Charge enable", BatteryPanelView.ABSENT, "", "charge_enable")));
    }

    /** The US5000 frames of vectors pylontech_can-01..03, as the Pylontech decoder reports them. */
    @Test
    void decodedValuesShowWithTheirUnits() {
        BatteryState.Builder builder = BatteryState.builder();
        for (Vector vector : TestData.vectors("pylontech_can.json").subList(0, 3)) {
            for (Map.Entry<String, JsonElement> entry : vector.expected().entrySet()) {
                builder.setByName(entry.getKey(), entry.getValue().getAsDouble());
            }
        }
        List<Row> rows = BatteryPanelView.rows(builder.build());
        assertTrue(rows.contains(new Row("Charge voltage limit (CVL)", "53.2", "V", "charge_voltage_limit_V")),
                rows.toString());
        assertTrue(rows.contains(new Row("Pack voltage", "49.86", "V", "voltage_V")), rows.toString());
        assertTrue(rows.contains(new Row("Pack current (+ charging)", "-27", "A", "current_A")), rows.toString());
        assertTrue(rows.contains(new Row("State of charge", "88", "%", "soc_pct")), rows.toString());
        assertTrue(rows.contains(new Row("Pack temperature", "36.3", "\u00B0C", "temperature_C")), rows.toString());
    }

    /**
     * The Eco-Worthy Cubix 100 capture opened as a trace: 0x355 64 00 SOH 100 %, 0x35E "PYLON   ", 0x35C C0 charge
     * and discharge enabled, 0x351 48 02 CVL 58.4 V, 0x356 79 14 52.41 V; it sends no lifetime energy counters.
     */
    @Test
    void aTraceFeedsWhatTheBatteryStateViewShowed() throws Exception {
        BatteryPanelView panel = (BatteryPanelView) page().showView(BatteryPanelView.ID);
        CaptureController.current().stop();
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        TraceSession.current().openFile(trace, new NullProgressMonitor());
        Job job = SessionAnalysis.current().job();
        assertNotNull(job);
        waitFor(() -> SessionAnalysis.current().result().rowsDone() == 16 && job.getState() == Job.NONE, 20_000,
                "the decoding pass");
        TraceSession.current().setCursor(-1); // the end of the trace
        waitFor(() -> !panel.state().isEmpty(), 5_000, "the panel's state");

        Table table = panel.values();
        assertEquals(List.of("What", "Value", "Unit", "Name"),
                List.of(table.getColumns()).stream().map(TableColumn::getText).toList());
        List<List<String>> rows = tableRows(table);
        assertTrue(rows.contains(List.of("State of health", "100", "%", "soh_pct")), rows.toString());
        assertTrue(rows.contains(List.of("Manufacturer", "PYLON", "", "manufacturer")), rows.toString());
        assertTrue(rows.contains(List.of("Charge enable", "yes", "", "charge_enable")), rows.toString());
        assertTrue(rows.contains(List.of("Discharge enable", "yes", "", "discharge_enable")), rows.toString());
        assertTrue(rows.contains(List.of("Charge voltage limit (CVL)", "58.4", "V", "charge_voltage_limit_V")),
                rows.toString());
        assertTrue(rows.contains(List.of("Pack voltage", "52.41", "V", "voltage_V")), rows.toString());
        assertTrue(rows.contains(List.of("Charged energy (lifetime)", BatteryPanelView.ABSENT, "kWh",
                "charged_energy_kWh")), rows.toString());
        // 0x35F 00 00 0D 05: the BMS version; the capture names no model or serial
        assertTrue(rows.contains(List.of("Firmware version", "13.5", "", "firmware_version")), rows.toString());
        assertTrue(rows.contains(List.of("Serial number", BatteryPanelView.ABSENT, "", "serial_number")),
                rows.toString());
        assertEquals(Quantity.values().length + Identity.values().length + Request.values().length
                + panel.state().alarms().size(), rows.size());
    }
}
