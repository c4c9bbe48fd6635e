package org.bmsw.testdata;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * jqwik generators used as a library from ordinary JUnit tests (jqwik's own engine does not run under
 * tycho-surefire, so there is no shrinking: a failure names the input, to be kept as an example test).
 * Sampling is seeded, so a failure repeats; {@code -Dbmsw.fuzz.scale=N} multiplies every count and
 * {@code -Dbmsw.fuzz.seed=S} changes the seed (releng/fuzz runs the same tests that way for longer).
 */
public final class Samples {

    /** The seed of every sample stream unless {@code bmsw.fuzz.seed} is set. */
    public static final long SEED = Long.getLong("bmsw.fuzz.seed", 20261203L);

    private static final int SCALE = Math.max(1, Integer.getInteger("bmsw.fuzz.scale", 1));

    private Samples() {
    }

    /** A check of one generated input. */
    public interface Check<T> {
        void accept(T input) throws Exception;
    }

    /** How many inputs to try: {@code normal} in the regular test run, more when fuzzing. */
    public static int tries(int normal) {
        return normal * SCALE;
    }

    /**
     * Runs {@code check} on {@link #tries(int) tries(normal)} values of {@code arbitrary} (edge cases mixed in),
     * seeded by the seed and {@code salt}; the first failure is reported with its input.
     */
    public static <T> void check(Arbitrary<T> arbitrary, int normal, long salt, Check<T> check) {
        List<T> values = sample(arbitrary, tries(normal), salt);
        for (int i = 0; i < values.size(); i++) {
            T input = values.get(i);
            try {
                check.accept(input);
            } catch (Exception | AssertionError | LinkageError | StackOverflowError e) {
                throw new AssertionError("input " + i + " of " + values.size() + " (seed " + SEED + ", salt " + salt
                        + ") fails: " + e + "\ninput: " + describe(input), e);
            }
        }
    }

    /** {@code count} values of {@code arbitrary}, seeded by the seed and {@code salt}. */
    public static <T> List<T> sample(Arbitrary<T> arbitrary, int count, long salt) {
        // generators memoize in a jqwik store, which exists only inside a session
        JqwikSession.start();
        try {
            RandomGenerator<T> generator = arbitrary.generatorWithEmbeddedEdgeCases(1000);
            Random random = new Random(SEED ^ salt * 0x9E3779B97F4A7C15L);
            List<T> values = new java.util.ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                values.add(generator.next(random).value());
            }
            return values;
        } finally {
            JqwikSession.finish();
        }
    }

    /** An input as text to paste into an example test: strings Java-escaped, bytes as hex. */
    public static String describe(Object input) {
        if (input instanceof java.util.Collection<?> values) {
            return values.stream().map(Samples::describe).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        if (input instanceof byte[] bytes) {
            return "hex " + HexFormat.of().formatHex(bytes);
        }
        if (input instanceof String text) {
            StringBuilder escaped = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> escaped.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            return escaped.append('"').toString();
        }
        return String.valueOf(input);
    }
}
