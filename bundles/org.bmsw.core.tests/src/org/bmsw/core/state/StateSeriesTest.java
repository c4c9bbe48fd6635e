package org.bmsw.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StateSeriesTest {

    private static BatteryState voltage(double v) {
        return BatteryState.builder().set(Quantity.VOLTAGE, v).build();
    }

    @Test
    void bucketsKeepMinimumMaximumAndLastSoASpikeSurvivesDecimation() {
        StateSeries series = StateSeries.covering(0, 999_999_999L, 10); // 100 ms buckets
        for (int i = 0; i < 1000; i++) { // one value per ms, a spike at 555 ms
            series.add(i * 1_000_000L, voltage(i == 555 ? 60.0 : 50.0 + i / 1000.0));
        }
        StateSeries.Points points = series.points(Quantity.VOLTAGE, 0, 1_000_000_000L);

        assertEquals(10, points.size());
        assertEquals(500_000_000L, points.timesNs()[5]);
        assertEquals(60.0, points.max()[5]);
        assertEquals(50.5, points.min()[5], 1e-9);
        assertEquals(50.599, points.last()[5], 1e-9);
        assertEquals(1000, series.samples());
        assertTrue(series.points(Quantity.SOC, 0, 1_000_000_000L).isEmpty(), "SOC was never sent");
    }

    @Test
    void windowKeepsOnlyTheNewestBucketsSoMemoryIsBounded() {
        StateSeries series = StateSeries.window(0, 1_000_000_000L, 60); // one minute of 1 s buckets
        for (int s = 0; s < 3600; s++) {
            series.add(s * 1_000_000_000L, voltage(s));
        }
        StateSeries.Points points = series.points(Quantity.VOLTAGE, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);

        assertEquals(60, points.size());
        assertEquals(3540, points.min()[0]);
        assertEquals(3599, points.max()[59]);
        assertEquals(3540_000_000_000L, series.firstNs());
        assertEquals(3600_000_000_000L, series.lastNs());
        series.add(0, voltage(1)); // far older than the window: ignored, not wrapped into a live slot
        assertEquals(3540, series.points(Quantity.VOLTAGE, 0, Long.MAX_VALUE / 2).min()[0]);
    }

    @Test
    void rangeSelectsOverlappingBuckets() {
        StateSeries series = StateSeries.window(1_000, 10, 100);
        series.add(1_005, voltage(1));
        series.add(1_025, voltage(3));
        series.add(1_045, voltage(5));
        assertArrayEquals(new long[] { 1_020, 1_040 }, series.points(Quantity.VOLTAGE, 1_021, 1_049).timesNs());
    }
}
