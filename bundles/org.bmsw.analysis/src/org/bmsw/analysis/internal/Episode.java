package org.bmsw.analysis.internal;

import java.util.ArrayList;
import java.util.List;

import org.bmsw.analysis.Checks;
import org.bmsw.analysis.Finding;
import org.bmsw.analysis.FrameRef;
import org.bmsw.analysis.Severity;

/**
 * A condition tracked over time: it opens when first true, follows the worst value while true, and becomes one
 * {@link Finding} when it turns false (or at the end of the trace). Keeps three frames: first, worst, last.
 */
public final class Episode {

    /** Makes the finding's message from the episode's figures. */
    @FunctionalInterface
    public interface Describer {
        String describe(double worst, double limit, long startNs, long endNs, long evaluations);
    }

    private final String check;
    private final Severity severity;
    private final String channel;
    private final String quantity;
    /** +1 when a larger value is worse, -1 when a smaller one is, 0 when the farther from the limit the worse. */
    private final int direction;
    private final Describer describer;
    /** Set by {@link #countUnkeptIn}: findings it would not keep are counted there, not written. */
    private FindingCollector collector;

    private boolean open;
    private long startNs;
    private long endNs;
    private double worst;
    private double worstLimit;
    private FrameRef first;
    private FrameRef worstFrame;
    private FrameRef lastFrame;
    private long evaluations;

    public Episode(String check, Severity severity, String channel, String quantity, int direction,
            Describer describer) {
        this.check = check;
        this.severity = severity;
        this.channel = channel;
        this.quantity = quantity;
        this.direction = direction;
        this.describer = describer;
    }

    /**
     * Episodes that {@code findings} would not keep (beyond the first ones of the check, and not the longest) are
     * counted in it directly and {@link #update} gives null for them: their message is never written. For checks
     * whose episodes come by the thousand (packs apart while one pack's values swing).
     */
    public Episode countUnkeptIn(FindingCollector findings) {
        this.collector = findings;
        return this;
    }

    /**
     * One evaluation: {@code violated} with {@code value} against {@code limit} at {@code frame}. Returns the
     * finding when an open episode ends here, else null.
     */
    public Finding update(boolean violated, double value, double limit, FrameRef frame) {
        if (violated) {
            if (!open) {
                open = true;
                startNs = frame.timestampNs();
                first = frame;
                worst = value;
                worstLimit = limit;
                worstFrame = frame;
                evaluations = 0;
            } else if (badness(value, limit) > badness(worst, worstLimit)) {
                worst = value;
                worstLimit = limit;
                worstFrame = frame;
            }
            evaluations++;
            endNs = frame.timestampNs();
            lastFrame = frame;
            return null;
        }
        if (open) {
            // the episode lasted until the frame that showed it over
            endNs = frame.timestampNs();
            return close(frame);
        }
        return null;
    }

    private double badness(double value, double limit) {
        return direction == 0 ? Math.abs(value - limit) : direction * (value - limit);
    }

    /** Ends an open episode at the end of the trace; null if none is open. */
    public Finding finish() {
        return open ? close(null) : null;
    }

    public boolean isOpen() {
        return open;
    }

    private Finding close(FrameRef endFrame) {
        open = false;
        long durationNs = Math.max(0, endNs - startNs); // as Finding.durationNs
        if (collector != null && !collector.keeps(check, durationNs)) {
            collector.addUnkept(check, severity, durationNs);
            return null;
        }
        List<FrameRef> frames = new ArrayList<>(Checks.MAX_FRAMES);
        frames.add(first);
        if (worstFrame != first) {
            frames.add(worstFrame);
        }
        if (lastFrame != worstFrame && lastFrame != first) {
            frames.add(lastFrame);
        }
        if (endFrame != null) {
            frames.add(endFrame);
        }
        return new Finding(check, severity, channel, describer.describe(worst, worstLimit, startNs, endNs,
                evaluations) + (endFrame == null ? " (still so at the end of the trace)" : ""), startNs, endNs,
                quantity, worst, worstLimit, frames);
    }
}
