package org.bmsw.report;

/**
 * A commissioning report could not be made: an input is missing or wrong ({@code site.json:3: ...}). {@link #usage}
 * tells a request that was wrong (an unknown profile or protocol) from an input that could not be read.
 */
public final class ReportException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean usage;

    public ReportException(String message, boolean usage) {
        super(message);
        this.usage = usage;
    }

    /** True when the request itself was wrong (the command line's exit code 2), false for an input (exit 1). */
    public boolean usage() {
        return usage;
    }
}
