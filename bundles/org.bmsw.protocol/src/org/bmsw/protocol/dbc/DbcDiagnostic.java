package org.bmsw.protocol.dbc;

/**
 * A problem found while reading a DBC file, shown as {@code file:line:column: reason}.
 *
 * @param error true when a statement was dropped; false for a warning (an unknown section skipped, ...)
 */
public record DbcDiagnostic(String source, int line, int column, boolean error, String reason) {

    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + (error ? "" : "warning: ") + reason;
    }
}
