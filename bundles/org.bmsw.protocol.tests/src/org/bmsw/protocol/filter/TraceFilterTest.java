package org.bmsw.protocol.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter language on the Eco-Worthy Cubix 100 capture (traces/ecoworthy_cubix100_pylon_can_candump.txt):
 * expected rows are found in the file's text with a regular expression, not by the filter.
 */
class TraceFilterTest {

    private static final String TRACE = "traces/ecoworthy_cubix100_pylon_can_candump.txt";
    private static final Pattern FRAME = Pattern.compile("^can0\\s+([0-9A-F]{3})\\s+\\[8\\]", Pattern.MULTILINE);

    @TempDir
    Path folder;

    /** The identifiers of the file's frames, in order, read with a regular expression. */
    private static List<Integer> identifiersInText() {
        List<Integer> ids = new ArrayList<>();
        Matcher m = FRAME.matcher(TestData.text(TRACE));
        while (m.find()) {
            ids.add(Integer.parseInt(m.group(1), 16));
        }
        return ids;
    }

    private TraceStore store(List<TraceRecord> records) throws IOException {
        Path path = folder.resolve("trace.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "",
                List.of(new StoreChannel("can0", BusKind.CAN, 500_000)))) {
            for (TraceRecord record : records) {
                writer.append(record);
            }
        }
        return TraceStore.open(path);
    }

    private TraceStore ecoWorthy() throws IOException {
        return store(TraceLines.canRecords(TestData.text(TRACE)));
    }

    private static int[] rowsWith(List<Integer> ids, java.util.function.IntPredicate which) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (which.test(ids.get(i))) {
                rows.add(i);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] filter(TraceStore store, String expression) {
        return TraceRows.filter(store, () -> DecoderRegistry.getDefault().create("pylon-can"), TraceFilter.parse(expression),
                Long.MAX_VALUE, null);
    }

    @Test
    void frameFieldFiltersMatchTheRowsCountedInTheFile() throws IOException {
        List<Integer> ids = identifiersInText();
        assertEquals(16, ids.size());
        try (TraceStore store = ecoWorthy()) {
            assertEquals(ids.size(), store.size());
            assertArrayEquals(rowsWith(ids, id -> id == 0x351), filter(store, "id == 0x351"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x351), filter(store, "id == 849"));
            assertArrayEquals(rowsWith(ids, id -> id >= 0x370 && id <= 0x377),
                    filter(store, "id >= 0x370 && id <= 0x377"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x351 || id == 0x356),
                    filter(store, "(id == 0x351) || id == 0x356"));
            assertArrayEquals(rowsWith(ids, id -> id != 0x351), filter(store, "!(id == 0x351)"));
            assertArrayEquals(rowsWith(ids, id -> id != 0x351), filter(store, "not id == 0x351"));
            assertArrayEquals(rowsWith(ids, id -> true), filter(store, "channel == can0 and len == 8"));
            assertFalse(TraceFilter.parse("id == 0x351 || len < 3").needsDecoding());
        }
    }

    /** Values by hand from the bytes, per protocols.md: 0x351 48 02 = 584 x 0.1 V; 0x355 1E 00 = SOC 30 %. */
    @Test
    void decodedFiltersLookAtMessagesAndSignals() throws IOException {
        List<Integer> ids = identifiersInText();
        try (TraceStore store = ecoWorthy()) {
            int[] limits = rowsWith(ids, id -> id == 0x351);
            assertArrayEquals(limits, filter(store, "message == Limits"));
            assertArrayEquals(limits, filter(store, "message == limits && charge_voltage_limit_V == 58.4"));
            assertArrayEquals(limits, filter(store, "charge_current_limit_A >= 200 && discharge_voltage_limit_V < 45"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x355), filter(store, "soc_pct < 31"));
            assertArrayEquals(new int[0], filter(store, "soc_pct > 30"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x356), filter(store, "voltage_V == 52.41 && current_A == 0"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x35E), filter(store, "manufacturer contains pyl"));
            assertArrayEquals(rowsWith(ids, id -> id != 0x351), filter(store, "message != Limits"));
            assertArrayEquals(rowsWith(ids, id -> id == 0x355), filter(store, "soc_pct"));
            assertArrayEquals(new int[0], filter(store, "alarm"));
            assertTrue(TraceFilter.parse("soc_pct < 20").needsDecoding());
        }
    }

    /** Pylon 0x359 byte 0 bit 1 is the high-voltage protection (battery-state.md). */
    @Test
    void alarmMatchesRowsWithAnActiveProtection() throws IOException {
        List<TraceRecord> records = List.of(
                TraceRecord.can(0, "can0", 0x359, new byte[] {0x00, 0, 0, 0, 2, 0x50, 0x4E}),
                TraceRecord.can(1_000_000_000L, "can0", 0x359, new byte[] {0x02, 0, 0, 0, 2, 0x50, 0x4E}));
        try (TraceStore store = store(records)) {
            assertArrayEquals(new int[] {1}, filter(store, "alarm"));
            assertArrayEquals(new int[] {1}, filter(store, "protection_high_voltage == 1"));
            DecodedMessage[][] decoded = TraceRows.decode(store, DecoderRegistry.getDefault().create("pylon-can"), 0, 2);
            assertFalse(TraceFilter.hasActiveAlarm(decoded[0][0]));
            assertTrue(TraceFilter.hasActiveAlarm(decoded[1][0]));
        }
    }

    /** Repeated frames are served from the filter's cache: each row must still get its own bytes' values. */
    @Test
    void repeatedAndChangingFramesEachMatchOnTheirOwnBytes() throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int soc = 30 + i % 3; // 0x355 bytes 0-1: SOC in 1 %
            records.add(TraceRecord.can(i * 1_000_000L, "can0", 0x355, new byte[] {(byte) soc, 0, 100, 0}));
        }
        try (TraceStore store = store(records)) {
            int[] socOf31 = filter(store, "soc_pct == 31");
            assertEquals(13, socOf31.length); // i = 1, 4, ..., 37
            for (int row : socOf31) {
                assertEquals(1, row % 3);
            }
            assertEquals(40, filter(store, "soc_pct >= 30 && soc_pct <= 32").length);
        }
    }

    /**
     * The filter decides a CAN frame once per channel, identifier, length and bytes: on two packs that repeat
     * frames, with frames of unknown identifiers (29-bit ones too) among them, every filter gives the rows that
     * decoding and testing each row on its own gives.
     */
    @Test
    void decidedFramesGiveTheRowsThatTestingEachRowGives() throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 3000; i++) {
            String channel = i / 6 % 2 == 0 ? "can0" : "can1";
            long t = i * 1_000_000L;
            switch (i % 6) {
            case 0 -> records.add(TraceRecord.can(t, channel, 0x355, new byte[] {(byte) (35 + i / 400), 0, 100, 0}));
            case 1 -> records.add(TraceRecord.can(t, channel, 0x356, new byte[] {0x60, 0x13, (byte) (i % 5), 0, 0x14,
                    0x01}));
            case 2 -> records.add(TraceRecord.can(t, channel, 0x351, new byte[] {0x14, 0x02, (byte) 0xF4, 0x01,
                    (byte) 0xF4, 0x01, (byte) 0xC2, 0x01}));
            case 3 -> records.add(TraceRecord.can(t, channel, 0x359, new byte[] {(byte) (i % 7 == 0 ? 4 : 0), 0, 0,
                    0, 1, 0x50, 0x4E}));
            case 4 -> records.add(TraceRecord.can(t, channel, 0x100 + i % 3, new byte[] {1, 2, 3}));
            default -> records.add(new TraceRecord(t, channel, BusKind.CAN, 0x1000_0000 | random.nextInt(1 << 20),
                    org.bmsw.core.record.FrameFlags.EXTENDED, new byte[] {(byte) random.nextInt(256)}));
            }
        }
        Path path = folder.resolve("packs.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(path, 0, "", List.of(new StoreChannel("can0",
                BusKind.CAN, 500_000), new StoreChannel("can1", BusKind.CAN, 500_000)))) {
            for (TraceRecord record : records) {
                writer.append(record);
            }
        }
        try (TraceStore store = TraceStore.open(path)) {
            for (String expression : List.of("soc_pct < 38", "soc_pct < 38 && channel == can1", "!(soc_pct > 36)",
                    "alarm", "message == Limits || len == 3", "id == 0x101 || current_A > 0.2", "message != Limits",
                    "protection_high_voltage == 1 || channel == can0 && id > 0x1000")) {
                TraceFilter parsed = TraceFilter.parse(expression);
                int[] expected = rowByRow(store, parsed);
                assertTrue(expected.length > 0 || expression.equals("alarm"), expression);
                assertArrayEquals(expected, filter(store, expression), expression);
            }
        }
    }

    /** Each row decoded and tested on its own, with no cache: what the filter must give. */
    private static int[] rowByRow(TraceStore store, TraceFilter filter) {
        org.bmsw.protocol.Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        List<Integer> rows = new ArrayList<>();
        org.bmsw.core.store.StoreCursor cursor = store.cursor();
        for (int row = 0; cursor.next(); row++) {
            TraceRecord record = cursor.toRecord();
            List<DecodedMessage> messages = new ArrayList<>();
            decoder.decode(record, messages::add);
            DecodedMessage[] decoded = messages.toArray(new DecodedMessage[0]);
            FilterRow view = new FilterRow() {
                @Override
                public int identifier() {
                    return record.identifier();
                }

                @Override
                public String channel() {
                    return record.channel();
                }

                @Override
                public int length() {
                    return record.payload().length;
                }

                @Override
                public DecodedMessage[] messages() {
                    return decoded;
                }
            };
            if (filter.test(view)) {
                rows.add(row);
            }
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void decodeGivesEachRowItsMessagesAndFindMovesBothWays() throws IOException {
        List<Integer> ids = identifiersInText();
        int row356 = ids.indexOf(0x356);
        try (TraceStore store = ecoWorthy()) {
            DecodedMessage[][] window = TraceRows.decode(store, DecoderRegistry.getDefault().create("pylon-can"), row356, 3);
            assertEquals(3, window.length);
            assertEquals("Measurements", window[0][0].message());
            assertEquals(52.41, window[0][0].signal("voltage_V").value(), 1e-9);
            assertEquals(11.3, window[0][0].signal("temperature_C").value(), 1e-9);
            TraceFilter limits = TraceFilter.parse("message == Limits || id == 0x356");
            assertEquals(row356, TraceRows.find(store, () -> DecoderRegistry.getDefault().create("pylon-can"), limits, 0, true, null));
            assertEquals(-1, TraceRows.find(store, () -> DecoderRegistry.getDefault().create("pylon-can"), limits, row356, true, null));
            assertEquals(0, TraceRows.find(store, () -> DecoderRegistry.getDefault().create("pylon-can"), limits, row356, false, null));
            assertEquals(-1, TraceRows.find(store, () -> DecoderRegistry.getDefault().create("pylon-can"), limits, 0, false, null));
            assertThrows(CancellationException.class, () -> TraceRows.filter(store,
                    () -> DecoderRegistry.getDefault().create("pylon-can"), limits, Long.MAX_VALUE, (done, total) -> false));
        }
    }

    @Test
    void syntaxErrorsNameTheColumn() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("id =="));
        assertEquals(6, e.column());
        assertTrue(e.getMessage().startsWith("column 6: expected a value after '=='"), e.getMessage());
        e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("(id == 1"));
        assertEquals("column 9: expected ')' to close the '(' at column 1, found 'end of the filter'", e.getMessage());
        e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("id == x351"));
        assertEquals("column 7: id takes a number (e.g. 0x351 or 849), not 'x351'", e.getMessage());
        e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("id == 1 id == 2"));
        assertEquals(9, e.column());
        e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("soc_pct < high"));
        assertEquals(9, e.column());
        e = assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("id == 0xZZ"));
        assertEquals(7, e.column());
        assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse(""));
        assertThrows(FilterSyntaxException.class, () -> TraceFilter.parse("message == \"Limits"));
    }
}
