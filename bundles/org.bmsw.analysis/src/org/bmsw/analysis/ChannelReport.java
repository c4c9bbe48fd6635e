package org.bmsw.analysis;

import java.util.List;
import java.util.Map;

/**
 * What one channel (one battery or pack) said, for the report.
 *
 * @param channel e.g. {@code can0}
 * @param protocolId the protocol decoded with, e.g. {@code pylon-can}
 * @param layout the layout detected ({@code 1.2}), or {@code ""}
 * @param variants the decoder's variant choices, one line each
 * @param messages decoded messages
 * @param firstNs time of its first record
 * @param lastNs time of its last record
 * @param finalState the battery state at its end, canonical names ({@code BatteryState#toCanonicalMap})
 * @param ranges min/max per quantity sent
 * @param series decimated plots (soc_pct, voltage_V, current_A, limits, temperature_C)
 * @param episodes alarm episodes, closed and open
 */
public record ChannelReport(String channel, String protocolId, String layout, List<String> variants, long messages,
        long firstNs, long lastNs, Map<String, Object> finalState, List<QuantityRange> ranges, List<Series> series,
        List<AlarmEpisode> episodes) {

    public ChannelReport {
        variants = List.copyOf(variants);
        ranges = List.copyOf(ranges);
        series = List.copyOf(series);
        episodes = List.copyOf(episodes);
    }

    public java.util.Optional<Series> series(String quantity) {
        return series.stream().filter(s -> s.quantity().equals(quantity)).findFirst();
    }

    public java.util.Optional<QuantityRange> range(String quantity) {
        return ranges.stream().filter(r -> r.quantity().equals(quantity)).findFirst();
    }
}
