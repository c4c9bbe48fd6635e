package org.bmsw.analysis;

import java.util.Objects;
import java.util.function.Supplier;

import org.bmsw.profiles.NominalLimits;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;

/**
 * How to analyse a trace.
 *
 * @param decoders makes one decoder per channel (each channel is one battery or pack), e.g. {@code auto}
 * @param decoderDescription how the decoder was chosen, for the report ({@code auto}, {@code profile X, binding 1})
 * @param profileId the battery profile whose ratings the values are judged against, or null
 * @param limits that profile's ratings, or null
 * @param maxFindingsPerCheck findings kept in detail per check (all are counted)
 * @param plotBuckets buckets per plot series
 */
public record AnalysisOptions(Supplier<Decoder> decoders, String decoderDescription, String profileId,
        NominalLimits limits, int maxFindingsPerCheck, int plotBuckets) {

    public static final int DEFAULT_MAX_FINDINGS_PER_CHECK = 50;
    public static final int DEFAULT_PLOT_BUCKETS = 400;

    public AnalysisOptions {
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(decoderDescription, "decoderDescription");
        if (maxFindingsPerCheck < 1 || plotBuckets < 2) {
            throw new IllegalArgumentException("maxFindingsPerCheck >= 1 and plotBuckets >= 2 needed");
        }
    }

    /** A protocol spec as {@code bmsw decode --protocol} takes it ({@code auto}, {@code pylon-can+voltage-0.1V}). */
    public static AnalysisOptions of(String protocolSpec) {
        DecoderRegistry decoders = DecoderRegistry.getDefault();
        decoders.check(protocolSpec); // fails now, with the known ids, rather than at the first record
        return new AnalysisOptions(() -> decoders.create(protocolSpec), protocolSpec, null, null,
                DEFAULT_MAX_FINDINGS_PER_CHECK, DEFAULT_PLOT_BUCKETS);
    }

    public AnalysisOptions withProfile(String id, NominalLimits ratings) {
        return new AnalysisOptions(decoders, decoderDescription, id, ratings, maxFindingsPerCheck, plotBuckets);
    }

    public AnalysisOptions withMaxFindingsPerCheck(int max) {
        return new AnalysisOptions(decoders, decoderDescription, profileId, limits, max, plotBuckets);
    }
}
