package org.bmsw.analysis;

/**
 * One bucket of a decimated plot series.
 *
 * @param x the bucket's start: time in ns, or the frame row when the trace has no time ({@link AnalysisReport#xAxis()})
 * @param min smallest value in the bucket
 * @param max largest value in the bucket
 * @param last the bucket's last value
 */
public record SeriesPoint(long x, double min, double max, double last) {
}
