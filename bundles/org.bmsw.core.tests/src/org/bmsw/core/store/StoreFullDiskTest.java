package org.bmsw.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.SmallFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store on a real filesystem that fills up: a 192 KiB tmpfs (skipped with the reason where mounting is not allowed). */
class StoreFullDiskTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskIsNamedAndTheFileIsCutBackToItsLastWholeBlock() throws IOException {
        try (SmallFilesystem small = SmallFilesystem.mount(dir.resolve("small"), 192)) {
            Path path = small.directory().resolve("full.bmst");
            List<TraceRecord> written = new ArrayList<>();
            IOException failure = null;
            try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                    List.of(new StoreChannel("can0", BusKind.CAN, 500_000)))) {
                for (int i = 0; failure == null && i < 100_000; i++) {
                    TraceRecord record = TraceRecord.can(1_000L * i, "can0", 0x351, (byte) i, (byte) (i >> 8));
                    writer.append(record);
                    written.add(record);
                    if (i % 1000 == 999) { // flushes as a capture does, so blocks are short
                        try {
                            writer.flush();
                        } catch (IOException e) {
                            failure = e;
                        }
                    }
                }
                assertTrue(failure != null, "192 KiB must fill up");
                assertTrue(TraceStoreWriter.isDiskFull(failure), failure.toString());
                assertEquals(1000, writer.bufferedRecords(), "the block that did not fit stays buffered");
                IOException again = assertThrows(IOException.class, writer::close, "closing retries the write");
                assertTrue(TraceStoreWriter.isDiskFull(again), again.toString());
            }
            try (TraceStore store = TraceStore.open(path)) {
                assertEquals(List.of(), store.problems(), "no partial block at the end");
                long kept = store.size();
                assertEquals(written.size() - 1000, kept);
                assertEquals(written.get((int) kept - 1), store.record(kept - 1));
                assertEquals(Files.size(path), 48 + kept / 1000 * (32 + 1000 * 32 + 16));
            }
        }
    }
}
