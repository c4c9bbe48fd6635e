package org.bmsw.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.store.TraceStore;
import org.bmsw.core.store.TraceStoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateScanTest {

    @Test
    void scansRowsIntoStatesAndStopsWhenCancelled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(file, 0, "", List.of())) {
            for (int i = 0; i < 10_000; i++) { // 0x355 with SOC = i % 100 in bytes 0-1
                writer.append(TraceRecord.can(i * 1_000_000L, "can0", 0x355, (byte) (i % 100), (byte) 0));
            }
        }
        List<Long> rows = new ArrayList<>();
        StateSeries series = StateSeries.covering(0, 9_999_000_000L, 100);
        try (TraceStore store = TraceStore.open(file)) {
            long end = StateScan.scan(store, 100, 10_000, record -> record.byteAt(0) % 10 == 0
                    ? BatteryState.builder().set(Quantity.SOC, record.byteAt(0)).build() : null,
                    (row, timeNs, state) -> {
                        rows.add(row);
                        series.add(timeNs, state);
                    }, null, null);
            assertEquals(10_000, end);
            assertEquals(990, rows.size()); // every tenth of rows 100..9999
            assertEquals(100, rows.get(0));
            assertEquals(90, series.points(Quantity.SOC, 0, Long.MAX_VALUE / 2).max()[1]);

            long stopped = StateScan.scan(store, 0, 10_000, record -> null, (r, t, s) -> {
            }, () -> true, null);
            assertEquals(4096, stopped);
        }
    }
}
