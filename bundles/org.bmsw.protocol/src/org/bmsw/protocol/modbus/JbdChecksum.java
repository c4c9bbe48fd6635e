package org.bmsw.protocol.modbus;

/**
 * The JBD/LLT BMS serial framing met on the same RS485 ports as Modbus ({@code DD A5 reg len [data] chk 77}): the
 * checksum is {@code (0x10000 - sum(register, length, data)) mod 0x10000}, sent big-endian.
 */
public final class JbdChecksum {

    private JbdChecksum() {
    }

    /** The checksum of {@code count} bytes from {@code offset} (register, length and data). */
    public static int of(byte[] bytes, int offset, int count) {
        int sum = 0;
        for (int i = offset; i < offset + count; i++) {
            sum += bytes[i] & 0xFF;
        }
        return (0x10000 - sum) & 0xFFFF;
    }

    /** True for a complete frame {@code DD A5|5A reg len data… chk_hi chk_lo 77} whose checksum matches. */
    public static boolean isValidFrame(byte[] frame) {
        if (frame.length < 7 || (frame[0] & 0xFF) != 0xDD || (frame[frame.length - 1] & 0xFF) != 0x77) {
            return false;
        }
        int declared = (frame[frame.length - 3] & 0xFF) << 8 | (frame[frame.length - 2] & 0xFF);
        return declared == of(frame, 2, frame.length - 5);
    }
}
