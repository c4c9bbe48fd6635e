package org.bmsw.core.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * One captured unit of traffic: a CAN frame, or a chunk of bytes from a serial line.
 * <p>
 * Immutable and validated on construction, so every record in the system is one a bus could carry:
 * an 11-bit identifier unless {@link FrameFlags#EXTENDED}, at most 8 payload bytes for classic CAN,
 * a valid CAN FD length (0-8, 12, 16, 20, 24, 32, 48, 64) for {@link FrameFlags#FD}. As in SocketCAN's
 * {@code can_frame.len}, an {@link FrameFlags#RTR} frame's payload length is the requested length and its
 * bytes are zero. Serial records carry identifier 0 and only the {@link FrameFlags#TX} flag.
 *
 * @param timestampNs nanoseconds since the Unix epoch when the source gives absolute time, otherwise since the
 *        start of the trace (the trace says which)
 * @param channel the interface the record came from as its source names it, e.g. {@code "can0"}, {@code "ttyUSB0"}
 * @param bus CAN or serial
 * @param identifier the CAN identifier (for error frames the error class bits); 0 for serial records
 * @param flags {@link FrameFlags} bits
 * @param payload the data bytes; the array is copied in and out, so the record stays immutable
 */
public record TraceRecord(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload) {

    /** Largest 11-bit identifier. */
    public static final int MAX_STANDARD_ID = 0x7FF;
    /** Largest 29-bit identifier. */
    public static final int MAX_EXTENDED_ID = 0x1FFF_FFFF;
    /** Payload limit of a classic CAN frame. */
    public static final int MAX_CLASSIC_LENGTH = 8;
    /** Payload limit of a CAN FD frame. */
    public static final int MAX_FD_LENGTH = 64;
    /** Largest serial chunk in one record; longer bursts are split by whoever reads the line. */
    public static final int MAX_SERIAL_LENGTH = 4096;

    private static final int SERIAL_FLAGS = FrameFlags.TX;
    private static final int FD_ONLY_FLAGS = FrameFlags.FD_BRS | FrameFlags.FD_ESI;

    public TraceRecord {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(payload, "payload");
        if (channel.isBlank()) {
            throw new IllegalArgumentException("empty channel name");
        }
        payload = payload.clone();
        if ((flags & ~FrameFlags.ALL) != 0) {
            throw new IllegalArgumentException(String.format("unknown flag bits 0x%X", flags & ~FrameFlags.ALL));
        }
        switch (bus) {
        case CAN -> checkCanFrame(identifier, flags, payload);
        case SERIAL -> checkSerialChunk(identifier, flags, payload);
        }
    }

    /** A received classic CAN data frame with an 11-bit or 29-bit identifier (29-bit when above 0x7FF). */
    public static TraceRecord can(long timestampNs, String channel, int identifier, byte... payload) {
        int flags = identifier > MAX_STANDARD_ID ? FrameFlags.EXTENDED : 0;
        return new TraceRecord(timestampNs, channel, BusKind.CAN, identifier, flags, payload);
    }

    /** A chunk of bytes from a serial line. */
    public static TraceRecord serial(long timestampNs, String channel, boolean transmitted, byte... bytes) {
        return new TraceRecord(timestampNs, channel, BusKind.SERIAL, 0, transmitted ? FrameFlags.TX : 0, bytes);
    }

    private static void checkCanFrame(int identifier, int flags, byte[] payload) {
        boolean extended = FrameFlags.isSet(flags, FrameFlags.EXTENDED);
        boolean fd = FrameFlags.isSet(flags, FrameFlags.FD);
        boolean error = FrameFlags.isSet(flags, FrameFlags.ERROR);
        int maxId = extended || error ? MAX_EXTENDED_ID : MAX_STANDARD_ID;
        if (identifier < 0 || identifier > maxId) {
            throw new IllegalArgumentException(String.format("identifier 0x%X exceeds the %d-bit range of %s",
                    identifier, maxId == MAX_STANDARD_ID ? 11 : 29,
                    error ? "an error frame" : extended ? "an extended frame" : "a standard frame"));
        }
        if (fd) {
            if (FrameFlags.isSet(flags, FrameFlags.RTR)) {
                throw new IllegalArgumentException("CAN FD has no remote frames");
            }
            if (!isValidFdLength(payload.length)) {
                throw new IllegalArgumentException("data length " + payload.length
                        + " is not a CAN FD length (0-8, 12, 16, 20, 24, 32, 48, 64)");
            }
        } else {
            if ((flags & FD_ONLY_FLAGS) != 0) {
                throw new IllegalArgumentException("BRS/ESI flags on a frame that is not CAN FD");
            }
            if (payload.length > MAX_CLASSIC_LENGTH) {
                throw new IllegalArgumentException("data length " + payload.length
                        + " exceeds 8 for a classic CAN frame");
            }
        }
        if (FrameFlags.isSet(flags, FrameFlags.RTR)) {
            for (byte b : payload) {
                if (b != 0) {
                    throw new IllegalArgumentException("a remote frame carries no data bytes");
                }
            }
        }
    }

    private static void checkSerialChunk(int identifier, int flags, byte[] payload) {
        if (identifier != 0) {
            throw new IllegalArgumentException("serial records have no identifier, got " + identifier);
        }
        if ((flags & ~SERIAL_FLAGS) != 0) {
            throw new IllegalArgumentException("CAN flags on a serial record: " + FrameFlags.describe(flags));
        }
        if (payload.length > MAX_SERIAL_LENGTH) {
            throw new IllegalArgumentException("serial chunk of " + payload.length + " bytes exceeds "
                    + MAX_SERIAL_LENGTH);
        }
    }

    /** True for the lengths a CAN FD frame can carry. */
    public static boolean isValidFdLength(int length) {
        return length >= 0 && length <= 8 || length == 12 || length == 16 || length == 20 || length == 24
                || length == 32 || length == 48 || length == 64;
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying the bytes (for an RTR frame, the requested length). */
    public int length() {
        return payload.length;
    }

    /** Payload byte {@code index} as an unsigned value, without copying the payload. */
    public int byteAt(int index) {
        return payload[index] & 0xFF;
    }

    public boolean isExtended() {
        return FrameFlags.isSet(flags, FrameFlags.EXTENDED);
    }

    public boolean isRemote() {
        return FrameFlags.isSet(flags, FrameFlags.RTR);
    }

    public boolean isError() {
        return FrameFlags.isSet(flags, FrameFlags.ERROR);
    }

    public boolean isFd() {
        return FrameFlags.isSet(flags, FrameFlags.FD);
    }

    public boolean isTransmitted() {
        return FrameFlags.isSet(flags, FrameFlags.TX);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TraceRecord that && timestampNs == that.timestampNs && identifier == that.identifier
                && flags == that.flags && bus == that.bus && channel.equals(that.channel)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampNs, channel, bus, identifier, flags) * 31 + Arrays.hashCode(payload);
    }

    /** candump log style for CAN ({@code (1700000000.123456) can0 351#1402C012}), hex bytes for serial. */
    @Override
    public String toString() {
        String time = String.format("(%d.%06d) %s ", Math.floorDiv(timestampNs, 1_000_000_000L),
                Math.floorMod(timestampNs, 1_000_000_000L) / 1000, channel);
        if (bus == BusKind.CAN) {
            return time + CanFrameNotation.format(this);
        }
        StringBuilder text = new StringBuilder(time).append(isTransmitted() ? "TX " : "RX ");
        return Hex.append(text, payload, ' ').toString();
    }
}
