package org.bmsw.protocol.detect;

import java.util.List;

/**
 * What {@link ProtocolDetector} concluded about a trace.
 *
 * @param protocolId {@code pylon-can}, {@code sma-can}, {@code pylon-rs485}, {@code modbus}, or {@code unknown}
 * @param layout the protocol's layout where it has several ({@code 1.2}, {@code 1.3} for Pylon CAN), else ""
 * @param variants variant ids to apply (e.g. {@code voltage-0.1V}), each backed by a line in {@code evidence}
 * @param evidence why, one readable line each
 * @param missing identifiers the layout requires that the trace lacks, e.g. {@code 0x35C}
 * @param unknownIds identifiers seen that the protocol does not define
 * @param periods measured against expected periods, per identifier seen at least twice with timestamps
 * @param notUnderstood identifiers the protocol defines whose frames fit neither its layout nor a variant's (too
 *        short, or values no battery can have), one line each: the first frame that does not fit and why, e.g.
 *        {@code 0x373: 4 data bytes, layout needs 8 (sma-can CellInfo): 01 00 00 00 (1 frame of 0x373)}
 */
public record Detection(String protocolId, String layout, List<String> variants, List<String> evidence,
        List<String> missing, List<String> unknownIds, List<PeriodCheck> periods, List<String> notUnderstood) {

    public Detection {
        variants = List.copyOf(variants);
        evidence = List.copyOf(evidence);
        missing = List.copyOf(missing);
        unknownIds = List.copyOf(unknownIds);
        periods = List.copyOf(periods);
        notUnderstood = List.copyOf(notUnderstood);
    }

    /** A detection in which every identifier the protocol defines fits its layout. */
    public Detection(String protocolId, String layout, List<String> variants, List<String> evidence,
            List<String> missing, List<String> unknownIds, List<PeriodCheck> periods) {
        this(protocolId, layout, variants, evidence, missing, unknownIds, periods, List.of());
    }

    /** The spec for {@code DecoderRegistry.create}: the id with its variants, e.g. {@code pylon-can+voltage-0.1V}. */
    public String decoderSpec() {
        return variants.isEmpty() ? protocolId : protocolId + "+" + String.join("+", variants);
    }

    public boolean isKnown() {
        return !protocolId.equals("unknown");
    }
}
