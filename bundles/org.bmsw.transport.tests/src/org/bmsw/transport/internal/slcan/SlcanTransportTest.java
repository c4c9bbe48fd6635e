package org.bmsw.transport.internal.slcan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.PtyPair;
import org.bmsw.testdata.TestData.Vector;
import org.bmsw.testdata.TestData;
import org.bmsw.transport.StateEvent;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.WallClock;
import org.bmsw.transport.spi.slcan.SlcanCodec;
import org.bmsw.transport.testing.Collector;
import org.bmsw.testdata.FakeSlcanAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SLCAN transport on end A of a socat pty pair, a LAWICEL-speaking adapter on end B. */
@Timeout(120)
class SlcanTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int FRAME_COUNT = 10_000;

    @TempDir
    Path directory;

    private final TransportRegistry registry = TransportRegistry.withBuiltInProviders();

    private static List<Vector> frameVectors() {
        return TestData.vectors("slcan.json").stream().filter(v -> v.expected().has("can_id")).toList();
    }

    private static String wire(Vector vector) {
        return vector.raw().replace("\\r", "\r");
    }

    /** Frame {@code sequence} of the bulk tests: ids cycle through standard and extended, data = the sequence. */
    static TraceRecord numberedFrame(int sequence) {
        byte[] data = ByteBuffer.allocate(4).putInt(sequence).array();
        int identifier = sequence % 3 == 0 ? 0x1800_0000 + sequence : 0x100 + sequence % 0x600;
        return TraceRecord.can(0, "a", identifier, data);
    }

    private static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(new String(SlcanCodec.encode(numberedFrame(i)), StandardCharsets.US_ASCII));
        }
        return text.toString();
    }

    private static int sequenceOf(TraceRecord record) {
        return ByteBuffer.wrap(record.payload()).getInt();
    }

    @Test
    void openSetsUpTheAdapterListenOnlyAndEveryFrameVectorArrivesAsACanRecord() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=500000");
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            transport.addStateListener(collector);
            transport.open();
            assertEquals(List.of("C", "S6", "L"), adapter.commands(), "listen-only unless listenOnly=false");
            assertEquals(TransportState.OPEN, transport.state());
            assertEquals("slcan:" + pty.endA() + ": open at 500000 bit/s, listen-only",
                    collector.events().get(1).reason());

            long before = WallClock.epochNs();
            List<Vector> vectors = frameVectors();
            for (Vector vector : vectors) {
                adapter.write(wire(vector));
            }
            collector.awaitRecords(vectors.size(), WAIT);
            long after = WallClock.epochNs();
            List<TraceRecord> records = collector.records();
            for (int i = 0; i < vectors.size(); i++) {
                var expected = vectors.get(i).expected();
                TraceRecord record = records.get(i);
                assertEquals(BusKind.CAN, record.bus());
                assertEquals("a", record.channel());
                assertEquals(Integer.decode(expected.get("can_id").getAsString()), record.identifier(), vectors.get(i).id());
                assertEquals(expected.get("dlc").getAsInt(), record.length());
                if (expected.has("data")) {
                    assertEquals(expected.get("data").getAsString(), Hex.spaced(record.payload()));
                }
                assertTrue(record.timestampNs() >= before - 1_000_000_000L && record.timestampNs() <= after,
                        "wall-clock epoch ns: " + record);
            }
            assertEquals("351#4802D007D007C001", CanFrameNotation.format(records.get(0)));
            assertEquals("00004210#A50930759D042E64", CanFrameNotation.format(records.get(3)));
            assertEquals("351#R1", CanFrameNotation.format(records.get(4)));

            transport.close();
            adapter.awaitCommands(4, 5000);
            assertEquals(List.of("C", "S6", "L", "C"), adapter.commands());
            assertEquals(TransportState.CLOSED, transport.state());
            assertEquals(0, transport.statistics().malformedInputs());
        }
    }

    @Test
    void timestampsAndListenOnlyAreSetUpWhenAsked() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.open("slcan:" + pty.endA()
                        + "?bitrate=250000&timestamps=true&listenOnly=true")) {
            assertEquals(List.of("C", "S5", "Z1", "L"), adapter.commands());
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            // 59999 ms then 5 ms after the wrap: the records are 6 ms apart whatever the arrival times
            adapter.write("t35E850594C4F4E202020EA5F\rt35E850594C4F4E2020200005\r");
            collector.awaitRecords(2, WAIT);
            List<TraceRecord> records = collector.records();
            assertEquals(6_000_000L, records.get(1).timestampNs() - records.get(0).timestampNs());
        }
    }

    @Test
    void bothReadingsOfS7SelectS7() throws Exception {
        for (int bitrateBps : new int[] { 800_000, 750_000 }) {
            try (PtyPair pty = PtyPair.start(directory.resolve(Integer.toString(bitrateBps)));
                    FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
                Transport transport = registry.open("slcan:" + pty.endA() + "?bitrate=" + bitrateBps);
                assertEquals(List.of("C", "S7", "L"), adapter.commands(), bitrateBps + " bit/s");
                transport.close();
            }
        }
    }

    @Test
    void aBelAnswerToTheBitrateFailsOpenNamingPortAndCommand() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).failing("S6")) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=500000");
            TransportException e = assertThrows(TransportException.class, transport::open);
            assertEquals("slcan:" + pty.endA() + ": adapter answered BEL to S6", e.getMessage());
            assertEquals(TransportState.CLOSED, transport.state());
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("slcan:" + pty.endA() + " reader")));
        }
    }

    @Test
    void aSilentPortFailsOpenWithAHint() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty).silent()) {
            Transport transport = registry.create("slcan:" + pty.endA() + "?bitrate=125000&replyTimeoutMs=200");
            TransportException e = assertThrows(TransportException.class, transport::open);
            assertEquals("slcan:" + pty.endA() + ": no answer to S4 within 200 ms; is this an SLCAN adapter, and is "
                    + "nothing else using the port?", e.getMessage());
        }
    }

    @Test
    void sentFramesReachTheAdapterAsTheVectorLines() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.open("slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false")) {
            assertEquals(List.of("C", "S6", "O"), adapter.commands(), "normal mode, as asked");
            List<String> expectedLines = new ArrayList<>();
            for (Vector vector : frameVectors()) {
                if (vector.expected().has("timestamp_ms")) {
                    continue; // adapters add timestamps; the host never sends them
                }
                transport.send(SlcanCodec.decode(wire(vector).replace("\r", "")).toRecord(0, "a"));
                expectedLines.add(wire(vector).replace("\r", ""));
            }
            adapter.awaitTransmittedFrames(expectedLines.size(), 5000);
            assertEquals(expectedLines, adapter.transmittedFrames());
            Thread.sleep(100); // let the z/Z acknowledgements arrive: they are not errors
            assertEquals(0, transport.statistics().malformedInputs());
            assertEquals(expectedLines.size(), transport.statistics().recordsSent());
            TransportException serial = assertThrows(TransportException.class,
                    () -> transport.send(TraceRecord.serial(0, "a", true, (byte) 1)));
            assertEquals("slcan:" + pty.endA() + ": cannot send a SERIAL record over SLCAN", serial.getMessage());
        }
    }

    @Test
    void tenThousandFramesThroughThePtyArriveAllInOrder() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.open("slcan:" + pty.endA() + "?bitrate=1000000")) {
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            for (int from = 0; from < FRAME_COUNT; from += 250) {
                adapter.write(lines(from, from + 250)); // as fast as the pty takes them
            }
            collector.awaitRecords(FRAME_COUNT, WAIT);
            List<TraceRecord> records = collector.records();
            assertEquals(FRAME_COUNT, records.size());
            for (int i = 0; i < FRAME_COUNT; i++) {
                TraceRecord expected = numberedFrame(i);
                TraceRecord record = records.get(i);
                assertEquals(expected.identifier(), record.identifier(), "frame " + i);
                assertEquals(expected.flags(), record.flags(), "frame " + i);
                assertEquals(i, sequenceOf(record), "frame " + i);
            }
            assertEquals(0, transport.statistics().malformedInputs());
            assertEquals(FRAME_COUNT, transport.statistics().recordsReceived());
        }
    }

    @Test
    void garbageOnTheLineIsSkippedAndCounted() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                Transport transport = registry.open("slcan:" + pty.endA() + "?bitrate=500000")) {
            Collector collector = new Collector();
            transport.addRecordListener(collector);
            adapter.write("\u0000\u00ff~~ t1001AA\rt2\r\u0007t2002BBCC\rT1FFFFFFF0\r");
            collector.awaitRecords(3, WAIT);
            assertEquals(List.of("100#AA", "200#BBCC", "1FFFFFFF#"),
                    collector.records().stream().map(CanFrameNotation::format).toList());
            assertEquals(3, transport.statistics().malformedInputs()); // leading noise, "t2", stray BEL
        }
    }

    @Test
    void killingSocatMidReceiveGivesALostEventNamingThePortAndKeepsEveryFrameDelivered() throws Exception {
        PtyPair pty = PtyPair.start(directory);
        FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
        Transport transport = registry.open("slcan:" + pty.endA() + "?bitrate=500000");
        Collector collector = new Collector();
        transport.addRecordListener(collector);
        transport.addStateListener(collector);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            try {
                for (int from = 0;; from += 50) {
                    adapter.write(lines(from, from + 50));
                    written.set(from + 50);
                }
            } catch (IOException e) {
                // socat is gone
            }
        }, "frame writer");
        writer.start();
        collector.awaitRecords(2_000, WAIT); // in the middle of the stream
        pty.kill();
        collector.await("lost", WAIT, () -> transport.state() == TransportState.LOST);
        writer.join(10_000);
        int deliveredAtLoss = collector.recordCount();
        transport.close();
        adapter.close();
        pty.close();

        StateEvent lost = collector.events().stream().filter(e -> e.state() == TransportState.LOST).findFirst()
                .orElseThrow();
        assertTrue(lost.reason().startsWith("slcan:" + pty.endA() + ": port lost"), lost.reason());
        List<TraceRecord> records = collector.records();
        assertEquals(deliveredAtLoss, records.size(), "close after the loss neither adds nor drops records");
        assertTrue(records.size() >= 2_000 && records.size() <= written.get() + 50,
                records.size() + " delivered, " + written.get() + " written");
        for (int i = 0; i < records.size(); i++) {
            assertEquals(i, sequenceOf(records.get(i)), "every frame up to the loss, none skipped");
        }
        assertEquals(TransportState.CLOSED, transport.state());
        assertEquals(List.of(TransportState.LOST, TransportState.CLOSED),
                collector.events().stream().map(StateEvent::state).toList());
    }
}
