package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.bmsw.engine.DecoderRequest;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.transport.TransmitInterlock;

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

    /** The protocol ids for help and shell completion: {@code modbus, pylon-can, ..., auto}. */
    static final class ProtocolIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return DecoderRegistry.getDefault().ids().iterator();
        }
    }

    /**
     * How to decode: {@code --protocol} or {@code --profile}, and the user's own DBC files on top ({@code --dbc},
     * repeatable: a DBC's messages take precedence by identifier, other identifiers keep the protocol's decoding).
     * The engine's decoder policy turns it into one decoder, as in the workbench.
     */
    static final class DecoderChoice {
        @Option(names = "--protocol", paramLabel = "ID", completionCandidates = ProtocolIds.class,
                description = "the decoder: ${COMPLETION-CANDIDATES} (default auto: detected from the first records);"
                        + " CAN ids take variants after +, e.g. pylon-can+voltage-0.1V")
        String protocol;

        @Option(names = "--profile", paramLabel = "ID", description = "decode as a profile's protocol binding (bmsw "
                + "profiles lists them): its CAN binding, or its RS485/Modbus one for a serial trace, with the "
                + "profile's DBC files on top; the choice goes to stderr")
        String profile;

        @Mixin
        ProfileFolderOption profileFolders = new ProfileFolderOption();

        @Option(names = "--dbc", paramLabel = "FILE", description = "a DBC file of your own whose messages take "
                + "precedence by identifier over the protocol's (repeatable; problems are listed as "
                + "file:line:column)")
        List<Path> dbcs = new ArrayList<>();

        @Option(names = "--map", paramLabel = "FILE", description = "a Modbus register map (JSON, the format is in "
                + "the protocol bundle's README): decodes Modbus traffic into named values (implies --protocol "
                + "modbus); a Modbus source polls its blocks")
        Path registerMap;

        /** The request for the engine, which refuses {@code --protocol} with {@code --profile}. */
        DecoderRequest request() {
            return new DecoderRequest(protocol, profile, dbcs, registerMap);
        }
    }

    /** A trace to decode: TRACE and how to decode it ({@code decode}, {@code state}, {@code analyze}). */
    static final class TraceInput {
        @Parameters(index = "0", paramLabel = "TRACE", description = "the trace file: candump log or console, Vector "
                + "ASC, PCAN-View TRC, SavvyCAN CSV, serial dump or trace store (told from the content)")
        Path trace;

        @Mixin
        DecoderChoice decoder = new DecoderChoice();

        @Option(names = "--channel", paramLabel = "NAME", description = "only the records of this channel, e.g. can1 "
                + "(one battery per channel)")
        String channel;

        @Mixin
        Strict strict = new Strict();
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
                + "replay:site.log?speed=10, sim:battery (bmsw ports lists this machine's); bmsw capture takes it "
                + "more than once to record several sources on one clock, a channel each")
        List<String> source = new ArrayList<>();

        @Option(names = "--port", paramLabel = "URI", hidden = true, description = "the old name of --source")
        String deprecatedPort;

        @Option(names = "--transmit-to", paramLabel = "PORT", description = "allow transmitting on PORT, the "
                + "source's port (e.g. /dev/ttyACM0), when it may reach real equipment: needed by a simulator and by "
                + "slcan: with listenOnly=false (a pty, loopback, vcan or sim: needs nothing)")
        String transmitTo;

        /**
         * The acknowledgement {@code --transmit-to} gives for {@code uri}'s port, held until closed; null when the
         * option is not given. A usage error when it names another port than the source's.
         */
        TransmitInterlock.Acknowledgement acknowledgement(String uri) {
            return transmitTo == null ? null : acknowledge(uri, transmitTo, "--transmit-to");
        }

        /** Acknowledges {@code uri}'s port when {@code named} names it (its path or its name), else a usage error. */
        TransmitInterlock.Acknowledgement acknowledge(String uri, String named, String option) {
            String port = TransmitInterlock.portOf(uri);
            String name = port.substring(port.lastIndexOf('/') + 1);
            if (!named.equals(port) && !named.equals(name)) {
                throw new ParameterException(mixee.commandLine(), option + " " + named + " does not name the "
                        + "source's port " + port + "; to transmit there give " + option + " " + port);
            }
            return TransmitInterlock.acknowledge(port);
        }

        /** The URI given; a usage error when none (or both names, or several URIs) were given. */
        String uri(PrintStream err) {
            List<String> all = uris(err);
            if (all.size() > 1) {
                throw new ParameterException(mixee.commandLine(), "give one --source (" + mixee.qualifiedName()
                        + " takes one; bmsw capture records several)");
            }
            return all.get(0);
        }

        /** Every URI given, in order; a usage error when none (or both names) were given. */
        List<String> uris(PrintStream err) {
            if (!source.isEmpty() && deprecatedPort != null) {
                throw new ParameterException(mixee.commandLine(), "give --source only (--port is its old name)");
            }
            if (deprecatedPort != null) {
                err.println(mixee.qualifiedName() + ": --port is deprecated for a live source; use --source "
                        + deprecatedPort);
                return List.of(deprecatedPort);
            }
            if (source.isEmpty()) {
                throw new ParameterException(mixee.commandLine(), "--source URI is required, e.g. --source "
                        + "slcan:/dev/ttyACM0?bitrate=500000 (bmsw ports lists this machine's)");
            }
            if (source.size() != new java.util.HashSet<>(source).size()) {
                throw new ParameterException(mixee.commandLine(), "the same --source is given twice");
            }
            return List.copyOf(source);
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
