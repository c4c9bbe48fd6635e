package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;

import org.bmsw.protocol.Protocols;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The option groups several commands share (picocli mixins), so that one option means one thing everywhere. */
final class SharedOptions {

    private SharedOptions() {
    }

    /** {@code --strict}: for every command that reads a trace file. */
    static final class Strict {
        @Option(names = "--strict", description = "stop at the first malformed line (exit code 1)")
        boolean strict;
    }

    /** {@code --json}: the result as JSON on stdout instead of text. */
    static final class Json {
        @Option(names = "--json", description = "print the result as JSON instead of text")
        boolean json;
    }

    /** The protocol ids for help and shell completion: {@code pylon-can, sma-can, ..., auto}. */
    static final class ProtocolIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Protocols.ids().iterator();
        }
    }

    /** A trace to decode: TRACE and how to decode it ({@code decode}, {@code state}, {@code analyze}). */
    static final class TraceInput {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Parameters(index = "0", paramLabel = "TRACE", description = "the trace file: candump log or console, Vector "
                + "ASC, PCAN-View TRC, SavvyCAN CSV, serial dump or trace store (told from the content)")
        Path trace;

        @Option(names = "--protocol", paramLabel = "ID", completionCandidates = ProtocolIds.class,
                description = "the decoder: ${COMPLETION-CANDIDATES} (default auto: detected from the first records);"
                        + " CAN ids take variants after +, e.g. pylon-can+voltage-0.1V")
        String protocol;

        @Option(names = "--profile", paramLabel = "ID", description = "decode as a profile's protocol binding (bmsw "
                + "profiles lists them): its first CAN binding, or its RS485/Modbus one for a serial trace; the "
                + "choice goes to stderr")
        String profile;

        @Option(names = "--channel", paramLabel = "NAME", description = "only the records of this channel, e.g. can1 "
                + "(one battery per channel)")
        String channel;

        @Mixin
        Strict strict = new Strict();

        /** The options as {@link DecodeSession} takes them; {@code --protocol} with {@code --profile} is refused. */
        DecodeSession.Options options() {
            if (protocol != null && profile != null) {
                throw new ParameterException(mixee.commandLine(), "give --protocol or --profile, not both");
            }
            DecodeSession.Options options = new DecodeSession.Options();
            options.trace = trace;
            options.protocol = protocol;
            options.profile = profile;
            options.channel = channel;
            options.strict = strict.strict;
            return options;
        }
    }

    /**
     * A live source by URI ({@code --source}), the same URIs as the workbench's Source field. {@code --port} is
     * its old name, still accepted with a note on stderr; "port" now means a device's connector port only.
     */
    static final class LiveSource {
        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        @Option(names = "--source", paramLabel = "URI", description = "the live source, e.g. "
                + "slcan:/dev/ttyACM0?bitrate=500000, socketcan:can0, serial:/dev/ttyUSB0?baud=9600, "
                + "replay:site.log?speed=10, sim:battery (bmsw ports lists this machine's)")
        String source;

        @Option(names = "--port", paramLabel = "URI", hidden = true, description = "the old name of --source")
        String deprecatedPort;

        /** The URI given; a usage error when none (or both names) were given. */
        String uri(PrintStream err) {
            if (source != null && deprecatedPort != null) {
                throw new ParameterException(mixee.commandLine(), "give --source only (--port is its old name)");
            }
            if (deprecatedPort != null) {
                err.println(mixee.qualifiedName() + ": --port is deprecated for a live source; use --source "
                        + deprecatedPort);
                return deprecatedPort;
            }
            if (source == null) {
                throw new ParameterException(mixee.commandLine(), "--source URI is required, e.g. --source "
                        + "slcan:/dev/ttyACM0?bitrate=500000 (bmsw ports lists this machine's)");
            }
            return source;
        }
    }

    /**
     * Seconds as a positive finite number, for {@code --duration}: NaN, infinities, zero and negative values are
     * refused, naming the option and the value.
     */
    /** About 31 years: more would overflow the nanosecond clocks the commands wait on. */
    static final double MAX_SECONDS = 1e9;

    static double positiveSeconds(CommandSpec spec, String option, String value) {
        double seconds;
        try {
            seconds = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || !(seconds <= MAX_SECONDS)) {
            throw new ParameterException(spec.commandLine(), option + " takes a number of seconds above 0 (and at "
                    + "most " + (long) MAX_SECONDS + "), not '" + value + "'");
        }
        return seconds;
    }
}
