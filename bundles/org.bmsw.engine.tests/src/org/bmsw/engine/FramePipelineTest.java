package org.bmsw.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.DecoderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long trace is read on a thread of its own while the pass decodes: every consumer must see exactly what a pass
 * on one thread gives, failures must come out as they do there, and no reading thread may outlive its pass.
 */
class FramePipelineTest {

    @TempDir
    Path dir;

    private final TraceEngine engine = new TraceEngine(DecoderRegistry.standalone(), ProfileRegistry::new,
            ProfileFiles.none());
    private final long pipelineMinBytes = TraceEngine.pipelineMinBytes;

    @AfterEach
    void restore() {
        TraceEngine.pipelineMinBytes = pipelineMinBytes;
    }

    /** Pylon cycles on can0..can3, random 29-bit traffic, a malformed line; {@code lines} lines in all. */
    private Path log(int lines, boolean malformed) throws IOException {
        Random random = new Random(5);
        StringBuilder text = new StringBuilder();
        String[] cycle = { "351#2E02D007D007C001", "355#3E006400", "356#EC13F6FFFA00", "359#00000000015" + "04E",
            "35C#C000", "35E#50594C4F4E202020", "305#0000000000000000" };
        long micros = 0;
        for (int i = 0; i < lines; i++) {
            micros += 1000 + random.nextInt(1000);
            String time = String.format("(%d.%06d) ", 1_700_000_000L + micros / 1_000_000, micros % 1_000_000);
            String channel = "can" + random.nextInt(4);
            if (malformed && i == lines / 2) {
                text.append(time).append(channel).append(" 35#zz\n");
            } else if (random.nextInt(7) == 0) {
                text.append(time).append(channel).append(String.format(" %08X#0102", 0x100000 + random.nextInt(
                        0xFFFFF)));
                text.append('\n');
            } else {
                String frame = cycle[i % cycle.length];
                if (frame.startsWith("356#")) {
                    frame = String.format("356#%02X13F6FFFA00", random.nextInt(256));
                }
                text.append(time).append(channel).append(' ').append(frame).append('\n');
            }
        }
        Path file = dir.resolve("bus" + lines + (malformed ? "-bad" : "") + ".log");
        Files.writeString(file, text);
        return file;
    }

    private record Seen(PassResult result, BatteryState state, List<String> changes, long recordRows) {
    }

    private Seen pass(Path file, boolean threaded, boolean records, PassOptions options) throws EngineException {
        TraceEngine.pipelineMinBytes = threaded ? 0 : Long.MAX_VALUE;
        TraceInput input = engine.open(file);
        List<String> changes = new ArrayList<>();
        long[] recordRows = { 0 };
        PassConsumer consumer = new PassConsumer() {
            @Override
            public void record(TraceRecord record, long row) {
                recordRows[0] += row;
            }

            @Override
            public boolean wantsRecords() {
                return records;
            }

            @Override
            public boolean wantsMessages() {
                return false;
            }

            @Override
            public boolean wantsState() {
                return true;
            }

            @Override
            public void stateChanged(long row, long timeNs, BatteryState state) {
                if (changes.size() < 2000 || row % 97 == 0) {
                    changes.add(row + "@" + timeNs + ":" + state.hashCode());
                }
            }
        };
        PassResult result = engine.pass(input, engine.resolve(DecoderRequest.auto(), input), options, consumer);
        return new Seen(result, result.decoder().state(), changes, recordRows[0]);
    }

    private static void assertSame(Seen expected, Seen actual) {
        assertEquals(expected.result().records(), actual.result().records());
        assertEquals(expected.result().messages(), actual.result().messages());
        assertEquals(expected.result().channels(), actual.result().channels());
        assertEquals(expected.result().channelsWithMessages(), actual.result().channelsWithMessages());
        assertEquals(expected.result().read(), actual.result().read());
        assertEquals(expected.state(), actual.state());
        assertEquals(expected.result().decoder().variants(), actual.result().decoder().variants());
        assertEquals(expected.changes(), actual.changes());
        assertEquals(expected.recordRows(), actual.recordRows());
    }

    @Test
    void aPassReadOnASecondThreadGivesWhatOneThreadGives() throws Exception {
        Path file = log(30_000, true);
        for (boolean records : new boolean[] { false, true }) {
            Seen one = pass(file, false, records, PassOptions.DEFAULT);
            Seen two = pass(file, true, records, PassOptions.DEFAULT);
            assertSame(one, two);
            assertEquals(1, one.result().read().skippedLines());
            assertTrue(one.result().messages() > 10_000);
        }
        Seen can2 = pass(file, true, false, PassOptions.DEFAULT.withChannel("can2"));
        assertSame(pass(file, false, false, PassOptions.DEFAULT.withChannel("can2")), can2);

        // the same frames from a trace store
        Path store = dir.resolve("bus.bmst");
        engine.importToStore(engine.open(file), store, PassOptions.DEFAULT);
        assertSame(pass(store, false, false, PassOptions.DEFAULT), pass(store, true, false, PassOptions.DEFAULT));
        assertNoReaderLeft();
    }

    @Test
    void failuresComeOutAsOnOneThreadAndTheReaderEnds() throws Exception {
        Path bad = log(30_000, true);
        EngineException one = assertThrows(EngineException.class,
                () -> pass(bad, false, false, PassOptions.DEFAULT.withStrict(true)));
        EngineException two = assertThrows(EngineException.class,
                () -> pass(bad, true, false, PassOptions.DEFAULT.withStrict(true)));
        assertEquals(one.getMessage(), two.getMessage());
        assertEquals(one.kind(), two.kind());

        // cancelled after a while: the pass stops, the reader with it
        Path file = log(140_000, false);
        AtomicInteger polls = new AtomicInteger();
        assertThrows(CancellationException.class, () -> pass(file, true, false, PassOptions.DEFAULT.withCancel(
                () -> polls.incrementAndGet() > 0)));
        assertNoReaderLeft();

        // a consumer that fails: the pass names the file, the reader ends
        TraceEngine.pipelineMinBytes = 0;
        TraceInput input = engine.open(file);
        EngineException failed = assertThrows(EngineException.class, () -> engine.pass(input, engine.resolve(
                DecoderRequest.auto(), input), PassOptions.DEFAULT, new PassConsumer() {
                    @Override
                    public void record(TraceRecord record, long row) {
                        if (row == 12_345) {
                            throw new IllegalStateException("consumer bug");
                        }
                    }
                }));
        assertTrue(failed.getMessage().startsWith(file + ": cannot decode: "), failed.getMessage());
        assertTrue(failed.getMessage().contains("consumer bug"), failed.getMessage());
        assertNoReaderLeft();
    }

    @Test
    void withoutReadAheadALongTraceIsReadOnTheCallingThread() throws Exception {
        Path file = log(30_000, false);
        TraceEngine.pipelineMinBytes = 0;
        TraceInput input = engine.open(file);
        ResolvedDecoder decoder = engine.resolve(DecoderRequest.auto(), input);
        for (boolean readAhead : new boolean[] { true, false }) {
            long[] readersSeen = { 0 };
            engine.pass(input, decoder, PassOptions.DEFAULT.withReadAhead(readAhead), new PassConsumer() {
                @Override
                public void record(TraceRecord record, long row) {
                    if (row == 10_000) {
                        readersSeen[0] = readers();
                    }
                }
            });
            assertEquals(readAhead ? 1 : 0, readersSeen[0], "reader threads during a pass, read ahead " + readAhead);
            assertNoReaderLeft();
        }
        assertSame(pass(file, false, false, PassOptions.DEFAULT),
                pass(file, true, false, PassOptions.DEFAULT.withReadAhead(false)));
        assertTrue(PassOptions.DEFAULT.readAhead());
        assertFalse(PassOptions.DEFAULT.withChannel("can1").withReadAhead(false).withStrict(true).readAhead());
    }

    private static void assertNoReaderLeft() throws InterruptedException {
        for (int i = 0; i < 50 && readers() > 0; i++) {
            Thread.sleep(20);
        }
        assertFalse(readers() > 0, "a reading thread outlived its pass");
    }

    private static long readers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("bmsw-trace-reader"))
                .count();
    }
}
