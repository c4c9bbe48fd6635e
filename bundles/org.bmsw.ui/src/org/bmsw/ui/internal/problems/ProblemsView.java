package org.bmsw.ui.internal.problems;

import java.util.List;
import java.util.function.Function;

import org.bmsw.ui.internal.ColumnFit;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

/**
 * The workbench's own Problems view: every problem of the {@link ProblemModel} with its severity, what to do and
 * where (the pins). Double-click shows where it is (the Cable view selects the pins).
 */
public final class ProblemsView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.problems";

    private final Runnable listener = this::refresh;
    private TableViewer viewer;

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new FillLayout());
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        ColumnViewerToolTipSupport.enableFor(viewer); // a long message reads in full on hover
        column("Description", Problem::message, true);
        column("Where", problem -> String.join(", ", problem.where()), false);
        column("Source", Problem::source, false);
        column("Check", Problem::check, false);
        ColumnFit.install(viewer.getTable(), 0); // the description takes the width the others leave
        viewer.addDoubleClickListener(event -> {
            Object first = ((IStructuredSelection) event.getSelection()).getFirstElement();
            if (first instanceof Problem problem) {
                ProblemModel.getDefault().reveal(problem);
            }
        });
        getSite().setSelectionProvider(viewer);
        ProblemModel.getDefault().addListener(listener);
        refresh();
    }

    private void column(String title, Function<Problem, String> text, boolean withIcon) {
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((Problem) element);
            }

            @Override
            public Image getImage(Object element) {
                return withIcon ? icon(((Problem) element).severity()) : null;
            }

            @Override
            public String getToolTipText(Object element) {
                return ((Problem) element).message();
            }
        });
    }

    /** The workbench's own marker icons, as the IDE's Problems view shows them. */
    public static Image icon(Problem.Severity severity) {
        String key = switch (severity) {
        case ERROR -> ISharedImages.IMG_OBJS_ERROR_TSK;
        case WARNING -> ISharedImages.IMG_OBJS_WARN_TSK;
        case INFO -> ISharedImages.IMG_OBJS_INFO_TSK;
        };
        return PlatformUI.getWorkbench().getSharedImages().getImage(key);
    }

    private void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        List<Problem> all = ProblemModel.getDefault().all();
        viewer.setInput(all);
        ColumnFit.of(viewer.getTable()).pack();
        long errors = all.stream().filter(p -> p.severity() == Problem.Severity.ERROR).count();
        long warnings = all.stream().filter(p -> p.severity() == Problem.Severity.WARNING).count();
        setContentDescription(errors + " errors, " + warnings + " warnings, " + (all.size() - errors - warnings)
                + " others");
    }

    /** The problems listed, in their order, for tests. */
    TableViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        ProblemModel.getDefault().removeListener(listener);
        super.dispose();
    }
}
