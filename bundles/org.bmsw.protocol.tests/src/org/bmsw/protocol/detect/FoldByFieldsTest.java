package org.bmsw.protocol.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.TraceLines;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A state pass folds the reader's frames by their fields, from a buffer the reader reuses, instead of one record per
 * frame: it must end with the same state, message count, variants and detection as folding records.
 */
class FoldByFieldsTest {

    private static final String[] CAN_TRACES = { "ecoworthy_cubix100_pylon_can_candump.txt",
            "victron_gx_canbms_candump_syssi_issue3.txt", "discover_lynx2_serialcan_candump_issue107.txt",
            "rec_q_bms_sma_profile_candump_250k.txt",
            "setfirelabs_pylontech_US5000_v1.2_vs_v1.3.txt", "pylontech_stack_candump_python_docstring.txt",
            "byd_revov_victron_dump_powerforum_comment.txt" };

    static Stream<Object[]> traces() {
        List<Object[]> cases = new ArrayList<>();
        for (String name : CAN_TRACES) {
            cases.add(new Object[] { name, TraceLines.canRecords(TestData.text("traces/" + name)) });
        }
        cases.add(new Object[] { "a Pylon battery naming itself in 0x370 (a new choice replays recent frames)",
                nameIn370() });
        cases.add(new Object[] { "a busy 4-pack bus with random 29-bit traffic, remote and error frames", busyBus() });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void foldingFieldsEndsAsFoldingRecords(String name, List<TraceRecord> records) {
        Decoder byRecords = DecoderRegistry.standalone().create("auto");
        Decoder byFields = DecoderRegistry.standalone().create("auto");
        long recordMessages = 0;
        long fieldMessages = 0;
        byte[] buffer = new byte[80];
        Random scramble = new Random(7);
        for (TraceRecord record : records) {
            recordMessages += byRecords.fold(record);
            // the payload in the middle of a reader's buffer, overwritten after the call
            byte[] payload = record.payload();
            System.arraycopy(payload, 0, buffer, 5, payload.length);
            fieldMessages += byFields.fold(record.timestampNs(), record.channel(), record.bus(), record.identifier(),
                    record.flags(), buffer, 5, payload.length);
            scramble.nextBytes(buffer);
        }
        int[] finished = { 0, 0 };
        byRecords.finish(message -> finished[0]++);
        byFields.finish(message -> finished[1]++);
        assertEquals(recordMessages + finished[0], fieldMessages + finished[1], name);
        assertTrue(recordMessages + finished[0] > 0, name);
        assertEquals(byRecords.state(), byFields.state(), name);
        assertEquals(byRecords.protocolId(), byFields.protocolId(), name);
        assertEquals(byRecords.variants(), byFields.variants(), name);
        Detection expected = ((AutoDecoder) byRecords).detection();
        Detection actual = ((AutoDecoder) byFields).detection();
        assertEquals(expected.decoderSpec(), actual.decoderSpec(), name);
        assertEquals(expected.evidence(), actual.evidence(), name);
        assertEquals(expected.missing(), actual.missing(), name);
        assertEquals(expected.unknownIds(), actual.unknownIds(), name);
        assertEquals(expected.notUnderstood(), actual.notUnderstood(), name);
        assertEquals(expected.periods().toString(), actual.periods().toString(), name);
    }

    private static List<TraceRecord> nameIn370() {
        List<TraceRecord> records = new ArrayList<>();
        String cycle = """
                  can0  351   [8]  2E 02 04 0B 04 0B B0 01
                  can0  355   [4]  3E 00 64 00
                  can0  356   [6]  EC 13 00 00 FA 00
                  can0  359   [7]  00 00 00 00 01 50 4E
                  can0  35C   [2]  C0 00
                  can0  35E   [8]  50 59 4C 4F 4E 20 20 20
                """;
        for (int i = 0; i < 40; i++) {
            for (TraceRecord r : TraceLines.canRecords(cycle)) {
                records.add(at(r, records.size()));
            }
        }
        for (TraceRecord r : TraceLines.canRecords("  can0  370   [8]  44 69 73 63 6F 76 65 72\n"
                + "  can0  371   [8]  20 41 45 53 00 00 00 00\n" + cycle)) {
            records.add(at(r, records.size()));
        }
        return records;
    }

    /** As gen_candump.py writes: Pylon cycles on can0..can3, 0x305, unrelated and random 29-bit frames. */
    private static List<TraceRecord> busyBus() {
        List<TraceRecord> cycle = TraceLines.canRecords(TestData.text("traces/ecoworthy_cubix100_pylon_can_candump.txt"));
        Random random = new Random(13);
        List<TraceRecord> records = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            t += 1_000_000;
            TraceRecord base = cycle.get(i % cycle.size());
            byte[] payload = base.payload();
            if (payload.length > 2 && random.nextInt(3) == 0) {
                payload[payload.length - 1] ^= (byte) random.nextInt(4); // values that move
            }
            String channel = "can" + random.nextInt(4);
            records.add(new TraceRecord(t, channel, base.bus(), base.identifier(), base.flags(), payload));
            switch (random.nextInt(9)) {
            case 0 -> records.add(TraceRecord.can(t, channel, 0x100000 + random.nextInt(0x1000), new byte[] { 1, 2 }));
            case 1 -> records.add(TraceRecord.can(t, channel, 0x123, (byte) random.nextInt(256)));
            case 2 -> records.add(new TraceRecord(t, channel, base.bus(), 0x351, FrameFlags.RTR, new byte[8]));
            case 3 -> records.add(new TraceRecord(t, channel, base.bus(), 0x4, FrameFlags.ERROR, new byte[8]));
            default -> {
            }
            }
        }
        return records;
    }

    private static TraceRecord at(TraceRecord record, int index) {
        return new TraceRecord(index * 250_000_000L, record.channel(), record.bus(), record.identifier(),
                record.flags(), Arrays.copyOf(record.payload(), record.length()));
    }
}
