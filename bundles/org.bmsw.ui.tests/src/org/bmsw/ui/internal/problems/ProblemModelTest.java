package org.bmsw.ui.internal.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The problem model any check can feed: per source, errors first, listeners, reveal. */
class ProblemModelTest {

    private static Problem problem(Problem.Severity severity, String source, String check) {
        return new Problem(severity, source, check, check + " message", List.of());
    }

    @Test
    void eachSourceReplacesItsOwnProblemsAndErrorsComeFirst() {
        ProblemModel model = new ProblemModel();
        List<String> heard = new ArrayList<>();
        model.addListener(() -> heard.add("changed"));
        model.set("Trace", List.of(problem(Problem.Severity.WARNING, "Trace", "stale-id")));
        model.set("Cable", List.of(problem(Problem.Severity.INFO, "Cable", "termination"),
                problem(Problem.Severity.ERROR, "Cable", "nc-wired")));
        assertEquals(List.of("nc-wired", "stale-id", "termination"), model.all().stream().map(Problem::check).toList());
        model.set("Cable", List.of());
        assertEquals(List.of("stale-id"), model.all().stream().map(Problem::check).toList());
        assertEquals(3, heard.size());
        assertThrows(IllegalArgumentException.class,
                () -> model.set("Cable", List.of(problem(Problem.Severity.ERROR, "Trace", "x"))));
    }

    @Test
    void revealGoesToTheSourcesRevealer() {
        ProblemModel model = new ProblemModel();
        Problem problem = problem(Problem.Severity.ERROR, "Cable", "nc-wired");
        assertFalse(model.reveal(problem));
        List<Problem> revealed = new ArrayList<>();
        model.setRevealer("Cable", revealed::add);
        assertTrue(model.reveal(problem));
        assertEquals(List.of(problem), revealed);
    }
}
