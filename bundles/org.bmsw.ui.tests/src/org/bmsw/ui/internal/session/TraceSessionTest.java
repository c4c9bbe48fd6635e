package org.bmsw.ui.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.testdata.TestData;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session of its own (not the workbench's), in the UI thread: listeners are called at once. */
class TraceSessionTest {

    @TempDir
    Path folder;

    /** One 0x355 frame a second, SOC = the second (0x355 bytes 0-1, 1 %), for 100 s. */
    private Path socRamp() throws IOException {
        Path path = folder.resolve("ramp.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000)))) {
            for (int second = 0; second < 100; second++) {
                writer.append(second * 1_000_000_000L, 0, 0x355, 0, new byte[] {(byte) second, 0, 100, 0}, 0, 4);
            }
        }
        return path;
    }

    @Test
    void stateAtDecodesOnlyTheTenSecondsBeforeTheRow() throws IOException {
        TraceSession session = new TraceSession();
        List<String> events = new ArrayList<>();
        session.addListener(new TraceSessionListener() {
            @Override
            public void traceChanged() {
                events.add("changed");
            }

            @Override
            public void cursorMoved(long row) {
                events.add("cursor " + row);
            }
        });
        session.open(TraceStore.open(socRamp()), DecoderRequest.auto());
        assertEquals("pylon-can", session.protocolId().split("\\+")[0], "detected from the frames");
        assertEquals(List.of("changed"), events);
        assertEquals(42.0, session.stateAt(42).get(Quantity.SOC).getAsDouble());
        assertEquals(99.0, session.stateAt(99).get(Quantity.SOC).getAsDouble());
        TraceSession.Snapshot snapshot = session.snapshotAt(99);
        assertEquals(89, snapshot.firstRow(), "10 s back from 99 s at one frame a second");
        session.setCursor(7);
        assertEquals(7, session.cursor());
        assertEquals(List.of("changed", "cursor 7"), events);
        session.close();
        assertNull(session.store());
        assertEquals(-1, session.cursor());
    }

    @Test
    void openFileSaysWhichFileCannotBeRead() throws IOException {
        TraceSession session = new TraceSession();
        Path missing = folder.resolve("missing.log");
        IOException e = assertThrows(IOException.class, () -> session.openFile(missing, new NullProgressMonitor()));
        assertEquals(missing + ": no such file", e.getMessage());
        Path garbage = folder.resolve("garbage.bin");
        Files.write(garbage, new byte[] {0, 1, 2, 3, (byte) 0xFF, 0, 0x7F, 9, 0, 0, 0});
        e = assertThrows(IOException.class, () -> session.openFile(garbage, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("garbage.bin"), e.getMessage());
        assertNull(session.store(), "nothing half-open");
    }

    @Test
    void cancelledImportLeavesTheShownTraceAlone() throws IOException {
        TraceSession session = new TraceSession();
        TraceStore shown = TraceStore.open(socRamp());
        session.open(shown, "pylon-can");
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", folder);
        assertThrows(OperationCanceledException.class, () -> session.openFile(trace, cancelled));
        assertSame(shown, session.store());
        session.openFile(trace, new NullProgressMonitor());
        assertEquals(16, session.store().size()); // 16 frame lines in the file
        session.close();
    }
}
