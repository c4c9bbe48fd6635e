package org.bmsw.ui.internal.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.engine.DecoderRequest;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.testdata.TestData;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File &gt; Open DBC on the Eco-Worthy capture: the user's DBC redefines 0x355 (SOC in 0.5 % steps), so its rows
 * decode by the DBC while 0x351 keeps Pylon CAN's decoding; a DBC that yields no message changes nothing.
 */
class OpenDbcTest {

    @TempDir
    Path folder;

    @Test
    void aUsersDbcDecodesItsIdentifiersFirstAndTheRestKeepsTheProtocol() throws Exception {
        Path dbc = TestData.copyTo("dbc/user-soc.dbc", folder);
        Path empty = folder.resolve("empty.dbc");
        Files.writeString(empty, "VERSION \"\"\n\nBU_: BMS\n");
        TraceSession session = TraceSession.current();
        DecoderRequest before = session.request();
        try {
            session.openFile(TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", folder),
                    new NullProgressMonitor());
            String outcome = OpenDbcHandler.apply(dbc);
            assertTrue(outcome.startsWith("Decoding with pylon-can"), outcome);
            assertTrue(outcome.contains("with user-soc.dbc first for its 1 message"), outcome);
            List<String> decoded = new ArrayList<>();
            for (DecodedMessage[] row : session.decodeRows(0, (int) session.store().size())) {
                for (DecodedMessage message : row) {
                    decoded.add(message.id() + " " + message.message() + " " + message.signalMap());
                }
            }
            // 0x355 byte 0 = 0x1E = 30 raw x 0.5 = 15 %; 0x351 CVL 0x0248 x 0.1 = 58.4 V by Pylon CAN
            assertTrue(decoded.contains("0x355 MySoc {soc_pct=15.0}"), decoded.toString());
            assertTrue(decoded.stream().anyMatch(line -> line.startsWith("0x351 Limits {charge_voltage_limit_V=58.4")),
                    decoded.toString());
            assertEquals(List.of(dbc), session.request().dbcOverlays());

            String refused = OpenDbcHandler.apply(empty);
            assertTrue(refused.startsWith("Cannot use " + empty + ": " + empty + ": no message (BO_)"), refused);
            assertEquals(List.of(dbc), session.request().dbcOverlays(), "a refused file changes nothing");
        } finally {
            session.setRequest(before);
        }
    }
}
