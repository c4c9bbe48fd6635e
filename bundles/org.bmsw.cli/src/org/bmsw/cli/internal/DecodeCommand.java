package org.bmsw.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bmsw.formats.TraceFormat;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Protocols;

/**
 * {@code bmsw decode TRACE [--protocol ID | --profile ID] [--channel NAME] [--format jsonl|csv] [--slice-ms N]
 * [--strict]}: every decoded message of a trace, as JSONL, as a time-sliced CSV, or as readable lines.
 */
final class DecodeCommand implements Command {

    static final String NAME = "decode";

    private final DecodeSession session;

    DecodeCommand(Supplier<ProfileRegistry> registry, DecodeSession.BundleFiles bundleFiles) {
        session = new DecodeSession(NAME, registry, bundleFiles);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "decode a trace into named signals (readable, JSONL or CSV)";
    }

    @Override
    public String usage() {
        StringBuilder protocols = new StringBuilder();
        for (String id : Protocols.ids()) {
            protocols.append(String.format("                 %-12s %s%n", id, Protocols.describe(id)));
        }
        return """
                Usage: bmsw decode TRACE [--protocol ID | --profile ID] [--channel NAME] [--format jsonl|csv]
                                   [--slice-ms N] [--strict]

                Decodes every frame of TRACE (any format bmsw info reads) into messages with named signals; the
                battery's values use the canonical names (charge_voltage_limit_V, soc_pct, ...).
                  --protocol ID  the decoder (default auto: detected from the first records); CAN ids take
                                 variants after +, e.g. pylon-can+voltage-0.1V:
                """ + protocols + """
                  --profile ID   decode as a profile's protocol binding (bmsw profiles lists them): its first CAN
                                 binding, or its RS485/Modbus one for a serial trace; the choice goes to stderr
                  --channel NAME only the records of this channel, e.g. can1
                  --format jsonl one JSON object per message: {"t", "channel", "id", "message", "signals"}
                  --format csv   one row per time slice, one column per signal with its unit in the name,
                                 values carried forward (per channel when several channels carry messages)
                  --slice-ms N   the CSV time slice (default 1000)
                  --strict       stop at the first malformed line (exit code 1)
                Without --format: one line per message with its signals and units. Malformed lines are skipped
                and listed on stderr as file:line: reason, with their count.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        DecodeSession.Options options;
        try {
            options = DecodeSession.parse(args, true);
            DecodeSession.checkProtocol(options);
        } catch (DecodeSession.Failure e) {
            err.println("bmsw decode: " + e.getMessage() + "\n" + usage());
            return e.exitCode;
        }
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try {
            DecodeSession.checkTrace(options.trace);
            TraceFormat format = DecodeSession.detect(options.trace);
            DecodeSession.Choice choice = session.choose(options, format, err);
            DecodeOutput.CsvTable csv = "csv".equals(options.format) ? new DecodeOutput.CsvTable(options.sliceMs)
                    : null;
            Consumer<DecodedMessage> sink = csv != null ? csv
                    : lines(writer, "jsonl".equals(options.format) ? DecodeOutput::jsonLine : DecodeOutput::textLine);
            session.run(options, format, choice.decoder(), sink, err);
            if (csv != null) {
                csv.write(writer);
            }
            writer.flush();
            return CommandLine.EXIT_OK;
        } catch (DecodeSession.Failure e) {
            flushQuietly(writer);
            err.println("bmsw decode: " + e.getMessage());
            return e.exitCode;
        } catch (IOException | UncheckedIOException e) {
            err.println("bmsw decode: cannot write the output: " + e.getMessage());
            return CommandLine.EXIT_FAILED;
        }
    }

    private static Consumer<DecodedMessage> lines(Writer writer,
            java.util.function.Function<DecodedMessage, String> format) {
        return message -> {
            try {
                writer.write(format.apply(message));
                writer.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** What was decoded before a failure is still worth seeing. */
    private static void flushQuietly(Writer writer) {
        try {
            writer.flush();
        } catch (IOException ignored) {
            // the failure being reported matters more
        }
    }
}
