package org.bmsw.ui.internal.live;

import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;

/**
 * Writes a PNG of a view as it is on screen into the folder named by the system property {@code bmsw.screenshot.dir}
 * (set by this fragment's pom; releng/scripts/update-screenshots.sh copies them into releng/docs). Does nothing
 * when the property is not set.
 */
public final class Screenshots {

    private Screenshots() {
    }

    public static void take(String viewId, String fileName) throws Exception {
        String dir = System.getProperty("bmsw.screenshot.dir");
        if (dir == null || dir.isBlank()) {
            return;
        }
        if (PlatformUI.getWorkbench().getViewRegistry().find(viewId) == null) {
            return; // a view of another bundle not installed in this build
        }
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IViewPart view = page.showView(viewId);
        settle(400);
        MPart part = view.getSite().getService(MPart.class);
        if (part == null || !(part.getWidget() instanceof Control control) || control.isDisposed()) {
            return;
        }
        Point size = control.getSize();
        if (size.x <= 0 || size.y <= 0) {
            return;
        }
        Display display = control.getDisplay();
        Image image = new Image(display, size.x, size.y);
        GC gc = new GC(control);
        try {
            gc.copyArea(image, 0, 0);
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            Path folder = Path.of(dir);
            Files.createDirectories(folder);
            loader.save(folder.resolve(fileName).toString(), SWT.IMAGE_PNG);
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    /** Lets the UI paint for {@code millis}. */
    public static void settle(long millis) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < end) {
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
