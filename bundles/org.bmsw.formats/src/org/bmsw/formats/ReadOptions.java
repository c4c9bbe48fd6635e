package org.bmsw.formats;

import java.util.function.LongConsumer;

/**
 * How to read a trace.
 *
 * @param strict stop at the first malformed line (with {@link TraceFormatException}) instead of skipping it
 * @param progressBytes called now and then with the number of bytes read so far; may be null
 * @param maxListedProblems how many {@code file:line: reason} messages {@link ReadReport#problems()} keeps
 */
public record ReadOptions(boolean strict, LongConsumer progressBytes, int maxListedProblems) {

    public static final ReadOptions LENIENT = new ReadOptions(false, null, 20);
    public static final ReadOptions STRICT = new ReadOptions(true, null, 20);

    public ReadOptions withProgress(LongConsumer listener) {
        return new ReadOptions(strict, listener, maxListedProblems);
    }
}
