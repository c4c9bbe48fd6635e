package org.bmsw.transport.spi.slcan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.TestData.Vector;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;

class SlcanFramerTest {

    /** Everything the framer reported, in order, as text: "frame ...", "ok", "error", "ack", "malformed ...". */
    static final class Events implements SlcanFramer.Handler {
        final List<String> seen = new ArrayList<>();
        final List<SlcanFrame> frames = new ArrayList<>();

        @Override
        public void frame(SlcanFrame frame) {
            frames.add(frame);
            seen.add("frame " + frame.toRecord(0, "can0").toString().substring("(0.000000) can0 ".length())
                    + (frame.adapterTimestampMs() >= 0 ? " @" + frame.adapterTimestampMs() : ""));
        }

        @Override
        public void okReply() {
            seen.add("ok");
        }

        @Override
        public void errorReply() {
            seen.add("error");
        }

        @Override
        public void transmitAcknowledged() {
            seen.add("ack");
        }

        @Override
        public void malformed(String input, String reason) {
            seen.add("malformed " + input + ": " + reason);
        }
    }

    /** The vectors write CR as the two characters backslash and r, and BEL as \x07. */
    static byte[] wire(String raw) {
        return raw.replace("\\r", "\r").replace("\\x07", "\u0007").getBytes(StandardCharsets.ISO_8859_1);
    }

    static Stream<Vector> slcanVectors() {
        return TestData.vectors("slcan.json").stream();
    }

    static List<String> frame(String text) {
        Events events = new Events();
        SlcanFramer framer = new SlcanFramer(events);
        byte[] bytes = wire(text);
        framer.accept(bytes, 0, bytes.length);
        return events.seen;
    }

    @ParameterizedTest
    @MethodSource("slcanVectors")
    void everyVectorOfSlcanJsonHolds(Vector vector) {
        JsonObject expected = vector.expected();
        byte[] raw = wire(vector.raw());
        if (expected.has("can_id")) {
            // a frame the adapter sends: parse it, then encode it back to the same line
            Events events = new Events();
            new SlcanFramer(events).accept(raw, 0, raw.length);
            assertEquals(1, events.frames.size(), () -> vector.id() + ": " + events.seen);
            SlcanFrame frame = events.frames.get(0);
            TraceRecord record = frame.toRecord(0, "can0");
            assertEquals(Integer.decode(expected.get("can_id").getAsString()), record.identifier(), vector.id());
            assertEquals(expected.get("dlc").getAsInt(), record.length(), vector.id());
            assertEquals(expected.has("extended") && expected.get("extended").getAsBoolean(), record.isExtended());
            String type = expected.get("type").getAsString();
            assertEquals(type.contains("remote"), record.isRemote(), vector.id());
            if (expected.has("data")) {
                assertEquals(expected.get("data").getAsString(), Hex.spaced(record.payload()), vector.id());
            }
            int timestampMs = expected.has("timestamp_ms") ? expected.get("timestamp_ms").getAsInt() : -1;
            assertEquals(timestampMs, frame.adapterTimestampMs(), vector.id());
            if (timestampMs < 0) {
                assertArrayEquals(raw, SlcanCodec.encode(record), vector.id() + " encodes back to its line");
            }
        } else {
            // a command the workbench sends: the transport must produce exactly these bytes
            String command = expected.get("command").getAsString();
            switch (command) {
            case "set bitrate" -> {
                if (expected.has("bitrate_bps")) {
                    assertArrayEquals(raw, SlcanCodec.command(SlcanBitrate.command(expected.get("bitrate_bps").getAsInt())));
                } else {
                    // S7: both readings select S7; LAWICEL's 800k is the one we name
                    int lawicel = expected.get("bitrate_bps_lawicel_canhacker").getAsInt();
                    int canable = expected.get("bitrate_bps_canable_python_can").getAsInt();
                    assertArrayEquals(raw, SlcanCodec.command(SlcanBitrate.command(lawicel)));
                    assertArrayEquals(raw, SlcanCodec.command(SlcanBitrate.command(canable)));
                    assertEquals(lawicel, SlcanBitrate.bitrateBps(7));
                }
            }
            case "open channel" -> {
                assertArrayEquals(raw, SlcanCodec.command("O"));
                assertEquals(List.of("ok"), frame(expected.get("ok_reply").getAsString()));
                assertEquals(List.of("error"), frame(expected.get("error_reply").getAsString().replace(" (BEL)", "")));
            }
            case "close channel" -> assertArrayEquals(raw, SlcanCodec.command("C"));
            default -> throw new AssertionError(vector.id() + ": no check for command " + command);
            }
        }
    }

    @Test
    void linesSplitAcrossReadsAtEveryByteGiveTheSameFrames() {
        String stream = "t35184802D007D007C001\r\rT000042108A50930759D042E64\r\u0007r3511\rz\r";
        List<String> whole = frame(stream);
        assertEquals(List.of("frame 351#4802D007D007C001", "ok", "frame 00004210#A50930759D042E64", "error",
                "frame 351#R1", "ack"), whole);
        byte[] bytes = wire(stream);
        for (int split = 1; split < bytes.length; split++) {
            Events events = new Events();
            SlcanFramer framer = new SlcanFramer(events);
            framer.accept(bytes, 0, split);
            framer.accept(bytes, split, bytes.length - split);
            assertEquals(whole, events.seen, "split at " + split);
        }
        Events oneByOne = new Events();
        SlcanFramer framer = new SlcanFramer(oneByOne);
        for (byte b : bytes) {
            framer.accept(new byte[] { b }, 0, 1);
        }
        assertEquals(whole, oneByOne.seen);
    }

    @Test
    void garbageIsSkippedWithoutLosingTheFramesAroundIt() {
        List<String> seen = frame("\u0000\u00ffnoise t35C2C000\rt12X0\rt1231AA\nhello\rt1FF0\r" + "x".repeat(500)
                + "\rt7FF1FF\r");
        assertEquals(List.of(
                "malformed \u0000\u00ffnoise : frame start 't' inside a line",
                "frame 35C#C000",
                "malformed t12X0: bad hex digit 'X' at column 4",
                "frame 123#AA",
                "malformed hello: not a frame or reply",
                "frame 1FF#",
                "malformed " + "x".repeat(SlcanFramer.MAX_LINE_LENGTH) + "...: line longer than 160 characters",
                "frame 7FF#FF"), seen);
    }

    @Test
    void badFramesAreRejectedWithTheReason() {
        assertEquals(List.of("malformed t8001AA: identifier 0x800 out of range"), frame("t8001AA\r"));
        assertEquals(List.of("malformed t1239: length 9 exceeds 8"), frame("t1239\r"));
        assertEquals(List.of("malformed t1232AA: expected 4 data digits (+4 for a timestamp), got 2"), frame("t1232AA\r"));
        assertEquals(List.of("malformed T200000000: identifier 0x20000000 out of range"), frame("T200000000\r"));
        assertEquals(List.of("malformed t1231AAEA60: timestamp 60000 ms beyond 59999"), frame("t1231AAEA60\r"));
    }

    @Test
    void canFdLinesCarryTheirFlagsAndLengths() {
        Events events = new Events();
        byte[] bytes = wire("b1239" + "11".repeat(12) + "\rD000001230" + "\r");
        new SlcanFramer(events).accept(bytes, 0, bytes.length);
        TraceRecord brs = events.frames.get(0).toRecord(0, "can0");
        assertEquals(12, brs.length());
        assertEquals(FrameFlags.FD | FrameFlags.FD_BRS, brs.flags());
        TraceRecord extendedFd = events.frames.get(1).toRecord(0, "can0");
        assertEquals(FrameFlags.FD | FrameFlags.EXTENDED, extendedFd.flags());
        assertEquals(0x123, extendedFd.identifier());
        assertArrayEquals(wire("b1239" + "11".repeat(12) + "\r"), SlcanCodec.encode(brs));
    }

    @Test
    void encodingCoversEveryKindOfClassicFrameAndRefusesWhatSlcanCannotSend() {
        assertEquals("t0000\r", new String(SlcanCodec.encode(TraceRecord.can(0, "c", 0)), StandardCharsets.US_ASCII));
        assertEquals("T1FFFFFFF100\r",
                new String(SlcanCodec.encode(TraceRecord.can(0, "c", 0x1FFFFFFF, (byte) 0)), StandardCharsets.US_ASCII));
        TraceRecord remoteExtended = new TraceRecord(0, "c", BusKind.CAN, 0x12345, FrameFlags.EXTENDED | FrameFlags.RTR,
                new byte[8]);
        assertEquals("R000123458\r", new String(SlcanCodec.encode(remoteExtended), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> SlcanCodec.encode(TraceRecord.serial(0, "c", false, (byte) 1)));
        assertThrows(IllegalArgumentException.class, () -> SlcanCodec.encode(
                new TraceRecord(0, "c", BusKind.CAN, 4, FrameFlags.ERROR, new byte[8])));
    }

    @Test
    void aSingleLineDecodesToItsFrameAndEncodesBackToTheSameLine() {
        SlcanFrame limits = SlcanCodec.decode("t35181402E8036400C201");
        assertEquals(0x351, limits.identifier());
        assertEquals(0, limits.flags());
        assertEquals(-1, limits.adapterTimestampMs());
        TraceRecord record = limits.toRecord(42, "can0");
        assertEquals("t35181402E8036400C201\r", new String(SlcanCodec.encode(record), StandardCharsets.US_ASCII));
        assertEquals(42, record.timestampNs());

        SlcanFrame stamped = SlcanCodec.decode("T1FFFFFFF2AABBEA5F");
        assertEquals(FrameFlags.EXTENDED, stamped.flags());
        assertEquals(59_999, stamped.adapterTimestampMs());
        assertArrayEquals(new byte[] { (byte) 0xAA, (byte) 0xBB }, stamped.data());
        assertEquals(FrameFlags.RTR, SlcanCodec.decode("r7FF3").flags());
        assertEquals(3, SlcanCodec.decode("r7FF3").data().length);

        for (String[] bad : new String[][] { { "", "empty line" }, { "S6", "not a frame or reply" },
                { "t12X0", "bad hex digit 'X' at column 4" }, { "t1239", "length 9 exceeds 8" },
                { "t12", "too short for a frame" } }) {
            SlcanCodec.MalformedLineException e = assertThrows(SlcanCodec.MalformedLineException.class,
                    () -> SlcanCodec.decode(bad[0]), bad[0]);
            assertEquals(bad[1], e.getMessage(), bad[0]);
        }
    }

    @Test
    void bitrateTableFollowsLawicelAndAcceptsTheOtherS7() {
        assertEquals(List.of("S0", "S1", "S2", "S3", "S4", "S5", "S6", "S7", "S7", "S8"),
                java.util.Arrays.stream(SlcanBitrate.ACCEPTED_BPS).mapToObj(SlcanBitrate::command).toList());
        assertEquals(800_000, SlcanBitrate.bitrateBps(7));
        assertThrows(IllegalArgumentException.class, () -> SlcanBitrate.command(83_333));
    }
}
