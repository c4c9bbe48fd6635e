package org.bmsw.ui.internal.problems;

import org.eclipse.swt.widgets.Table;

/** Lets the tests of other packages read the Problems view's table. */
public final class ProblemsViewAccess {

    private ProblemsViewAccess() {
    }

    public static Table table(ProblemsView view) {
        return view.viewer().getTable();
    }
}
