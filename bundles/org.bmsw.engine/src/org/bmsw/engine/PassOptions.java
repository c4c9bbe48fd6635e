package org.bmsw.engine;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * How to run a pass over a trace.
 *
 * @param channel only the records of this channel (one battery per channel, e.g. {@code can1}); null for all
 * @param strict stop at the first malformed line instead of skipping it
 * @param progressBytes told the bytes read so far, now and then; null for none
 * @param cancelled polled now and then; when it answers true the pass stops with a
 *            {@link java.util.concurrent.CancellationException}; null for never
 */
public record PassOptions(String channel, boolean strict, LongConsumer progressBytes, BooleanSupplier cancelled) {

    /** Every channel, lenient, no progress, no cancel. */
    public static final PassOptions DEFAULT = new PassOptions(null, false, null, null);

    public PassOptions withChannel(String name) {
        return new PassOptions(name, strict, progressBytes, cancelled);
    }

    public PassOptions withStrict(boolean value) {
        return new PassOptions(channel, value, progressBytes, cancelled);
    }

    public PassOptions withProgress(LongConsumer listener) {
        return new PassOptions(channel, strict, listener, cancelled);
    }

    public PassOptions withCancel(BooleanSupplier check) {
        return new PassOptions(channel, strict, progressBytes, check);
    }
}
