package org.bmsw.protocol.can;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.junit.jupiter.api.Test;

/**
 * A battery repeats most frames unchanged, and the decoder does not decode a message again while its bytes repeat:
 * what comes out must be exactly what a decoder that never saw the frame before gives, whatever came in between
 * (a remote frame of the same identifier, a shorter frame, a frame that does not fit its layout).
 */
class RepeatedFramesTest {

    private static final String[] FRAMES = {
            "351 2E 02 9C FF 04 0B B0 01", // a negative charge current limit: flagged, its magnitude used
            "351 2E 02 9C FF 04 0B B0 01",
            "351 R",
            "351 2E 02 9C FF 04 0B B0 01",
            "355 3E 00 64 00",
            "355 3E 00 64 00 00 00 00 00",
            "355 3E 00 64 00",
            "355 3E 00 64 00",
            "356 EC 13 9C FF FA 00",
            "356 EC 13 9C FF FA 00",
            "359 00 00 00 00 01 50 4E",
            "359 84 00 08 00 01 50 4E", // alarms raised
            "359 84 00 08 00 01 50 4E",
            "359 00 00 00 00 01 50 4E", // and cleared
            "359 00 00 00 00 01 50 4E",
            "35A 45 01 00 00 59 00 00 00", // alarm pairs: 01 raised, 10 cleared
            "35A 45 01 00 00 59 00 00 00",
            "359 84 00 08 00 01 50 4E",
            "35A 45 01 00 00 59 00 00 00",
            "35A 8A 02 00 00 A6 00 00 00",
            "35A 8A 02 00 00 A6 00 00 00",
            "370 44 69 73 63 6F 76 65 72", // does not fit: cell extremes of 2694.8 degC
            "370 44 69 73 63 6F 76 65 72",
            "370 0C 0D 0C 0D 1A 01 19 01",
            "370 0C 0D 0C 0D 1A 01 19 01",
            "35E 50 59 4C 4F 4E 20 20 20",
            "35E 50 59 4C 4F 4E 20 20 20",
            "35E 20 20 20 20 20 20 20 20", // blanks name nobody
            "35E 50 59 4C 4F 4E 20 20 20",
            "35C C0 00",
            "35C C0 00",
            "35C 00 00", };

    private static List<TraceRecord> records() {
        List<TraceRecord> records = new ArrayList<>();
        for (String frame : FRAMES) {
            int space = frame.indexOf(' ');
            int id = Integer.parseInt(frame.substring(0, space), 16);
            String data = frame.substring(space + 1);
            long time = records.size() * 100_000_000L;
            records.add(data.equals("R") ? new TraceRecord(time, "can0", BusKind.CAN, id, FrameFlags.RTR, new byte[8])
                    : TraceRecord.can(time, "can0", id, TraceLines.bytes(data)));
        }
        return records;
    }

    @Test
    void aRepeatedFrameDecodesAsAFreshDecoderDecodesIt() {
        CanDecoder running = (CanDecoder) DecoderRegistry.standalone().create("pylon-can");
        long mismatches = 0;
        for (TraceRecord record : records()) {
            List<DecodedMessage> seen = new ArrayList<>();
            running.decode(record, seen::add);
            List<DecodedMessage> fresh = new ArrayList<>();
            CanDecoder first = (CanDecoder) DecoderRegistry.standalone().create("pylon-can");
            first.decode(record, fresh::add);
            assertEquals(fresh, seen, record.toString());
            mismatches += first.layoutMismatches();
        }
        assertEquals(mismatches, running.layoutMismatches());
        assertTrue(mismatches >= 2, "0x370's two frames do not fit: " + mismatches);
    }

    @Test
    void foldingEndsAsDecodingAfterEveryFrame() {
        CanDecoder decoding = (CanDecoder) DecoderRegistry.standalone().create("pylon-can");
        CanDecoder folding = (CanDecoder) DecoderRegistry.standalone().create("pylon-can");
        int messages = 0;
        int folded = 0;
        for (TraceRecord record : records()) {
            List<DecodedMessage> out = new ArrayList<>();
            decoding.decode(record, out::add);
            messages += out.size();
            folded += folding.fold(record);
            assertEquals(decoding.state(), folding.state(), record.toString());
        }
        assertEquals(messages, folded);
        assertEquals(decoding.layoutMismatches(), folding.layoutMismatches());
        assertTrue(folding.state().manufacturer().orElseThrow().equals("PYLON"));
        // 0x359's raised alarms stay (no later 0x359 clears them); 0x35A's pairs cleared theirs
        assertEquals("[low_voltage/protection, discharge_over_current/protection, high_voltage/warning]",
                folding.state().alarms().stream().map(alarm -> alarm.name().canonicalName() + "/"
                        + alarm.level().canonicalName()).toList().toString());
    }
}
