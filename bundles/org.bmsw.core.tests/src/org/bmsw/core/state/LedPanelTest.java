package org.bmsw.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsw.core.state.LedPanel.Colour;
import org.bmsw.core.state.LedPanel.Panel;
import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;

/**
 * The LED rules of battery-state.md "LED panel", on states built from the Pylon CAN vectors' raw bytes by the
 * alarm table (0x359 byte 0-1 protection bits, bytes 2-3 warning bits) and 0x355 bytes 0-1 (SOC), independently of
 * any decoder.
 */
class LedPanelTest {

    /** Pylon 0x359 bits by battery-state.md's table: {byte, bit, name}. */
    private static final Object[][] PYLON_359 = { { 1, AlarmName.HIGH_VOLTAGE }, { 2, AlarmName.LOW_VOLTAGE },
            { 3, AlarmName.HIGH_TEMPERATURE }, { 4, AlarmName.LOW_TEMPERATURE },
            { 7, AlarmName.DISCHARGE_OVER_CURRENT }, { 8, AlarmName.CHARGE_OVER_CURRENT },
            { 11, AlarmName.BMS_INTERNAL } };

    private static int[] bytes(String raw) {
        String[] parts = raw.trim().split("\\s+");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Integer.parseInt(parts[i], 16);
        }
        return out;
    }

    /** The alarms of a 0x359 frame by the table: bit n of bytes 0-1 (protection), of bytes 2-3 (warning). */
    private static BatteryState.Builder alarms359(BatteryState.Builder builder, int[] b) {
        int protection = b[0] | b[1] << 8;
        int warning = b[2] | b[3] << 8;
        for (Object[] entry : PYLON_359) {
            int bit = (Integer) entry[0];
            AlarmName name = (AlarmName) entry[1];
            if ((protection >> bit & 1) != 0) {
                builder.raise(name, AlarmLevel.PROTECTION);
            }
            if ((warning >> bit & 1) != 0 && name != AlarmName.BMS_INTERNAL) {
                builder.raise(name, AlarmLevel.WARNING);
            }
        }
        if ((warning >> 11 & 1) != 0) {
            builder.raise(AlarmName.INTERNAL_COMMUNICATION, AlarmLevel.WARNING);
        }
        return builder;
    }

    private static Vector vector(String canId, String raw) {
        List<Vector> all = TestData.vectors("pylontech_can.json");
        return all.stream().filter(v -> v.field("can_id").equals(canId) && v.raw().equals(raw)).findFirst()
                .orElseThrow(() -> new AssertionError("no vector " + canId + " " + raw));
    }

    @Test
    void normalBatteryLightsRunAndShowsSocFromThe355Bytes() {
        int[] soc = bytes(vector("0x355", "58 00 5E 00").raw()); // US5000 V1.2: 0x0058 = 88 %
        int[] alarms = bytes(vector("0x359", "00 00 00 00 06 50 4E").raw());
        BatteryState state = alarms359(BatteryState.builder(), alarms).set(Quantity.SOC, soc[0] | soc[1] << 8)
                .build();

        Panel panel = LedPanel.of(state, true, LedPanel.Rules.DEFAULT);

        assertEquals(Colour.GREEN, panel.run().colour());
        assertFalse(panel.alm().isLit());
        assertEquals("88 %", panel.soc().text());
        assertEquals(4, panel.soc().socSegments()); // 88 % is within the fourth quarter
    }

    @Test
    void protectionFromThe359BitsLightsAlmAndPutsRunOut() {
        int[] b = bytes(vector("0x359", "82 00 00 00 01 50 4E").raw()); // bits 1 and 7 of byte 0
        BatteryState state = alarms359(BatteryState.builder(), b).set(Quantity.SOC, 26).build();

        Panel panel = LedPanel.of(state, true, LedPanel.Rules.DEFAULT);

        assertEquals(Colour.RED, panel.alm().colour());
        assertEquals("protection", panel.alm().text());
        assertTrue(panel.alm().reason().contains("high_voltage/protection"), panel.alm().reason());
        assertTrue(panel.alm().reason().contains("discharge_over_current/protection"), panel.alm().reason());
        assertFalse(panel.run().isLit(), "RUN is out while a protection is active");
        assertEquals(2, panel.soc().socSegments()); // 26 % starts the second quarter
    }

    @Test
    void warningOnlyLightsAlmAndKeepsRunLit() {
        int[] b = bytes(vector("0x359", "00 08 00 09 01 50 4E").raw()); // byte 1 bit 3 protection, byte 3 bits 0, 3
        BatteryState warningOnly = BatteryState.builder().raise(AlarmName.CHARGE_OVER_CURRENT, AlarmLevel.WARNING)
                .build();
        BatteryState both = alarms359(BatteryState.builder(), b).build();

        Panel warning = LedPanel.of(warningOnly, true, LedPanel.Rules.DEFAULT);
        Panel mixed = LedPanel.of(both, true, LedPanel.Rules.DEFAULT);

        assertTrue(warning.run().isLit());
        assertEquals("warning", warning.alm().text());
        assertTrue(both.alarms().contains(new Alarm(AlarmName.BMS_INTERNAL, AlarmLevel.PROTECTION)));
        assertTrue(both.alarms().contains(new Alarm(AlarmName.CHARGE_OVER_CURRENT, AlarmLevel.WARNING)));
        assertTrue(both.alarms().contains(new Alarm(AlarmName.INTERNAL_COMMUNICATION, AlarmLevel.WARNING)));
        assertEquals("protection", mixed.alm().text());
        assertFalse(mixed.run().isLit());
    }

    @Test
    void runGoesOutWhenFramesStopArriving() {
        BatteryState state = BatteryState.builder().set(Quantity.SOC, 90).build();
        long last = 10_000_000_000L;

        assertTrue(LedPanel.receiving(last, last + 3_000_000_000L));
        assertFalse(LedPanel.receiving(last, last + 3_000_000_001L));
        assertFalse(LedPanel.receiving(Long.MIN_VALUE, last));
        Panel stale = LedPanel.of(state, false, LedPanel.Rules.DEFAULT);
        assertFalse(stale.run().isLit());
        assertEquals("90 %", stale.soc().text(), "SOC keeps the last value the battery sent");
    }

    @Test
    void nothingReceivedLeavesEveryLedDark() {
        Panel panel = LedPanel.of(BatteryState.EMPTY, false, LedPanel.Rules.DEFAULT);
        assertFalse(panel.run().isLit());
        assertFalse(panel.alm().isLit());
        assertFalse(panel.soc().isLit());
        assertEquals("\u2014", panel.soc().text());
    }

    @Test
    void profileBlinkPeriodMakesAlmBlink() {
        BatteryState state = BatteryState.builder().raise(AlarmName.LOW_VOLTAGE, AlarmLevel.PROTECTION).build();
        LedPanel.Led alm = LedPanel.of(state, true, new LedPanel.Rules(0, 1000, 4)).alm();
        assertEquals(1000, alm.blinkPeriodMs());
        assertTrue(alm.isLitAt(200));
        assertFalse(alm.isLitAt(700));
        assertTrue(alm.isLitAt(1200));
    }

    @Test
    void socSegmentsCountEveryStartedShare() {
        assertEquals(0, LedPanel.socSegments(0, 4));
        assertEquals(1, LedPanel.socSegments(1, 4));
        assertEquals(1, LedPanel.socSegments(25, 4));
        assertEquals(2, LedPanel.socSegments(25.5, 4));
        assertEquals(4, LedPanel.socSegments(100, 4));
        assertEquals(4, LedPanel.socSegments(130, 4));
        assertEquals(5, LedPanel.socSegments(90, 5));
    }
}
