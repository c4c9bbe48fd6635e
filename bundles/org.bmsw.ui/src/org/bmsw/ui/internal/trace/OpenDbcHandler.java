package org.bmsw.ui.internal.trace;

import java.nio.file.Path;
import java.util.List;

import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * File &gt; Open DBC…: a DBC file of the user's own decodes the trace shown, and the live sources started after,
 * before the protocol: its messages take precedence by identifier, every other identifier keeps the protocol's
 * decoding (the engine's decoder policy, as {@code --dbc} on the command line). Problems in the file are listed
 * with file:line:column and the rest of it is used.
 */
public final class OpenDbcHandler extends AbstractHandler {

    public static final String COMMAND_ID = "org.bmsw.ui.commands.openDbc";
    private static String lastFolder;

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Shell shell = HandlerUtil.getActiveShellChecked(event);
        FileDialog dialog = new FileDialog(shell, SWT.OPEN);
        dialog.setText("Open DBC");
        dialog.setFilterNames(new String[] { "DBC files (*.dbc)", "All files" });
        dialog.setFilterExtensions(new String[] { "*.dbc;*.DBC", "*" });
        if (lastFolder != null) {
            dialog.setFilterPath(lastFolder);
        }
        String chosen = dialog.open();
        if (chosen != null) {
            lastFolder = dialog.getFilterPath();
            String outcome = apply(Path.of(chosen));
            if (outcome.startsWith("Cannot")) {
                MessageDialog.openError(shell, "Cannot use the DBC file", outcome);
            } else {
                MessageDialog.openInformation(shell, "DBC file applied", outcome);
            }
        }
        return null;
    }

    /**
     * Adds {@code dbc} to the session's decoding (a DBC already applied is applied again on top).
     *
     * @return what happened, in words for the user: starting with "Cannot" when nothing changed
     */
    public static String apply(Path dbc) {
        TraceSession session = TraceSession.current();
        DecoderRequest request = session.request();
        List<Path> others = request.dbcOverlays().stream().filter(path -> !path.equals(dbc)).toList();
        try {
            session.setRequest(request.withDbcs(others).withDbc(dbc));
        } catch (EngineException e) {
            return "Cannot use " + dbc + ": " + e.getMessage();
        }
        List<String> notes = session.decoder().notes();
        return "Decoding with " + session.decoder().description() + "."
                + (notes.isEmpty() ? "" : "\n\nProblems in the file (the rest of it is used):\n"
                        + String.join("\n", notes.subList(0, Math.min(notes.size(), 20)))
                        + (notes.size() > 20 ? "\n... and " + (notes.size() - 20) + " more" : ""))
                + "\n\nA live source running now keeps its status line's decoding until it is started again.";
    }
}
