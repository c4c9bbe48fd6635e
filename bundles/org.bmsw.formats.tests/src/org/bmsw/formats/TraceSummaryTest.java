package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TraceSummary}: bounded identifier tracking and the short text listing of {@code bmsw info}. */
class TraceSummaryTest {

    private static final byte[] PAYLOAD = new byte[8];

    private static void frame(TraceSummary summary, long timestampMs, int channel, int identifier, int flags) {
        summary.frame(timestampMs * 1_000_000L, channel, identifier, flags, PAYLOAD, 0, 8);
    }

    private static List<String> rowsAsText(List<TraceSummary.IdentifierStats> rows) {
        return rows.stream().map(s -> s.channel() + " " + s.identifierText() + " " + s.count()).toList();
    }

    @Test
    void identifiersBeyondTheCapAreCountedNotTracked() {
        TraceSummary summary = new TraceSummary(3);
        summary.channel(0, "can0", BusKind.CAN);
        frame(summary, 0, 0, 0x351, 0);
        frame(summary, 1, 0, 0x355, 0);
        frame(summary, 2, 0, 0x18FF50E5, FrameFlags.EXTENDED);
        for (int i = 0; i < 10; i++) {
            frame(summary, 10 + i, 0, 0x1000_0000 + i, FrameFlags.EXTENDED); // one-off 29-bit identifiers
        }
        frame(summary, 1000, 0, 0x351, 0); // already tracked: still counted in its row

        assertEquals(14, summary.frames());
        assertEquals(10, summary.untrackedFrames());
        assertEquals(3, summary.maxIdentifiers());
        assertEquals(List.of("can0 351 2", "can0 355 1", "can0 18FF50E5 1"), rowsAsText(summary.identifiers()));
        assertEquals(1000.0, summary.identifiers().get(0).meanPeriodMs());
        assertEquals(List.of(new TraceSummary.ChannelStats("can0", BusKind.CAN, 14)), summary.channels());
    }

    @Test
    void aBusOfRandomExtendedIdentifiersKeepsTheDefaultNumberOfRows() {
        TraceSummary summary = new TraceSummary();
        summary.channel(0, "can0", BusKind.CAN);
        for (int i = 0; i < 100_000; i++) {
            frame(summary, i, 0, (i * 7919) & 0x1FFF_FFFF, FrameFlags.EXTENDED);
        }
        assertEquals(TraceSummary.DEFAULT_MAX_IDENTIFIERS, summary.identifiers().size());
        assertEquals(100_000 - TraceSummary.DEFAULT_MAX_IDENTIFIERS, summary.untrackedFrames());
        assertEquals(100_000, summary.frames());
    }

    @Test
    void listingShowsTheBusiestIdentifiersInTheUsualOrderAndSaysWhatIsLeftOut() {
        TraceSummary summary = new TraceSummary(6);
        summary.channel(0, "can0", BusKind.CAN);
        summary.channel(1, "can1", BusKind.CAN);
        for (int second = 0; second < 5; second++) {
            frame(summary, second * 1000L, 1, 0x356, 0);
            frame(summary, second * 1000L + 1, 0, 0x355, 0);
            frame(summary, second * 1000L + 2, 0, 0x351, 0);
        }
        frame(summary, 9000, 0, 0x123, 0);                          // one frame each: left out of 3 rows
        frame(summary, 9001, 0, 0x1ABCDEF0, FrameFlags.EXTENDED);
        frame(summary, 9002, 1, 0x100, 0);
        frame(summary, 9003, 1, 0x101, 0);                          // a 7th pair: not tracked
        frame(summary, 9004, 1, 0x102, 0);

        TraceSummary.IdentifierListing listing = summary.identifierListing(3);

        assertEquals(List.of("can0 351 5", "can0 355 5", "can1 356 5"), rowsAsText(listing.rows()));
        assertEquals(3, listing.moreIdentifiers());
        assertEquals(3, listing.moreFrames());
        assertEquals(2, listing.untrackedFrames());
        assertEquals(List.of(
                "... 3 more identifiers with 3 frames not listed (fewer frames than the rows above)",
                "... 2 frames of other identifiers, not tracked beyond the first 6 channel/identifier pairs"),
                listing.remainderLines());
    }

    @Test
    void onATieTheIdentifierFirstInOrderIsListed() {
        TraceSummary summary = new TraceSummary();
        summary.channel(0, "can0", BusKind.CAN);
        frame(summary, 0, 0, 0x7E8, 0);
        frame(summary, 1, 0, 0x200, 0);
        frame(summary, 2, 0, 0x100, 0);

        TraceSummary.IdentifierListing listing = summary.identifierListing(2);

        assertEquals(List.of("can0 100 1", "can0 200 1"), rowsAsText(listing.rows()));
        assertEquals(List.of("... 1 more identifier with 1 frame not listed (fewer frames than the rows above)"),
                listing.remainderLines());
    }

    @Test
    void aShortTraceIsListedWhole(@TempDir Path dir) throws Exception {
        TraceSummary summary = new TraceSummary();
        Traces.read(TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir), summary,
                ReadOptions.LENIENT);

        TraceSummary.IdentifierListing listing = summary.identifierListing(TraceSummary.TEXT_ROWS);

        assertEquals(summary.identifiers(), listing.rows());
        assertEquals(0, listing.moreIdentifiers());
        assertTrue(listing.remainderLines().isEmpty());
        assertEquals(16, summary.frames());
        assertEquals(0, summary.untrackedFrames());
    }

    @Test
    void capAndRowCountMustMakeSense() {
        assertThrows(IllegalArgumentException.class, () -> new TraceSummary(0));
        assertThrows(IllegalArgumentException.class, () -> new TraceSummary().identifierListing(-1));
    }
}
