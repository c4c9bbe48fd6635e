package org.bmsw.ui.internal.problems;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The problems of the workbench, by source. Each source (the Cable view, a trace analysis) replaces its own list
 * whenever it checks again; listeners (the Problems view) hear every change. A source may register how to reveal
 * one of its problems (the Cable view selects the pins). Not thread-safe beyond its listener list: call it from one
 * thread (the UI thread in the workbench).
 */
public final class ProblemModel {

    private static final ProblemModel DEFAULT = new ProblemModel();

    /** A model of its own, for tests; the workbench uses {@link #getDefault()}. */
    public ProblemModel() {
    }

    private final Map<String, List<Problem>> bySource = new LinkedHashMap<>();
    private final Map<String, Consumer<Problem>> revealers = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** The workbench's model. */
    public static ProblemModel getDefault() {
        return DEFAULT;
    }

    /** Replaces every problem of {@code source}. */
    public void set(String source, List<Problem> problems) {
        for (Problem problem : problems) {
            if (!problem.source().equals(source)) {
                throw new IllegalArgumentException("problem of " + problem.source() + " set as " + source);
            }
        }
        if (problems.isEmpty()) {
            bySource.remove(source);
        } else {
            bySource.put(source, List.copyOf(problems));
        }
        listeners.forEach(Runnable::run);
    }

    /** Every problem, errors first, then warnings, then information; within a severity by source. */
    public List<Problem> all() {
        List<Problem> all = new ArrayList<>();
        for (Problem.Severity severity : Problem.Severity.values()) {
            bySource.values().forEach(list -> list.stream().filter(p -> p.severity() == severity).forEach(all::add));
        }
        return all;
    }

    public List<Problem> of(String source) {
        return bySource.getOrDefault(source, List.of());
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** How to show where a problem of {@code source} is; null removes it. */
    public void setRevealer(String source, Consumer<Problem> revealer) {
        if (revealer == null) {
            revealers.remove(source);
        } else {
            revealers.put(source, revealer);
        }
    }

    /** Shows where the problem is, if its source said how; false when it could not. */
    public boolean reveal(Problem problem) {
        Consumer<Problem> revealer = revealers.get(problem.source());
        if (revealer == null) {
            return false;
        }
        revealer.accept(problem);
        return true;
    }
}
