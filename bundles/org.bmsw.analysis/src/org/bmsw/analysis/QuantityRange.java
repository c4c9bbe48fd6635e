package org.bmsw.analysis;

/** The smallest and largest value a channel sent for a quantity ({@code soc_pct}, ...), and how often. */
public record QuantityRange(String quantity, double min, double max, long count) {
}
