package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frames survive writing and reading bit-exact: between every pair of writable CAN formats (over the frames both
 * can hold), and for random frames (seeded, so a failure repeats) in each format alone.
 */
class RoundTripTest {

    private static final TraceFormat[] CAN_FORMATS = { TraceFormat.CANDUMP_LOG, TraceFormat.VECTOR_ASC,
            TraceFormat.SAVVYCAN_CSV, TraceFormat.STORE };

    @TempDir
    Path dir;

    /** Which frames a format holds exactly (see each writer's documentation). */
    static Predicate<TraceRecord> holds(TraceFormat format) {
        return switch (format) {
        case CANDUMP_LOG, STORE -> record -> record.bus() == BusKind.CAN || format == TraceFormat.STORE;
        case VECTOR_ASC -> record -> record.bus() == BusKind.CAN && !record.isError()
                && record.timestampNs() % 1000 == 0;
        case SAVVYCAN_CSV -> record -> record.bus() == BusKind.CAN && !record.isError() && !record.isFd()
                && !record.isRemote() && record.timestampNs() % 1000 == 0;
        case SERIAL_DUMP -> record -> record.bus() == BusKind.SERIAL;
        default -> record -> false;
        };
    }

    /** Random valid frames on can0..can3, in time order; every kind of CAN frame, 1 in 8 with nanoseconds. */
    static List<TraceRecord> randomFrames(Random random, int count) {
        List<TraceRecord> records = new ArrayList<>();
        long time = 1_700_000_000_000_000_000L + random.nextInt(1_000_000) * 1000L;
        for (int i = 0; i < count; i++) {
            time += random.nextInt(5_000_000) * 1000L;
            long timestampNs = random.nextInt(8) == 0 ? time + 1 + random.nextInt(999) : time;
            String channel = "can" + random.nextInt(4);
            int kind = random.nextInt(10);
            int flags = random.nextBoolean() ? FrameFlags.TX : 0;
            int identifier;
            byte[] payload;
            if (kind < 5) { // classic data
                boolean extended = random.nextBoolean();
                flags |= extended ? FrameFlags.EXTENDED : 0;
                identifier = extended ? random.nextInt(TraceRecord.MAX_EXTENDED_ID + 1)
                        : random.nextInt(TraceRecord.MAX_STANDARD_ID + 1);
                payload = bytes(random, random.nextInt(9));
            } else if (kind < 7) { // remote
                flags |= FrameFlags.RTR;
                identifier = random.nextInt(TraceRecord.MAX_STANDARD_ID + 1);
                payload = new byte[random.nextInt(9)];
            } else if (kind < 9) { // CAN FD
                int[] lengths = { 0, 1, 5, 8, 12, 16, 20, 24, 32, 48, 64 };
                flags |= FrameFlags.FD | (random.nextBoolean() ? FrameFlags.FD_BRS : 0)
                        | (random.nextBoolean() ? FrameFlags.FD_ESI : 0);
                boolean extended = random.nextBoolean();
                flags |= extended ? FrameFlags.EXTENDED : 0;
                identifier = extended ? random.nextInt(TraceRecord.MAX_EXTENDED_ID + 1)
                        : random.nextInt(TraceRecord.MAX_STANDARD_ID + 1);
                payload = bytes(random, lengths[random.nextInt(lengths.length)]);
            } else { // error frame
                flags = FrameFlags.ERROR;
                identifier = 1 << random.nextInt(10);
                payload = bytes(random, 8);
            }
            records.add(new TraceRecord(timestampNs, channel, BusKind.CAN, identifier, flags, payload));
        }
        return records;
    }

    static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private List<TraceRecord> writeAndRead(List<TraceRecord> records, TraceFormat format, String name)
            throws IOException {
        Path file = dir.resolve(name);
        TraceWriter writer = Traces.write(file, format, records);
        assertEquals(records.size(), writer.framesWritten(), format + ": " + writer.notWrittenReason());
        assertEquals(format == TraceFormat.STORE ? TraceFormat.STORE : format, Traces.detect(file));
        return Traces.readAll(file, ReadOptions.STRICT);
    }

    @Test
    void everyPairOfFormatsKeepsEveryFrameBitExact() throws IOException {
        List<TraceRecord> all = randomFrames(new Random(20261124), 3000);
        for (TraceFormat first : CAN_FORMATS) {
            for (TraceFormat second : CAN_FORMATS) {
                List<TraceRecord> common = all.stream().filter(holds(first)).filter(holds(second)).toList();
                List<TraceRecord> once = writeAndRead(common, first, "a-" + first.id() + "-" + second.id());
                assertEquals(common, once, first + " then " + second);
                // convert the file itself, as `bmsw convert` does
                Path firstFile = dir.resolve("a-" + first.id() + "-" + second.id());
                Path secondFile = dir.resolve("b-" + first.id() + "-" + second.id());
                Traces.Conversion conversion = Traces.convert(firstFile, secondFile, second, ReadOptions.STRICT);
                assertEquals(common.size(), conversion.framesWritten(), first + " to " + second);
                assertEquals(common, Traces.readAll(secondFile, ReadOptions.STRICT), first + " to " + second);
            }
        }
    }

    @Test
    void randomFramesSurviveEachFormat() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 40; round++) {
            List<TraceRecord> records = randomFrames(random, 1 + random.nextInt(300));
            for (TraceFormat format : CAN_FORMATS) {
                List<TraceRecord> held = records.stream().filter(holds(format)).toList();
                assertEquals(held, writeAndRead(held, format, round + "." + format.id()), "round " + round + " " + format);
            }
        }
    }

    @Test
    void whatAFormatCannotHoldIsCountedNotChanged() throws IOException {
        List<TraceRecord> records = List.of(TraceRecord.can(1_000_000_000L, "can0", 0x351, (byte) 1),
                new TraceRecord(2_000_000_000L, "can0", BusKind.CAN, 0x123, FrameFlags.RTR, new byte[2]),
                new TraceRecord(3_000_000_000L, "can0", BusKind.CAN, 0x123, FrameFlags.FD, new byte[12]));
        TraceWriter writer = Traces.write(dir.resolve("x.csv"), TraceFormat.SAVVYCAN_CSV, records);
        assertEquals(1, writer.framesWritten());
        assertEquals(2, writer.framesNotWritten());
        assertEquals("SavvyCAN CSV cannot mark remote, error or CAN FD frames", writer.notWrittenReason());
    }
}
