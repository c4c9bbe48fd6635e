package org.bmsw.formats;

import java.util.regex.Pattern;

/**
 * Cells of CSV output that people open in a spreadsheet. A text cell starting with {@code = + - @} (or a tab or
 * carriage return) would be run as a formula by Excel or LibreOffice ("CSV injection"), so it gets a leading
 * {@code '}; numbers, negative ones included, stay numbers. Cells with a comma, quote or line break are quoted as
 * RFC 4180 says.
 */
public final class CsvCells {

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private CsvCells() {
    }

    /** {@code value} as one CSV cell, safe to open in a spreadsheet. */
    public static String text(String value) {
        String cell = value;
        if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !isNumber(cell)) {
            cell = "'" + cell;
        }
        if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            cell = '"' + cell.replace("\"", "\"\"") + '"';
        }
        return cell;
    }

    /** True for a plain decimal number such as {@code -12}, {@code 3.25} or {@code 1e-3}. */
    public static boolean isNumber(String value) {
        return NUMBER.matcher(value).matches();
    }
}
