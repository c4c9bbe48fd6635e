package org.bmsw.protocol.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;

/**
 * A bus with random 29-bit traffic (as gen_candump.py writes: about one frame in seven has a fresh random 29-bit
 * identifier) must not make the detector keep one counter per identifier for ever.
 */
class DetectorMemoryTest {

    private static byte[] b(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void randomExtendedIdentifiersAreCountedTogetherBeyondTheBound() {
        ProtocolDetector detector = new ProtocolDetector();
        long t = 0;
        for (int i = 0; i < 5000; i++, t += 1_000_000_000L) {
            // the Eco-Worthy capture's Pylon cycle (org.bmsw.testdata), then one fresh 29-bit identifier
            detector.accept(TraceRecord.can(t, "can0", 0x351, b(0x48, 0x02, 0xD0, 0x07, 0xD0, 0x07, 0xC0, 0x01)));
            detector.accept(TraceRecord.can(t, "can0", 0x355, b(0x1E, 0x00, 0x64, 0x00)));
            detector.accept(TraceRecord.can(t, "can0", 0x356, b(0x79, 0x14, 0x00, 0x00, 0x71, 0x00)));
            detector.accept(TraceRecord.can(t, "can0", 0x359, b(0x00, 0x00, 0x00, 0x00, 0x02, 0x50, 0x4E)));
            detector.accept(TraceRecord.can(t, "can0", 0x35C, b(0xC0, 0x00)));
            detector.accept(TraceRecord.can(t, "can0", 0x35E, b(0x50, 0x59, 0x4C, 0x4F, 0x4E, 0x20, 0x20, 0x20)));
            detector.accept(TraceRecord.can(t, "can0", 0x100000 + i * 7, b(1, 2, 3)));
        }
        Detection detection = detector.result();
        assertEquals("pylon-can", detection.protocolId());
        assertEquals(List.of(), detection.missing());
        List<String> unknown = detection.unknownIds();
        assertEquals(ProtocolDetector.MAX_EXTENDED_IDS + 1, unknown.size());
        assertEquals("and " + (5000 - ProtocolDetector.MAX_EXTENDED_IDS) + " frames of further 29-bit identifiers "
                + "(not listed one by one)", unknown.get(unknown.size() - 1));
        assertTrue(detection.periods().stream().anyMatch(p -> p.id().equals("0x351") && p.count() == 5000));
    }
}
