package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generated classic CAN frames survive a candump log write and read unchanged. */
class CandumpPropertyTest {

    @TempDir
    Path dir;

    static Arbitrary<TraceRecord> classicFrames() {
        Arbitrary<Long> micros = Arbitraries.longs().between(0, 4_000_000_000_000_000L);
        Arbitrary<Boolean> extended = Arbitraries.of(true, false);
        Arbitrary<Integer> standardIds = Arbitraries.integers().between(0, TraceRecord.MAX_STANDARD_ID);
        Arbitrary<Integer> extendedIds = Arbitraries.integers().between(0, TraceRecord.MAX_EXTENDED_ID);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMaxSize(8);
        Arbitrary<String> channels = Arbitraries.of("can0", "can1", "vcan0");
        return Combinators.combine(micros, extended, standardIds, extendedIds, payloads, channels)
                .as((time, ext, std, extId, payload, channel) -> new TraceRecord(time * 1000, channel, BusKind.CAN,
                        ext ? extId : std, ext ? FrameFlags.EXTENDED : 0, payload));
    }

    @Test
    void generatedFramesSurviveWriteThenRead() throws IOException {
        List<TraceRecord> records = Samples.sample(classicFrames(), Samples.tries(2000), 1);
        Path file = dir.resolve("generated.log");
        Traces.write(file, TraceFormat.CANDUMP_LOG, records);
        assertEquals(records, Traces.readAll(file, ReadOptions.STRICT));
    }
}
