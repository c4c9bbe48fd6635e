package org.bmsw.formats.internal;

/** Start and end offsets of the whitespace- (or comma-) separated tokens of one line; reused for every line. */
final class Tokens {

    final int[] starts = new int[160];
    final int[] ends = new int[160];
    int count;

    /** Splits {@code b[start, end)} at spaces and tabs; false when there are more tokens than fit. */
    boolean split(byte[] b, int start, int end) {
        count = 0;
        int p = LineParser.skipSpaces(b, start, end);
        while (p < end) {
            if (count == starts.length) {
                return false;
            }
            starts[count] = p;
            p = LineParser.tokenEnd(b, p, end);
            ends[count++] = p;
            p = LineParser.skipSpaces(b, p, end);
        }
        return true;
    }

    /** Splits at {@code separator}, keeping empty fields. */
    boolean split(byte[] b, int start, int end, byte separator) {
        count = 0;
        int p = start;
        while (true) {
            if (count == starts.length) {
                return false;
            }
            starts[count] = p;
            while (p < end && b[p] != separator) {
                p++;
            }
            ends[count++] = p;
            if (p >= end) {
                return true;
            }
            p++;
        }
    }

    int length(int i) {
        return ends[i] - starts[i];
    }

    boolean is(byte[] b, int i, String text) {
        return LineParser.equalsIgnoreCase(b, starts[i], ends[i], text);
    }

    long hex(byte[] b, int i) {
        return LineParser.hex(b, starts[i], ends[i]);
    }

    long decimal(byte[] b, int i) {
        return LineParser.decimal(b, starts[i], ends[i]);
    }

    String text(byte[] b, int i) {
        return LineParser.text(b, starts[i], ends[i]);
    }

    /** Reads {@code n} tokens from {@code first} on as two-digit hex bytes into {@code data}; false when one is not. */
    boolean hexBytes(byte[] b, int first, int n, byte[] data) {
        for (int i = 0; i < n; i++) {
            int t = first + i;
            if (ends[t] - starts[t] != 2) {
                return false;
            }
            int high = LineParser.HEX[b[starts[t]] & 0xFF];
            int low = LineParser.HEX[b[starts[t] + 1] & 0xFF];
            if (high < 0 || low < 0) {
                return false;
            }
            data[i] = (byte) (high << 4 | low);
        }
        return true;
    }
}
