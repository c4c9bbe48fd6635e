package org.bmsw.ui.internal.plot;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.handlers.HandlerUtil;

/** Pan and zoom of the active Plot view, for the key bindings of plugin.xml. */
public final class PlotCommandHandler extends AbstractHandler {

    public static final String PAN_LEFT = "org.bmsw.ui.commands.plotPanLeft";
    public static final String PAN_RIGHT = "org.bmsw.ui.commands.plotPanRight";
    public static final String ZOOM_IN = "org.bmsw.ui.commands.plotZoomIn";
    public static final String ZOOM_OUT = "org.bmsw.ui.commands.plotZoomOut";
    public static final String FIT = "org.bmsw.ui.commands.plotFit";

    @Override
    public Object execute(ExecutionEvent event) {
        IWorkbenchPart part = HandlerUtil.getActivePart(event);
        if (!(part instanceof PlotView plot)) {
            return null;
        }
        switch (event.getCommand().getId()) {
        case PAN_LEFT -> plot.canvas().panBy(-0.1);
        case PAN_RIGHT -> plot.canvas().panBy(0.1);
        case ZOOM_IN -> plot.canvas().zoomBy(1.5);
        case ZOOM_OUT -> plot.canvas().zoomBy(1 / 1.5);
        case FIT -> plot.canvas().fit();
        default -> {
        }
        }
        return null;
    }
}
