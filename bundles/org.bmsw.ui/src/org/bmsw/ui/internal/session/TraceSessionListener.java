package org.bmsw.ui.internal.session;

/**
 * Hears what happens to the workbench's {@link TraceSession}. Every method is called in the UI thread; the
 * defaults do nothing, so a view overrides only what it shows.
 */
public interface TraceSessionListener {

    /** Another trace is shown (opened from a file, a new capture, or none): everything shown is stale. */
    default void traceChanged() {
    }

    /** Rows {@code oldSize .. newSize-1} were appended to the trace being shown (live capture). */
    default void traceGrew(long oldSize, long newSize) {
    }

    /** The current row changed (a view selected a row, or a jump); -1 for none. */
    default void cursorMoved(long row) {
    }
}
