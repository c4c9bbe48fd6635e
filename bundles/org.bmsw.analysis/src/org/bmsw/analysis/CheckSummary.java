package org.bmsw.analysis;

/**
 * All findings of one check in a trace, including those not kept in detail.
 *
 * @param check the check id
 * @param severity the most serious severity among its findings
 * @param count how many findings (episodes) there were
 * @param kept how many of them the report lists in detail (the first ones)
 * @param totalDurationNs their summed duration
 */
public record CheckSummary(String check, Severity severity, long count, int kept, long totalDurationNs) {
}
