package org.bmsw.ui.internal.alarms;

import org.bmsw.analysis.AlarmEpisode;
import org.bmsw.ui.internal.live.SessionAnalysis;
import org.bmsw.ui.internal.session.TraceSession;
import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** "Next alarm": moves the Trace view to the frame that raised the next alarm episode after the current row. */
public final class NextAlarmHandler extends AbstractHandler {

    public static final String ID = "org.bmsw.ui.commands.nextAlarm";

    @Override
    public Object execute(ExecutionEvent event) {
        AlarmEpisode next = next(TraceSession.current().cursor());
        if (next != null) {
            AlarmTimelineView.jumpTo(next);
        } else {
            var window = HandlerUtil.getActiveWorkbenchWindow(event);
            if (window != null) {
                window.getShell().getDisplay().beep();
            }
        }
        return null;
    }

    /** The first episode raised after row {@code cursor} (0-based; -1 for "from the start"), or null. */
    static AlarmEpisode next(long cursor) {
        AlarmEpisode best = null;
        for (AlarmEpisode episode : SessionAnalysis.current().result().episodeList()) {
            long row = episode.startRow() - 1;
            if (episode.startRow() != AlarmEpisode.NO_ROW && row > cursor && (best == null || row < best.startRow() - 1)) {
                best = episode;
            }
        }
        return best;
    }
}
