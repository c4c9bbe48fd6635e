package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * The alarm episode tracker fed by the real decoders. No capture in org.bmsw.testdata has an alarm raised (every
 * 0x359 reads 00 00 00 00 and every 0x35A pair reads 10, 00 or 11), so the episodes come from the real Eco-Worthy
 * Pylon CAN cycle replayed once a second with its 0x359 swapped, in some cycles, for the derived vectors
 * pylontech_can-29 and -30; the expected alarms are read off battery-state.md's bit table by hand.
 */
class AlarmEpisodeTrackerTest {

    private static final long S = 1_000_000_000L;

    /** The 16 frames of the Eco-Worthy capture, as (identifier, payload). */
    private static List<Object[]> ecoWorthyCycle() {
        String text = TestData.text("traces/ecoworthy_cubix100_pylon_can_candump.txt");
        Matcher m = Pattern.compile("(?m)^can0\\s+([0-9A-F]{3})\\s+\\[(\\d)\\]\\s+((?:[0-9A-F]{2} ?)+)$").matcher(text);
        List<Object[]> frames = new ArrayList<>();
        while (m.find()) {
            frames.add(new Object[] { Integer.parseInt(m.group(1), 16),
                    HexFormat.ofDelimiter(" ").parseHex(m.group(3).trim()) });
        }
        assertEquals(16, frames.size(), "frames in the Eco-Worthy capture");
        return frames;
    }

    private static byte[] vector(String id) {
        return HexFormat.ofDelimiter(" ").parseHex(TestData.vectors("pylontech_can.json").stream()
                .filter(v -> v.id().equals(id)).findFirst().orElseThrow().raw());
    }

    /** Feeds {@code cycles} one-second cycles; cycle i uses {@code alarm359[i]} for 0x359 when not null. */
    private static AlarmEpisodeTracker feed(byte[][] alarm359, AlarmEpisodeTracker tracker) {
        List<Object[]> cycle = ecoWorthyCycle();
        Decoder decoder = DecoderRegistry.getDefault().create("pylon-can");
        long row = 0;
        for (int i = 0; i < alarm359.length; i++) {
            for (int f = 0; f < cycle.size(); f++) {
                int id = (int) cycle.get(f)[0];
                byte[] payload = id == 0x359 && alarm359[i] != null ? alarm359[i] : (byte[]) cycle.get(f)[1];
                long t = i * S + f * 1_000_000L;
                row++;
                long r = row;
                decoder.decode(TraceRecord.can(t, "can0", id, payload), message -> tracker.update(t,
                        decoder.state(), r));
            }
        }
        return tracker;
    }

    @Test
    void theRealCaptureAloneHasNoEpisode() {
        AlarmEpisodeTracker tracker = feed(new byte[5][], new AlarmEpisodeTracker());
        assertTrue(tracker.episodes().isEmpty(), tracker.episodes().toString());
        assertEquals(0, tracker.changeCount());
    }

    @Test
    void protectionsOfVector29OpenAndCloseWithTheFramesThatCarryThem() {
        byte[] v29 = vector("pylontech_can-29"); // 82 00 00 00: byte 0 bit 1 and bit 7
        byte[] v30 = vector("pylontech_can-30"); // 00 08 00 09: byte 1 bit 3, byte 3 bits 0 and 3
        // cycles 0-1 clean, 2-4 vector 29, 5 clean, 6-7 vector 30 until the end
        AlarmEpisodeTracker tracker = feed(new byte[][] { null, null, v29, v29, v29, null, v30, v30 },
                new AlarmEpisodeTracker());
        List<AlarmEpisode> episodes = tracker.episodes();
        assertEquals(5, episodes.size(), episodes.toString());
        // 0x359 is the 4th frame of a cycle: row = cycle * 16 + 4, time = cycle s + 3 ms
        long row359Cycle2 = 2 * 16 + 4;
        long row359Cycle5 = 5 * 16 + 4;
        long row359Cycle6 = 6 * 16 + 4;
        AlarmEpisode highVoltage = find(episodes, AlarmName.HIGH_VOLTAGE, AlarmLevel.PROTECTION);
        assertEquals(2 * S + 3_000_000L, highVoltage.startNs());
        assertEquals(5 * S + 3_000_000L, highVoltage.endNs());
        assertEquals(3 * S, highVoltage.durationNs(0));
        assertEquals(row359Cycle2, highVoltage.startRow());
        assertEquals(row359Cycle5, highVoltage.endRow());
        AlarmEpisode overCurrent = find(episodes, AlarmName.DISCHARGE_OVER_CURRENT, AlarmLevel.PROTECTION);
        assertEquals(highVoltage.startNs(), overCurrent.startNs());
        assertEquals(highVoltage.endNs(), overCurrent.endNs());

        for (Alarm alarm : List.of(new Alarm(AlarmName.BMS_INTERNAL, AlarmLevel.PROTECTION),
                new Alarm(AlarmName.CHARGE_OVER_CURRENT, AlarmLevel.WARNING),
                new Alarm(AlarmName.INTERNAL_COMMUNICATION, AlarmLevel.WARNING))) {
            AlarmEpisode open = find(episodes, alarm.name(), alarm.level());
            assertTrue(open.isOpen(), open.toString());
            assertEquals(6 * S + 3_000_000L, open.startNs());
            assertEquals(row359Cycle6, open.startRow());
            assertEquals(AlarmEpisode.NO_ROW, open.endRow());
            // the trace's last frame is cycle 7's 16th, at 7 s + 15 ms
            assertEquals(7 * S + 15_000_000L - open.startNs(), open.durationNs(tracker.lastTimestampNs()));
        }
        assertEquals(3, tracker.openEpisodes().size());
        // 2 starts + 2 ends + 3 starts
        assertEquals(7, tracker.changeCount());
    }

    @Test
    void listenersHearEveryStartAndEnd() {
        byte[] v29 = vector("pylontech_can-29");
        List<AlarmEpisode> heard = new ArrayList<>();
        AlarmEpisodeTracker tracker = new AlarmEpisodeTracker();
        tracker.addListener(heard::add);
        feed(new byte[][] { null, v29, null, v29 }, tracker);
        // two alarms, each: open, close, open again
        assertEquals(6, heard.size(), heard.toString());
        assertEquals(4, heard.stream().filter(AlarmEpisode::isOpen).count());
        assertEquals(4, tracker.episodes().size());
        assertEquals(2, tracker.episodes().stream().filter(e -> !e.isOpen()).count());
    }

    @Test
    void oldClosedEpisodesAreDroppedBeyondTheBound() {
        byte[] v29 = vector("pylontech_can-29");
        AlarmEpisodeTracker tracker = new AlarmEpisodeTracker(3);
        // 4 episodes per alarm closed (on/off x4), 2 alarms: 8 closed, 3 kept
        feed(new byte[][] { v29, null, v29, null, v29, null, v29, null }, tracker);
        assertEquals(3, tracker.episodes().size());
        assertEquals(5, tracker.droppedEpisodes());
        assertFalse(tracker.episodes().stream().anyMatch(AlarmEpisode::isOpen));
        // the newest are kept
        assertEquals(6 * S + 3_000_000L, tracker.episodes().get(2).startNs());
        tracker.reset();
        assertTrue(tracker.episodes().isEmpty());
    }

    @Test
    void aStateWithoutAlarmsAndNothingOpenChangesNothing() {
        AlarmEpisodeTracker tracker = new AlarmEpisodeTracker();
        tracker.update(5, BatteryState.EMPTY);
        assertEquals(0, tracker.changeCount());
        assertEquals(5, tracker.lastTimestampNs());
        tracker.update(7, BatteryState.builder().raise(AlarmName.CELL_IMBALANCE, AlarmLevel.WARNING).build());
        AlarmEpisode episode = tracker.episodes().get(0);
        assertEquals(AlarmEpisode.NO_ROW, episode.startRow());
        assertEquals(10 - 7, episode.durationNs(10));
    }

    private static AlarmEpisode find(List<AlarmEpisode> episodes, AlarmName name, AlarmLevel level) {
        return episodes.stream().filter(e -> e.name() == name && e.level() == level).findFirst()
                .orElseThrow(() -> new AssertionError("no episode " + name + "/" + level + " in " + episodes));
    }
}
