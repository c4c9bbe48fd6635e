package org.bmsw.core.state;

import java.util.Comparator;
import java.util.Objects;

/** An active alarm: {@code {name, level}}, ordered protections first, then by name. */
public record Alarm(AlarmName name, AlarmLevel level) implements Comparable<Alarm> {

    private static final Comparator<Alarm> ORDER = Comparator.comparing(Alarm::level).thenComparing(Alarm::name);

    public Alarm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(level, "level");
    }

    @Override
    public int compareTo(Alarm other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return name.canonicalName() + "/" + level.canonicalName();
    }
}
