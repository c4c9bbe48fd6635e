package org.bmsw.protocol.dbc;

import java.util.List;

/** A DBC file with errors, thrown by {@link DbcParser#parseStrict}; the message lists every {@code file:line:column}. */
public final class DbcParseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<DbcDiagnostic> diagnostics;

    public DbcParseException(List<DbcDiagnostic> diagnostics) {
        super(String.join("\n", diagnostics.stream().map(DbcDiagnostic::toString).toList()));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<DbcDiagnostic> diagnostics() {
        return diagnostics;
    }
}
