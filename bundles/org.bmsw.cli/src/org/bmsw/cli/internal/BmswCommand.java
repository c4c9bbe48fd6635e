package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command of {@code bmsw}: picocli fills its options, {@link #call} runs it and returns the exit code
 * ({@link Bmsw#EXIT_OK}, {@link Bmsw#EXIT_FAILED}, {@link Bmsw#EXIT_FINDINGS}). Usage errors are thrown as
 * {@link ParameterException} ({@link #usageError}) so they all read alike and exit with {@link Bmsw#EXIT_USAGE}.
 */
abstract class BmswCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    final Services services;
    final PrintStream out;
    final PrintStream err;

    BmswCommand(Bmsw.Invocation invocation) {
        this.services = invocation.services();
        this.out = invocation.out();
        this.err = invocation.err();
    }

    /** {@code bmsw decode}, {@code bmsw dbc check}: how messages on stderr start. */
    String qualifiedName() {
        return spec.qualifiedName();
    }

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
