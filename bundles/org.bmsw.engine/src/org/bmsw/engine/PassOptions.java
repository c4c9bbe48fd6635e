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
 * @param readAhead a long trace may be read on a second thread while the calling thread decodes (the default);
 *            false keeps the whole pass on the calling thread, for callers that already run a pass per core
 */
public record PassOptions(String channel, boolean strict, LongConsumer progressBytes, BooleanSupplier cancelled,
        boolean readAhead) {

    /** Every channel, lenient, no progress, no cancel, long traces read ahead. */
    public static final PassOptions DEFAULT = new PassOptions(null, false, null, null, true);

    /** Long traces read ahead on a second thread. */
    public PassOptions(String channel, boolean strict, LongConsumer progressBytes, BooleanSupplier cancelled) {
        this(channel, strict, progressBytes, cancelled, true);
    }

    public PassOptions withChannel(String name) {
        return new PassOptions(name, strict, progressBytes, cancelled, readAhead);
    }

    public PassOptions withStrict(boolean value) {
        return new PassOptions(channel, value, progressBytes, cancelled, readAhead);
    }

    public PassOptions withProgress(LongConsumer listener) {
        return new PassOptions(channel, strict, listener, cancelled, readAhead);
    }

    public PassOptions withCancel(BooleanSupplier check) {
        return new PassOptions(channel, strict, progressBytes, check, readAhead);
    }

    public PassOptions withReadAhead(boolean value) {
        return new PassOptions(channel, strict, progressBytes, cancelled, value);
    }
}
