package org.bmsw.engine;

/**
 * Why the engine cannot go on, in words a user can act on ({@code site.log: no such file}, {@code unknown
 * profile 'x'; known: ...}), and whose fault it is: the request ({@link Kind#USAGE}) or the input
 * ({@link Kind#INPUT}). The command line turns the kind into its exit code.
 */
public final class EngineException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Whose fault. */
    public enum Kind {
        /** The request names something that does not exist (a protocol, a profile, a variant). */
        USAGE,
        /** A file cannot be read or is not what it should be (a trace, a DBC, a register map). */
        INPUT
    }

    private final Kind kind;

    public EngineException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
