package org.bmsw.ui.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.engine.DecoderRequest;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.testdata.TestData;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example vendor's profile (Pylon CAN with the vendor's own 0x4A0 frame in a DBC, from the installed example
 * plugin) decodes in the workbench's session exactly as {@code bmsw decode --profile} decodes it: both are compared
 * with the same list of messages.
 */
class ExampleVendorProfileTest {

    @TempDir
    Path folder;

    @Test
    void theExampleVendorsDbcProfileDecodesTheSameMessagesAsTheCommandLine() throws Exception {
        TraceSession session = new TraceSession();
        session.setRequest(DecoderRequest.profile("example.x48-100"));
        session.openFile(TestData.copyTo("profiles/example-x48-100_candump.txt", folder), new NullProgressMonitor());
        assertTrue(session.decoder().description().contains("DBC dbc/example-x48.dbc"),
                session.decoder().description());
        DecodedMessage[][] rows = session.decodeRows(0, (int) session.store().size());
        List<String> lines = new ArrayList<>();
        for (DecodedMessage[] row : rows) {
            for (DecodedMessage message : row) {
                lines.add(TestData.messageLine(message.id(), message.message(), message.signalMap()));
            }
        }
        assertEquals(expected(), lines);
        session.close();
    }

    /** The messages the command line's test expects too. */
    static List<String> expected() {
        return TestData.text("profiles/example-x48-100.messages.txt").lines().filter(line -> !line.startsWith("#"))
                .toList();
    }
}
