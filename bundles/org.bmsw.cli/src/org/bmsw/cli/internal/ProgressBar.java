package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * A one-line progress bar on the terminal ({@code \r}-redrawn, at most ten times a second), for reading long
 * files. {@link #forFile} gives none when stderr is not a terminal or the file is short, so scripts and tests
 * never see one.
 */
final class ProgressBar implements LongConsumer {

    /** Files below this read in well under a second: no bar. */
    static final long MIN_BYTES = 64L << 20;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long totalBytes;
    private final String label;
    private long lastDrawNs;
    private boolean drawn;

    ProgressBar(PrintStream out, long totalBytes, String label) {
        this.out = out;
        this.totalBytes = Math.max(1, totalBytes);
        this.label = label;
    }

    /** A bar for reading {@code totalBytes} when the user is at a terminal and the file is long, else null. */
    static ProgressBar forFile(PrintStream out, long totalBytes, String label) {
        return System.console() != null && totalBytes >= MIN_BYTES ? new ProgressBar(out, totalBytes, label) : null;
    }

    @Override
    public void accept(long bytesDone) {
        long now = System.nanoTime();
        if (drawn && now - lastDrawNs < 100_000_000L && bytesDone < totalBytes) {
            return;
        }
        lastDrawNs = now;
        drawn = true;
        out.print(render(bytesDone));
        out.flush();
    }

    String render(long bytesDone) {
        double fraction = Math.min(1.0, (double) bytesDone / totalBytes);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format("\r%s [%s%s] %3d%%  %,d / %,d MB", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                Math.round(fraction * 100), bytesDone >> 20, totalBytes >> 20);
    }

    /** Clears the bar's line so the result prints on a clean line. */
    void finish() {
        if (drawn) {
            out.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
