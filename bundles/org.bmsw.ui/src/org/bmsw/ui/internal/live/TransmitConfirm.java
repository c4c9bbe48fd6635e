package org.bmsw.ui.internal.live;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.eclipse.swt.widgets.Shell;

/**
 * The window's side of the one transmit interlock for the Transmit view and Play in the Trace view: a port that
 * may reach real equipment needs the checklist naming it ({@link SimulatorChecklistDialog}); confirmed, the port
 * stays acknowledged until the window closes. A pty, loopback, vcan or {@code sim:} passes without a question.
 */
public final class TransmitConfirm {

    /** Asks the user about a refused port; true to go on. Tests put their own answer here. */
    @FunctionalInterface
    public interface Question {
        boolean confirm(Shell shell, String uri, TransmitRefusedException refusal);
    }

    private static final Question CHECKLIST = (shell, uri, refusal) -> new SimulatorChecklistDialog(shell, uri,
            refusal.port(), refusal.getMessage(), false).open() == SimulatorChecklistDialog.OK;
    private static volatile Question question = CHECKLIST;
    /** Ports the user confirmed in this window, held until the window closes. */
    private static final Map<String, TransmitInterlock.Acknowledgement> CONFIRMED = new ConcurrentHashMap<>();

    private TransmitConfirm() {
    }

    /**
     * Whether transmitting on {@code uri} (as opened for transmitting: {@code slcan:} in normal mode) may go ahead:
     * the interlock's check, and on a refusal the checklist.
     *
     * @throws TransportException when the URI's scheme is unknown or its kind cannot be told
     */
    public static boolean allowed(Shell shell, TransportRegistry registry, String uri, String action)
            throws TransportException {
        String transmitUri = Transmitter.transmitUri(uri);
        try {
            TransmitInterlock.check(registry, transmitUri, action);
            return true;
        } catch (TransmitRefusedException refusal) {
            if (!question.confirm(shell, transmitUri, refusal)) {
                return false;
            }
            CONFIRMED.computeIfAbsent(refusal.port(), TransmitInterlock::acknowledge);
            return true;
        }
    }

    /** Withdraws every acknowledgement given here (the window closes; tests). */
    public static void withdrawAll() {
        CONFIRMED.values().forEach(TransmitInterlock.Acknowledgement::close);
        CONFIRMED.clear();
    }

    /** For tests: the answer instead of the checklist dialog; null puts the dialog back. */
    public static void answerWith(Question answer) {
        question = answer == null ? CHECKLIST : answer;
    }
}
