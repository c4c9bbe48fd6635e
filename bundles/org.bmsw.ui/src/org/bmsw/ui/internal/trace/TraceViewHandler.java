package org.bmsw.ui.internal.trace;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * The Trace view's keyboard commands (declared in plugin.xml with their key bindings): focus the filter, find
 * next/previous, toggle bookmark, next/previous bookmark. Works from any view: it brings the Trace view up.
 */
public final class TraceViewHandler extends AbstractHandler {

    static final String FOCUS_FILTER = "org.bmsw.ui.commands.trace.filter";
    static final String FIND_NEXT = "org.bmsw.ui.commands.trace.findNext";
    static final String FIND_PREVIOUS = "org.bmsw.ui.commands.trace.findPrevious";
    static final String TOGGLE_BOOKMARK = "org.bmsw.ui.commands.trace.toggleBookmark";
    static final String NEXT_BOOKMARK = "org.bmsw.ui.commands.trace.nextBookmark";
    static final String PREVIOUS_BOOKMARK = "org.bmsw.ui.commands.trace.previousBookmark";
    static final String NEXT_ALARM = "org.bmsw.ui.commands.trace.nextAlarm";

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        TraceView view = part instanceof TraceView trace ? trace : null;
        if (view == null) {
            IWorkbenchPage page = HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage();
            try {
                view = (TraceView) page.showView(TraceView.ID);
            } catch (PartInitException e) {
                throw new ExecutionException("cannot open the Trace view: " + e.getMessage(), e);
            }
        }
        switch (event.getCommand().getId()) {
        case FOCUS_FILTER -> view.focusFilter();
        case FIND_NEXT -> view.find(true);
        case FIND_PREVIOUS -> view.find(false);
        case TOGGLE_BOOKMARK -> view.toggleBookmark();
        case NEXT_BOOKMARK -> view.gotoBookmark(true);
        case PREVIOUS_BOOKMARK -> view.gotoBookmark(false);
        case NEXT_ALARM -> view.findNextAlarm();
        default -> throw new ExecutionException("unknown command " + event.getCommand().getId());
        }
        return null;
    }
}
