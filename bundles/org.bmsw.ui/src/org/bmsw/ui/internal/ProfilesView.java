package org.bmsw.ui.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.part.ViewPart;

/**
 * The battery and inverter profiles the workbench knows (built in and from vendor plugins), down to every pin,
 * and the contributions that were skipped with the reason.
 */
public final class ProfilesView extends ViewPart {

    public static final String ID = "org.bmsw.ui.views.profiles";

    /** A top-level group of the tree. */
    record Group(String label, List<?> children) {
    }

    /** A skipped contribution. */
    record Problem(ProfileProblem problem) {
    }

    private TreeViewer viewer;
    /** Shows the registry again when it changes (a profile folder saved), from whichever thread changed it. */
    private final Runnable registryChanged = () -> {
        Display display = this.display;
        if (display != null && !display.isDisposed()) {
            display.asyncExec(() -> {
                if (!viewer.getControl().isDisposed()) {
                    setRegistry(ProfileRegistry.getDefault());
                }
            });
        }
    };
    private volatile Display display;

    @Override
    public void createPartControl(Composite parent) {
        Composite holder = new Composite(parent, SWT.NONE);
        holder.setLayout(new FillLayout());
        viewer = new TreeViewer(holder, SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTree().setHeaderVisible(true);
        viewer.getTree().setLinesVisible(true);
        viewer.setContentProvider(new ContentProvider());
        addColumn("Profile, port, pin", ProfilesView::name);
        addColumn("Signal", ProfilesView::signal);
        addColumn("Bus", ProfilesView::bus);
        addColumn("Note", ProfilesView::note);
        ColumnFit.install(viewer.getTree(), 3); // the note takes the width the others leave
        setRegistry(ProfileRegistry.getDefault());
        display = parent.getDisplay();
        ProfileRegistry.getDefault().addChangeListener(registryChanged);
    }

    @Override
    public void dispose() {
        ProfileRegistry.getDefault().removeChangeListener(registryChanged);
        super.dispose();
    }

    /** Shows the profiles of {@code registry}; call in the UI thread. */
    public void setRegistry(ProfileRegistry registry) {
        List<Group> groups = new ArrayList<>();
        groups.add(new Group("Batteries", registry.batteries()));
        groups.add(new Group("Inverters", registry.inverters()));
        if (!registry.problems().isEmpty()) {
            groups.add(new Group("Skipped contributions", registry.problems().stream().map(Problem::new).toList()));
        }
        viewer.setInput(groups);
        viewer.expandToLevel(2);
        ColumnFit fit = ColumnFit.of(viewer.getTree());
        if (fit != null) {
            fit.pack();
        }
    }

    private void addColumn(String title, Function<Object, String> text) {
        TreeViewerColumn column = new TreeViewerColumn(viewer, SWT.LEFT);
        column.getColumn().setText(title);
        column.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply(element);
            }
        });
    }

    private static String name(Object element) {
        if (element instanceof Group group) {
            return group.label() + " (" + group.children().size() + ")";
        }
        if (element instanceof DeviceProfile profile) {
            return profile.vendor() + " " + profile.model() + "  [" + profile.id() + "]";
        }
        if (element instanceof Port port) {
            return "port " + port.id() + " (" + port.connector().xmlName() + ")";
        }
        if (element instanceof Pin pin) {
            return pin.label();
        }
        if (element instanceof Problem problem) {
            return problem.problem().origin().toString();
        }
        return "";
    }

    private static String signal(Object element) {
        return element instanceof Pin pin ? pin.signal().xmlName() : "";
    }

    private static String bus(Object element) {
        return element instanceof Pin pin ? String.join(" ", pin.buses()) : "";
    }

    private static String note(Object element) {
        if (element instanceof DeviceProfile profile) {
            return "from " + profile.origin().contributor();
        }
        if (element instanceof Port port) {
            return port.label();
        }
        if (element instanceof Pin pin) {
            return pin.note();
        }
        if (element instanceof Problem problem) {
            ProfileProblem p = problem.problem();
            return (p.line() > 0 ? "line " + p.line() + ": " : "") + p.message();
        }
        return "";
    }

    TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    private static final class ContentProvider implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return ((List<?>) input).toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            if (parent instanceof Group group) {
                return group.children().toArray();
            }
            if (parent instanceof DeviceProfile profile) {
                return profile.ports().toArray();
            }
            if (parent instanceof Port port) {
                return port.pins().toArray();
            }
            return new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof Group || element instanceof DeviceProfile || element instanceof Port;
        }
    }
}
