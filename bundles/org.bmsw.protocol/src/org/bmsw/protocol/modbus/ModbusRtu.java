package org.bmsw.protocol.modbus;

/** Modbus RTU arithmetic: the CRC-16 (init 0xFFFF, reflected polynomial 0xA001, low byte first on the wire). */
public final class ModbusRtu {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private ModbusRtu() {
    }

    /** The CRC as a number (its low byte goes first on the wire). */
    public static int crc16(byte[] bytes, int offset, int length) {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + length; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    /** The frame with its CRC appended. */
    public static byte[] withCrc(byte[] frame) {
        byte[] out = java.util.Arrays.copyOf(frame, frame.length + 2);
        int crc = crc16(frame, 0, frame.length);
        out[frame.length] = (byte) crc;
        out[frame.length + 1] = (byte) (crc >>> 8);
        return out;
    }

    /** True when the last two bytes of {@code length} bytes are the CRC of the ones before. */
    public static boolean crcMatches(byte[] bytes, int offset, int length) {
        if (length < 4) {
            return false;
        }
        int crc = crc16(bytes, offset, length - 2);
        return (bytes[offset + length - 2] & 0xFF) == (crc & 0xFF)
                && (bytes[offset + length - 1] & 0xFF) == (crc >>> 8);
    }
}
