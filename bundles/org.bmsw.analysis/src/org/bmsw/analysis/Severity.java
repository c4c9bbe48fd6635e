package org.bmsw.analysis;

import java.util.Arrays;
import java.util.Optional;

/** How bad a finding is; {@code --fail-on} compares against it. Declared from the least to the most serious. */
public enum Severity {
    /** Worth knowing (what was detected, what could not be checked). */
    INFO("info"),
    /** Suspicious; a person should look. */
    WARNING("warning"),
    /** Wrong: a limit broken, a protection raised, a required message missing. */
    ERROR("error");

    private final String canonicalName;

    Severity(String canonicalName) {
        this.canonicalName = canonicalName;
    }

    public String canonicalName() {
        return canonicalName;
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public static Optional<Severity> byName(String name) {
        return Arrays.stream(values()).filter(s -> s.canonicalName.equals(name)).findFirst();
    }
}
