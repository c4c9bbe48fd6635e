package org.bmsw.protocol.filter;

/** A filter expression that does not parse, with the column (1-based) where it went wrong. */
public final class FilterSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int column;

    public FilterSyntaxException(int column, String reason) {
        super("column " + column + ": " + reason);
        this.column = column;
    }

    /** 1-based column in the expression text. */
    public int column() {
        return column;
    }
}
