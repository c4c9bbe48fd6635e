package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code bmsw}. */
public interface Command {

    /** The word typed after {@code bmsw}, e.g. {@code "info"}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The full usage text shown by {@code bmsw help NAME} and {@code bmsw NAME --help}. */
    String usage();

    /**
     * Runs the command.
     *
     * @return an exit code: {@link CommandLine#EXIT_OK}, {@link CommandLine#EXIT_FAILED} or
     *         {@link CommandLine#EXIT_USAGE}
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
