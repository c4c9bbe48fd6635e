package org.bmsw.formats;


/**
 * Cells of CSV output that people open in a spreadsheet. A text cell starting with {@code = + - @} (or a tab or
 * carriage return) would be run as a formula by Excel or LibreOffice ("CSV injection"), so it gets a leading
 * {@code '} and quotes; numbers, negative ones included, stay numbers. Cells with a comma, quote or line break are
 * quoted as RFC 4180 says.
 */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * {@code value} as one CSV cell, safe to open in a spreadsheet: text that would run as a formula gets a leading
     * {@code '} and quotes (as OWASP advises), other text is quoted only when it must be.
     */
    public static String text(String value) {
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !isNumber(value)) {
            return "\"'" + value.replace("\"", "\"\"") + '"';
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** True for a plain decimal number such as {@code -12}, {@code +3.5} or {@code 1e-3} (no regex: start-up). */
    public static boolean isNumber(String value) {
        for (int i = 0; i < value.length(); i++) {
            if ("0123456789.eE+-".indexOf(value.charAt(i)) < 0) {
                return false;
            }
        }
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
