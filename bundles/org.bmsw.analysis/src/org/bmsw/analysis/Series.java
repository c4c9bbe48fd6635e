package org.bmsw.analysis;

import java.util.List;

/** A decimated plot of one quantity of one channel: at most a few hundred {@link SeriesPoint}s for any trace. */
public record Series(String quantity, List<SeriesPoint> points) {

    public Series {
        points = List.copyOf(points);
    }
}
