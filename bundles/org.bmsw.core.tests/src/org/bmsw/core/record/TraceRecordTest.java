package org.bmsw.core.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.stream.Stream;

import org.bmsw.testdata.TestData;
import org.bmsw.testdata.TestData.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonObject;

class TraceRecordTest {

    /** The candump log-style vectors ({@code (seconds) interface frame}) whose fields give every payload byte. */
    static Stream<Vector> candumpLogLines() {
        return TestData.vectors("candump_and_logs.json").stream().filter(v -> v.raw().startsWith("("))
                .filter(v -> v.expected().has("data") || v.expected().has("rtr"));
    }

    /**
     * A record built from a vector's decoded fields prints as the vector's raw candump line. The dotted
     * byte separators can-utils also accepts are not what it writes, so they are dropped from the expectation.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("candumpLogLines")
    void recordFromVectorFieldsPrintsAsCandumpLogLine(Vector vector) {
        JsonObject expected = vector.expected();
        long timestampNs = expected.has("timestamp_s")
                ? expected.get("timestamp_s").getAsBigDecimal().multiply(BigDecimal.valueOf(1_000_000_000L))
                        .longValueExact()
                : 0;
        String channel = expected.has("interface") ? expected.get("interface").getAsString() : "can0";
        int identifier = Integer.decode(expected.get("can_id").getAsString());
        boolean extended = expected.has("extended") && expected.get("extended").getAsBoolean();
        boolean remote = expected.has("rtr") && expected.get("rtr").getAsBoolean();
        byte[] payload = expected.has("data")
                ? HexFormat.ofDelimiter(" ").parseHex(expected.get("data").getAsString())
                : new byte[expected.get("dlc").getAsInt()];
        int flags = (extended ? FrameFlags.EXTENDED : 0) | (remote ? FrameFlags.RTR : 0);

        TraceRecord record = new TraceRecord(timestampNs, channel, BusKind.CAN, identifier, flags, payload);

        assertEquals(expected.get("dlc").getAsInt(), record.length());
        String raw = vector.raw();
        int frameStart = raw.indexOf('#');
        assertEquals(raw.substring(0, frameStart) + raw.substring(frameStart).replace(".", ""), record.toString());
    }

    @Test
    void candumpLogVectorsAreAllCovered() {
        assertEquals(5, candumpLogLines().count(), "log-style lines in candump_and_logs.json");
    }

    @Test
    void frameNotationOfExtendedRemoteFdAndErrorFrames() {
        assertEquals("12345678#112233", CanFrameNotation.format(TraceRecord.can(0, "can0", 0x12345678, (byte) 0x11,
                (byte) 0x22, (byte) 0x33)));
        assertEquals("123#R", CanFrameNotation.format(
                new TraceRecord(0, "can0", BusKind.CAN, 0x123, FrameFlags.RTR, new byte[0])));
        assertEquals("123#R7", CanFrameNotation.format(
                new TraceRecord(0, "can0", BusKind.CAN, 0x123, FrameFlags.RTR, new byte[7])));
        assertEquals("123##1AABB", CanFrameNotation.format(new TraceRecord(0, "can0", BusKind.CAN, 0x123,
                FrameFlags.FD | FrameFlags.FD_BRS, new byte[] { (byte) 0xAA, (byte) 0xBB })));
        assertEquals("20000080#0000000000000000", CanFrameNotation.format(
                new TraceRecord(0, "can0", BusKind.CAN, 0x80, FrameFlags.ERROR, new byte[8])));
    }

    @Test
    void classicFrameWithNineBytesIsRejectedWithTheReason() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TraceRecord.can(0, "can0", 0x351, new byte[9]));
        assertEquals("data length 9 exceeds 8 for a classic CAN frame", error.getMessage());
    }

    @Test
    void identifierRangeFollowsTheExtendedFlag() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "can0", BusKind.CAN, 0x800, 0, new byte[0]));
        assertEquals("identifier 0x800 exceeds the 11-bit range of a standard frame", error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "can0", BusKind.CAN, 0x2000_0000, FrameFlags.EXTENDED, new byte[0]));
        assertTrue(TraceRecord.can(0, "can0", 0x800).isExtended(), "ids above 0x7FF need 29 bits");
        assertEquals(0x1FFF_FFFF, TraceRecord.can(0, "can0", 0x1FFF_FFFF).identifier());
    }

    @Test
    void canFdLengthsAreTheDlcSteps() {
        for (int length = 0; length <= 64; length++) {
            int n = length;
            boolean valid = n <= 8 || n == 12 || n == 16 || n == 20 || n == 24 || n == 32 || n == 48 || n == 64;
            assertEquals(valid, TraceRecord.isValidFdLength(n), "length " + n);
            if (!valid) {
                assertThrows(IllegalArgumentException.class,
                        () -> new TraceRecord(0, "can0", BusKind.CAN, 0x10, FrameFlags.FD, new byte[n]));
            }
        }
        assertEquals(64, new TraceRecord(0, "can0", BusKind.CAN, 0x10, FrameFlags.FD, new byte[64]).length());
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "can0", BusKind.CAN, 0x10, FrameFlags.FD | FrameFlags.RTR, new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "can0", BusKind.CAN, 0x10, FrameFlags.FD_BRS, new byte[1]));
    }

    @Test
    void remoteFramesCarryOnlyTheRequestedLength() {
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "can0", BusKind.CAN, 0x123, FrameFlags.RTR, new byte[] { 1 }));
    }

    @Test
    void serialChunksHaveNoIdentifierAndOnlyTheDirectionFlag() {
        // the first bytes of the Pylontech RS485 V3.3 spec example, as an RS485 sniffer would see them
        TraceRecord chunk = TraceRecord.serial(1_500_000_000L, "ttyUSB0", true, "~20014682".getBytes());
        assertTrue(chunk.isTransmitted());
        assertEquals("(1.500000) ttyUSB0 TX 7E 32 30 30 31 34 36 38 32", chunk.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "ttyUSB0", BusKind.SERIAL, 5, 0, new byte[1]));
        assertThrows(IllegalArgumentException.class,
                () -> new TraceRecord(0, "ttyUSB0", BusKind.SERIAL, 0, FrameFlags.EXTENDED, new byte[1]));
    }

    @Test
    void recordsAreImmutableValues() {
        byte[] bytes = HexFormat.ofDelimiter(" ").parseHex("14 02 C0 12 C0 12 C2 01");
        TraceRecord record = TraceRecord.can(7, "can0", 0x351, bytes);
        bytes[0] = 0;
        record.payload()[1] = 0;
        assertArrayEquals(HexFormat.ofDelimiter(" ").parseHex("14 02 C0 12 C0 12 C2 01"), record.payload());
        assertEquals(0xC2, record.byteAt(6));
        assertEquals(TraceRecord.can(7, "can0", 0x351, record.payload()), record);
        assertEquals(TraceRecord.can(7, "can0", 0x351, record.payload()).hashCode(), record.hashCode());
        assertNotEquals(TraceRecord.can(8, "can0", 0x351, record.payload()), record);
    }

    @Test
    void negativeTimestampsPrintLikeCandump() {
        assertEquals("(-1.500000) can0 001#", TraceRecord.can(-500_000_000L, "can0", 1).toString());
    }
}
