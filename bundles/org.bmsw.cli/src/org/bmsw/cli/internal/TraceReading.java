package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.Map;

import org.bmsw.analysis.AnalysisOptions;
import org.bmsw.analysis.AnalysisReport;
import org.bmsw.engine.DecoderRequest;
import org.bmsw.engine.EngineException;
import org.bmsw.engine.PassConsumer;
import org.bmsw.engine.PassOptions;
import org.bmsw.engine.PassResult;
import org.bmsw.engine.ResolvedDecoder;
import org.bmsw.engine.TraceEngine;
import org.bmsw.engine.TraceInput;
import org.bmsw.formats.ReadReport;

import picocli.CommandLine.ParameterException;

/**
 * How the trace commands show the engine's work on stderr: how the decoder was chosen, problems of a user's DBC,
 * the progress bar on a terminal, skipped lines with their count. The work itself is the engine's.
 */
final class TraceReading {

    /** A failure with the exit code to return; the message is printed after {@code bmsw COMMAND: }. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** A trace opened and its decoder resolved. */
    record Prepared(TraceInput input, ResolvedDecoder decoder, PassOptions options) {
    }

    private final BmswCommand command;
    private final TraceEngine engine;
    private final PrintStream err;

    TraceReading(BmswCommand command) {
        this.command = command;
        this.engine = command.services.engine().get();
        this.err = command.err;
    }

    TraceEngine engine() {
        return engine;
    }

    /**
     * Opens TRACE and resolves its decoder; says on stderr how a profile's binding or a user's DBC was applied.
     *
     * @throws ParameterException for an unknown protocol, variant or profile (usage, exit 2), checked before the
     *             trace is touched when it can be
     * @throws Failure for a trace or file that cannot be read (exit 1)
     */
    Prepared prepare(SharedOptions.TraceInput given) throws Failure {
        DecoderRequest request = given.decoder.request();
        if (request.protocol() != null && request.profile() != null) {
            throw command.usageError("give --protocol or --profile, not both");
        }
        if (request.profile() == null) {
            check(request); // a typo in --protocol is a usage error even for a missing file
        }
        TraceInput input = call(() -> engine.open(given.trace));
        ResolvedDecoder decoder = call(() -> engine.resolve(request, input));
        if (decoder.profile().isPresent() || !request.dbcOverlays().isEmpty()) {
            err.println(command.qualifiedName() + ": decoding with " + decoder.description());
        }
        decoder.notes().forEach(note -> err.println(command.qualifiedName() + ": " + note));
        return new Prepared(input, decoder, PassOptions.DEFAULT.withChannel(given.channel)
                .withStrict(given.strict.strict));
    }

    private void check(DecoderRequest request) {
        try {
            engine.resolve(request.withDbcs(java.util.List.of()), false);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.USAGE) {
                throw command.usageError(e.getMessage());
            }
        }
    }

    /** One pass over the trace with a progress bar on a terminal; skipped lines are listed on stderr afterwards. */
    PassResult pass(Prepared prepared, PassConsumer... consumers) throws Failure {
        PassResult result = withProgress(prepared, options -> engine.pass(prepared.input(), prepared.decoder(), options,
                consumers));
        report(prepared, result.read());
        return result;
    }

    /** The analysis of the trace in one pass, with the progress bar and the skipped lines as {@link #pass}. */
    AnalysisReport analyze(Prepared prepared) throws Failure {
        return analyze(prepared, AnalysisOptions.DEFAULT_REACTION_S);
    }

    /** As {@link #analyze(Prepared)}, allowing the inverter {@code reactionS} to follow a lowered limit. */
    AnalysisReport analyze(Prepared prepared, double reactionS) throws Failure {
        ReadReport[] read = new ReadReport[1];
        AnalysisReport result = withProgress(prepared, options -> engine.analyze(prepared.input(), prepared.decoder(),
                AnalysisOptions.of(org.bmsw.protocol.DecoderSpec.AUTO).withReactionS(reactionS), options,
                new PassConsumer() {
                    @Override
                    public boolean wantsMessages() {
                        return false;
                    }

                    @Override
                    public void finish(PassResult pass) {
                        read[0] = pass.read();
                    }
                }));
        report(prepared, read[0]);
        return result;
    }

    /** The frames of {@code file} into {@code sink}, undecoded, with the progress bar (the reader's report is returned). */
    ReadReport scan(java.nio.file.Path file, boolean strict, org.bmsw.formats.FrameSink sink) throws Failure {
        TraceInput input = call(() -> engine.open(file));
        Prepared prepared = new Prepared(input, null, PassOptions.DEFAULT.withStrict(strict));
        return withProgress(prepared, options -> engine.scan(input, options, sink));
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(PassOptions options) throws EngineException;
    }

    private <T> T withProgress(Prepared prepared, Work<T> work) throws Failure {
        ProgressBar progress = ProgressBar.forFile(err, prepared.input().sizeBytes(), command.qualifiedName()
                .replace("bmsw ", "") + " " + prepared.input().path().getFileName());
        try {
            return call(() -> work.run(progress == null ? prepared.options()
                    : prepared.options().withProgress(progress)));
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    /** The reader's problems and skipped lines, as every trace command lists them. */
    void report(Prepared prepared, ReadReport report) {
        for (String problem : report.problems()) {
            err.println(problem);
        }
        String name = command.qualifiedName();
        if (report.skippedLines() > 0) {
            StringBuilder reasons = new StringBuilder();
            for (Map.Entry<String, Long> reason : report.skippedByReason().entrySet()) {
                reasons.append(reasons.length() == 0 ? "" : ", ").append(reason.getValue()).append(" x ")
                        .append(reason.getKey());
            }
            err.println(name + ": " + prepared.input().path() + ": " + report.skippedLines() + " malformed line"
                    + (report.skippedLines() == 1 ? "" : "s") + " skipped of " + report.lines() + " (" + reasons
                    + ")");
        }
        if (!report.note().isEmpty()) {
            err.println(name + ": " + prepared.input().path() + ": " + report.note());
        }
    }

    /** Work of the engine's that may fail. */
    @FunctionalInterface
    interface EngineCall<T> {
        T call() throws EngineException;
    }

    /** Runs {@code work}; a usage problem becomes a usage error, any other a {@link Failure} with exit code 1. */
    <T> T call(EngineCall<T> work) throws Failure {
        try {
            return work.call();
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.USAGE) {
                throw command.usageError(e.getMessage());
            }
            throw new Failure(Bmsw.EXIT_FAILED, e.getMessage());
        }
    }
}
