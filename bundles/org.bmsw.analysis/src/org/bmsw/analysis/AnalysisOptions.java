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
 * @param reactionS how long an inverter may take to follow a lowered limit before the compliance checks count the
 *        excess ({@value #DEFAULT_REACTION_S} s by default: the analysis README says where the figure comes from)
 */
public record AnalysisOptions(Supplier<Decoder> decoders, String decoderDescription, String profileId,
        NominalLimits limits, int maxFindingsPerCheck, int plotBuckets, double reactionS) {

    public static final int DEFAULT_MAX_FINDINGS_PER_CHECK = 50;
    public static final int DEFAULT_PLOT_BUCKETS = 400;
    /**
     * The reaction time allowed by default, in seconds: a battery sends its limits once a second (Pylon CAN, SMA
     * CAN), a Victron GX passes them to its chargers every 3 s (dbus-systemcalc-py, ADJUST = 3) and the chargers
     * ramp over a second or two, and the measurement is seen a period later: about 7 s, rounded up.
     */
    public static final double DEFAULT_REACTION_S = 8;

    /** Options with the default reaction time. */
    public AnalysisOptions(Supplier<Decoder> decoders, String decoderDescription, String profileId,
            NominalLimits limits, int maxFindingsPerCheck, int plotBuckets) {
        this(decoders, decoderDescription, profileId, limits, maxFindingsPerCheck, plotBuckets, DEFAULT_REACTION_S);
    }

    public AnalysisOptions {
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(decoderDescription, "decoderDescription");
        if (maxFindingsPerCheck < 1 || plotBuckets < 2) {
            throw new IllegalArgumentException("maxFindingsPerCheck >= 1 and plotBuckets >= 2 needed");
        }
        if (!(reactionS >= 0) || reactionS > 86_400) {
            throw new IllegalArgumentException("the reaction time is 0 to 86400 s, not " + reactionS);
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
        return new AnalysisOptions(decoders, decoderDescription, id, ratings, maxFindingsPerCheck, plotBuckets,
                reactionS);
    }

    public AnalysisOptions withMaxFindingsPerCheck(int max) {
        return new AnalysisOptions(decoders, decoderDescription, profileId, limits, max, plotBuckets, reactionS);
    }

    /** These options with {@code seconds} of reaction time allowed. */
    public AnalysisOptions withReactionS(double seconds) {
        return new AnalysisOptions(decoders, decoderDescription, profileId, limits, maxFindingsPerCheck, plotBuckets,
                seconds);
    }
}
