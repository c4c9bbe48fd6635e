package org.bmsw.ui.internal.problems;

import java.util.List;
import java.util.Objects;

/**
 * One problem the workbench found, whoever found it (the cable checks, later the trace analysis). Plain Java: the
 * model knows nothing of SWT, so any check can feed it.
 *
 * @param source who reported it, e.g. {@code "Cable"}; a source replaces all its problems at once
 * @param check a stable id, e.g. {@code can-h-l-swapped}
 * @param where what to look at, as the technician names it: {@code "battery pin 4 (CAN1_H)"}
 */
public record Problem(Severity severity, String source, String check, String message, List<String> where) {

    public enum Severity {
        ERROR, WARNING, INFO
    }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(message, "message");
        where = List.copyOf(where);
    }
}
