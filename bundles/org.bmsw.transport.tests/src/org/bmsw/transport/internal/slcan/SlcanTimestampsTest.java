package org.bmsw.transport.internal.slcan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SlcanTimestampsTest {

    @Test
    void adapterTimestampsUnwrapAtTheMinuteAndFollowTheWallClockAcrossLongSilences() {
        SlcanTimestamps clock = new SlcanTimestamps();
        long start = 1_700_000_000_000_000_000L;
        long ms = 1_000_000L;
        assertEquals(start, clock.timestampNs(59_990, start));
        // adapter spacing kept within a batch that arrived at once
        assertEquals(start + 5 * ms, clock.timestampNs(59_995, start + 7 * ms));
        // wrap at 60000: 59995 -> 3 is 8 ms later
        assertEquals(start + 13 * ms, clock.timestampNs(3, start + 14 * ms));
        // 2 minutes and 10 ms of silence: two extra wraps taken from the wall clock
        long later = start + 13 * ms + 120_010 * ms;
        assertEquals(later, clock.timestampNs(13, later + 2 * ms));
        // an adapter clock that jumped (adapter reset) is anchored again on the wall clock
        long afterReset = later + 500 * ms;
        assertEquals(afterReset, clock.timestampNs(40_000, afterReset));
        assertFalse(SlcanTimestamps.MAX_DRIFT_NS < 100 * ms);
        assertTrue(SlcanTimestamps.WRAP_MS == 60_000);
    }
}
