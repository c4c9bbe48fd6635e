package org.bmsw.ui.internal.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's transmit interlock in the running workbench: Start in the Connections view toward a port that looks
 * real (an SLCAN adapter on a socat pty, made to look like a USB adapter through the interlock's endpoint-kind seam)
 * brings up the real checklist dialog naming the port. Cancel leaves the port untouched, nothing recording and no
 * capture file; ticking every item and confirming opens the adapter in normal mode. A small adapter on the pty's other
 * end answers every command and records it.
 */
class TransmitChecklistTest {

    @TempDir
    Path directory;

    private PtyPair pty;
    private Adapter adapter;
    private AutoCloseable realLooking;
    private String previousFolder;
    private Path captures;
    /** Dialogs other than the checklist that came up (an error would block the test): closed and listed here. */
    private final List<String> strayDialogs = new ArrayList<>();
    /** Set when the test ends: its timers stop, so that they never touch another test's dialogs. */
    private volatile boolean finished;

    /** The adapter side: answers CR (OK) to every command, as a LAWICEL adapter does, and keeps the commands. */
    private static final class Adapter extends Thread {
        private final InputStream in;
        private final OutputStream out;
        private final List<String> commands = new ArrayList<>();

        Adapter(PtyPair pty) {
            super("checklist test SLCAN adapter");
            setDaemon(true);
            this.in = pty.inputB();
            this.out = pty.outputB();
        }

        @Override
        public void run() {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    if (b != '\r') {
                        line.write(b);
                        continue;
                    }
                    synchronized (commands) {
                        commands.add(line.toString(StandardCharsets.ISO_8859_1));
                    }
                    line.reset();
                    out.write('\r');
                    out.flush();
                }
            } catch (IOException e) {
                // the pty went away: the test ended
            }
        }

        List<String> commands() {
            synchronized (commands) {
                return List.copyOf(commands);
            }
        }
    }

    /** What the checklist showed before the test answered it. */
    private record Seen(String shellText, List<String> texts, List<String> items, boolean okEnabledAtFirst,
            String okText) {
    }

    private static IWorkbenchPage page() {
        return PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
    }

    @BeforeEach
    void portThatLooksReal() throws Exception {
        CaptureController.current().stop();
        pty = PtyPair.start(directory.resolve("pty"));
        adapter = new Adapter(pty);
        adapter.start();
        String uriPrefix = "slcan:" + pty.endA();
        realLooking = TransmitInterlock.overrideEndpointKindForTests(
                uri -> uri.startsWith(uriPrefix) ? EndpointKind.REAL_DEVICE : null);
        previousFolder = BmswPreferences.store().getString(BmswPreferences.CAPTURE_FOLDER);
        captures = directory.resolve("captures");
        BmswPreferences.store().setValue(BmswPreferences.CAPTURE_FOLDER, captures.toString());
    }

    @AfterEach
    void cleanUp() throws Exception {
        finished = true;
        CaptureController.current().stop();
        BmswPreferences.store().setValue(BmswPreferences.CAPTURE_FOLDER, previousFolder);
        realLooking.close();
        pty.close();
        assertEquals(List.of(), strayDialogs, "no other dialog came up");
    }

    @Test
    void normalModeOnARealLookingPortAsksTheChecklistCancelTouchesNothingConfirmingOpens() throws Exception {
        ConnectionsView view = (ConnectionsView) page().showView(ConnectionsView.ID);
        String port = pty.endA().toString();
        String uri = "slcan:" + port + "?bitrate=500000&listenOnly=false";
        view.chooseSource(uri, false);

        Seen[] cancelled = new Seen[1];
        answerChecklist(false, cancelled);
        view.startCapture();
        assertNotNull(cancelled[0], "the checklist came up");
        assertEquals("Safety checklist", cancelled[0].shellText());
        assertTrue(cancelled[0].texts().contains("Transmitting on " + port), cancelled[0].texts().toString());
        assertEquals(List.of("I mean to transmit on " + port), cancelled[0].items());
        assertFalse(cancelled[0].okEnabledAtFirst(), "OK waits for every item");
        assertEquals("Transmit on " + port, cancelled[0].okText());
        spin(300);
        assertEquals(List.of(), adapter.commands(), "cancelled: the port was not even opened");
        assertFalse(CaptureController.current().isRunning());
        assertEquals(List.of(), captureFiles(), "cancelled: no capture file");
        assertFalse(TransmitInterlock.isAcknowledged(port));

        Seen[] confirmed = new Seen[1];
        answerChecklist(true, confirmed);
        view.startCapture();
        assertNotNull(confirmed[0], "the checklist came up again");
        assertTrue(CaptureController.current().isRunning());
        assertTrue(TransmitInterlock.isAcknowledged(port), "acknowledged for this window");
        assertEquals(List.of("C", "S6", "O"), adapter.commands(), "opened in normal mode once confirmed");
        waitFor(() -> view.statusText().contains("normal mode (transmits ACKs)"), 10_000,
                "the status to say normal mode: " + view.statusText());
        CaptureController.current().stop();
        assertEquals(1, captureFiles().size(), captureFiles().toString());
    }

    @Test
    void aSimulatedBatteryOnARealLookingPortAsksTheLoadsChecklistAndCancelSendsNothing() throws Exception {
        ConnectionsView view = (ConnectionsView) page().showView(ConnectionsView.ID);
        String port = pty.endA().toString();
        view.chooseSource("slcan:" + port + "?bitrate=500000&listenOnly=false", true);
        Seen[] cancelled = new Seen[1];
        answerChecklist(false, cancelled);
        view.startCapture();
        view.chooseSource(BmswPreferences.SIMULATED_BATTERY, false);
        assertNotNull(cancelled[0], "the checklist came up");
        assertEquals(List.of("The inverter's loads are disconnected",
                "The real battery is disconnected from the inverter", "I mean to transmit on " + port),
                cancelled[0].items());
        assertEquals("Start the simulated battery", cancelled[0].okText());
        spin(300);
        assertEquals(List.of(), adapter.commands(), "cancelled: nothing was sent, the port not opened");
        assertFalse(CaptureController.current().isRunning());
        assertEquals(List.of(), captureFiles());
    }

    /**
     * Before Start: once the checklist is up, records what it shows, then presses Cancel, or ticks every item and
     * presses OK.
     */
    private void answerChecklist(boolean confirm, Seen[] seen) {
        Display display = Display.getCurrent();
        long deadline = System.currentTimeMillis() + 15_000;
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            if (finished) {
                return;
            }
            Shell dialog = Stream.of(display.getShells())
                    .filter(s -> !s.isDisposed() && s.isVisible() && "Safety checklist".equals(s.getText()))
                    .findFirst().orElse(null);
            if (dialog == null) {
                closeStrayDialogs(display, 0); // an error instead of the checklist
                if (System.currentTimeMillis() < deadline) {
                    display.timerExec(100, poll[0]);
                }
                return;
            }
            closeStrayDialogs(display, System.currentTimeMillis() + 10_000);
            List<Control> controls = new ArrayList<>();
            collect(dialog, controls);
            List<String> texts = new ArrayList<>();
            List<Button> items = new ArrayList<>();
            Button ok = null;
            Button cancel = null;
            for (Control control : controls) {
                if (control instanceof Label label) {
                    texts.add(label.getText());
                } else if (control instanceof Button button) {
                    if ((button.getStyle() & SWT.CHECK) != 0) {
                        items.add(button);
                    } else if (Integer.valueOf(IDialogConstants.OK_ID).equals(button.getData())) {
                        ok = button;
                    } else if (Integer.valueOf(IDialogConstants.CANCEL_ID).equals(button.getData())) {
                        cancel = button;
                    }
                }
            }
            seen[0] = new Seen(dialog.getText(), texts, items.stream().map(Button::getText).toList(),
                    ok != null && ok.isEnabled(), ok == null ? "" : ok.getText());
            if (confirm) {
                for (Button item : items) {
                    item.setSelection(true);
                    item.notifyListeners(SWT.Selection, new Event());
                }
                if (ok != null && ok.isEnabled()) {
                    ok.notifyListeners(SWT.Selection, new Event());
                    return;
                }
            }
            if (cancel != null) {
                cancel.notifyListeners(SWT.Selection, new Event());
            } else {
                dialog.close();
            }
        };
        display.timerExec(100, poll[0]);
    }

    /** Until {@code untilMs}: closes any dialog but the checklist (an error message would wait for a click). */
    private void closeStrayDialogs(Display display, long untilMs) {
        if (finished) {
            return;
        }
        for (Shell shell : display.getShells()) {
            if (!shell.isDisposed() && shell.isVisible() && shell.getParent() != null
                    && !"Safety checklist".equals(shell.getText())) {
                List<Control> controls = new ArrayList<>();
                collect(shell, controls);
                strayDialogs.add(shell.getText() + ": " + controls.stream().filter(Label.class::isInstance)
                        .map(c -> ((Label) c).getText()).toList());
                shell.close();
            }
        }
        if (System.currentTimeMillis() < untilMs) {
            display.timerExec(200, () -> closeStrayDialogs(display, untilMs));
        }
    }

    private static void collect(Control control, List<Control> into) {
        into.add(control);
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, into);
            }
        }
    }

    private List<Path> captureFiles() throws IOException {
        if (!Files.isDirectory(captures)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(captures)) {
            return files.filter(f -> f.toString().endsWith(".bmst")).toList();
        }
    }

    private static void spin(long millis) {
        long end = System.currentTimeMillis() + millis;
        waitFor(() -> System.currentTimeMillis() >= end, millis + 1000, "time to pass");
    }

    private static void waitFor(BooleanSupplier condition, long millis, String what) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out after " + millis + " ms waiting for " + what);
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
