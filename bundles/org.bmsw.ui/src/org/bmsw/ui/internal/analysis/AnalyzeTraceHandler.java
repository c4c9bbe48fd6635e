package org.bmsw.ui.internal.analysis;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

/** File > Analyze Trace...: opens the Analysis view and asks for the trace. */
public final class AnalyzeTraceHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        try {
            AnalysisView view = (AnalysisView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
                    .showView(AnalysisView.ID);
            view.chooseAndAnalyze();
        } catch (PartInitException e) {
            throw new ExecutionException("cannot open the Analysis view", e);
        }
        return null;
    }
}
