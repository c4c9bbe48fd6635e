package org.bmsw.core.store;

import java.util.List;
import java.util.Objects;

/**
 * What a trace store says about itself in its file header.
 *
 * @param formatVersion the on-disk format version ({@link TraceStoreWriter#FORMAT_VERSION} for new files)
 * @param startTimeNs when the capture started (ns since the Unix epoch), or {@link #UNKNOWN_TIME}
 * @param profile the battery profile the capture was made with, empty when none
 * @param channels the channels known when the file was created; a store may add more later
 *        ({@link TraceStore#channels()} lists all of them)
 */
public record StoreHeader(int formatVersion, long startTimeNs, String profile, List<StoreChannel> channels) {

    /** {@link #startTimeNs} when the writer did not know it (an import learns it from the first record). */
    public static final long UNKNOWN_TIME = Long.MIN_VALUE;

    public StoreHeader {
        Objects.requireNonNull(profile, "profile");
        channels = List.copyOf(channels);
    }
}
