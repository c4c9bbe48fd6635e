package org.bmsw.core.record;

/** Upper-case hex text for bytes, as candump and the trace table show them. */
public final class Hex {

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private Hex() {
    }

    /** Appends {@code bytes} as two hex digits each, with {@code separator} between bytes when it is not 0. */
    public static StringBuilder append(StringBuilder text, byte[] bytes, char separator) {
        for (int i = 0; i < bytes.length; i++) {
            if (separator != 0 && i > 0) {
                text.append(separator);
            }
            text.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        return text;
    }

    /** {@code "14 02 C0"}: bytes separated by spaces. */
    public static String spaced(byte[] bytes) {
        return append(new StringBuilder(bytes.length * 3), bytes, ' ').toString();
    }

    /** The hex digit for {@code value} (0-15). */
    public static char digit(int value) {
        return DIGITS[value & 0xF];
    }
}
