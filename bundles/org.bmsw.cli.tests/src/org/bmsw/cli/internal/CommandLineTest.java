package org.bmsw.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the command tests share: runs {@code bmsw} command lines in this JVM, as a terminal would, and keeps what
 * the last one printed on standard output and standard error. A test gives its own services by overriding
 * {@link #services()} (profiles of its own, ports, a terminal).
 */
abstract class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The services the command lines run with: the product's, by default. */
    protected Services services() {
        return Services.of("0.1.0.test");
    }

    /** Runs one command line; returns its exit code. What it printed replaces what the previous one did. */
    protected int run(String... args) {
        out.reset();
        err.reset();
        return new Bmsw(services()).execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Standard output of the last command line. */
    protected String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error of the last command line. */
    protected String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
