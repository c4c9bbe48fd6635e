package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.engine.PassResult;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.detect.Detection;
import org.bmsw.protocol.detect.PeriodCheck;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bmsw state TRACE [--protocol ID | --profile ID] [--dbc FILE...] [--channel NAME] [--json] [--strict]}: the
 * battery state at the end of a trace, in the canonical vocabulary, with the active alarms; as text also the requests, the variant choices the
 * decoder applied and, for {@code auto}, what was detected.
 */
@Command(name = StateCommand.NAME, description = "the battery state at the end of a trace: values, requests, active alarms",
        footer = { "Decodes TRACE and prints the battery state it ends with: every value the battery sent (canonical",
                "names, units), the battery's identity where the protocol carries it (manufacturer, model,",
                "serial_number, firmware_version, hardware_version), the requests, the active alarms, the variant",
                "choices the decoder applied and, with the default --protocol auto, what it detected.",
                "With --json: canonical names to values, \"alarms\" as a list of {\"name\", \"level\"} with level",
                "\"protection\" or \"warning\"." })
final class StateCommand extends BmswCommand {

    static final String NAME = "state";

    @Mixin
    SharedOptions.TraceInput input = new SharedOptions.TraceInput();

    @Mixin
    SharedOptions.Json json = new SharedOptions.Json();

    StateCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        TraceReading reading = new TraceReading(this);
        TraceReading.Prepared prepared;
        PassResult result;
        try {
            prepared = reading.prepare(input);
            result = reading.pass(prepared); // no consumer: the decoder's state at the end is all it needs
        } catch (TraceReading.Failure e) {
            err.println("bmsw state: " + e.getMessage());
            return e.exitCode;
        }
        List<String> channels = result.channelsWithMessages();
        if (channels.size() > 1) {
            // one decoder folds every channel into one state: with a battery per channel, pick one
            err.println("bmsw state: " + input.trace + ": battery messages on " + channels.size() + " channels ("
                    + String.join(", ", channels) + "); the state mixes them, choose one with --channel NAME");
        }
        Decoder decoder = result.decoder();
        BatteryState state = decoder.state();
        if (json.json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json(state)));
        } else {
            printText(out, input.trace, prepared.decoder().description(), decoder, state, result.messages());
        }
        return Bmsw.EXIT_OK;
    }

    /** {@link BatteryState#toCanonicalMap()} with numbers as people write them ({@code 88}, {@code 49.86}). */
    static Map<String, Object> json(BatteryState state) {
        Map<String, Object> map = new LinkedHashMap<>();
        state.toCanonicalMap().forEach((name, value) -> map.put(name, DecodeOutput.jsonNumber(value)));
        return map;
    }

    private static void printText(PrintStream out, java.nio.file.Path trace, String description, Decoder decoder,
            BatteryState state, long messages) {
        out.println("trace       " + trace);
        out.println("protocol    " + decoder.protocolId() + (description.equals(decoder.protocolId()) ? ""
                : "  (" + description + ")"));
        out.println("messages    " + messages);
        if (state.isEmpty()) {
            out.println("state       nothing decoded: no battery value, request or alarm in this trace");
        } else {
            out.println("as of       " + DecodeOutput.seconds(state.timestampNs()) + (state.timestampNs() > 946684800L
                    * 1_000_000_000L ? "  (" + Instant.ofEpochSecond(0, state.timestampNs()) + ")" : ""));
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        for (Quantity quantity : Quantity.values()) {
            OptionalDouble value = state.get(quantity);
            if (value.isPresent()) {
                rows.add(new String[] { quantity.canonicalName(), DecodeOutput.number(value.getAsDouble()),
                        quantity.unit().equals("1") ? "" : quantity.unit(), quantity.label() });
            }
        }
        state.identity().forEach((name, text) -> rows.add(new String[] { name.canonicalName(), text, "",
                name.label() }));
        printTable(out, new String[] { "name", "value", "unit", "" }, rows);

        out.println();
        out.println("requests");
        boolean anyRequest = false;
        for (Request request : Request.values()) {
            if (state.get(request).isPresent()) {
                anyRequest = true;
                out.printf("  %-26s %s%n", request.canonicalName(), state.get(request).get() ? "yes" : "no");
            }
        }
        if (!anyRequest) {
            out.println("  (none received)");
        }

        out.println();
        out.println("active alarms");
        if (state.alarms().isEmpty()) {
            out.println("  (none)");
        }
        for (Alarm alarm : state.alarms()) {
            out.printf("  %-26s %-11s %s%n", alarm.name().canonicalName(), alarm.level().canonicalName(),
                    alarm.name().label());
        }

        List<String> variants = decoder.variants();
        if (decoder instanceof AutoDecoder auto) {
            out.println();
            Detection detection = auto.detection();
            if (detection == null) {
                out.println("detected    nothing: the trace has no records");
            } else {
                out.println("detected    " + (detection.isKnown() ? detection.decoderSpec() : "unknown (decoded as "
                        + decoder.protocolId() + ")") + (detection.layout().isEmpty() ? ""
                                : ", layout " + detection.layout()));
                detection.evidence().forEach(line -> out.println("  evidence  " + line));
                if (!detection.missing().isEmpty()) {
                    out.println("  missing   " + String.join(", ", detection.missing()));
                }
                if (!detection.unknownIds().isEmpty()) {
                    out.println("  unknown   " + firstFew(detection.unknownIds()));
                }
                for (PeriodCheck period : detection.periods()) {
                    out.println("  period    " + period);
                }
            }
            // the first line of an auto decoder's variants repeats the detection printed above
            variants = variants.isEmpty() ? variants : variants.subList(1, variants.size());
        }
        out.println();
        out.println("variant choices");
        if (variants.isEmpty()) {
            out.println("  (none: this decoder has no variants)");
        }
        variants.forEach(line -> out.println("  " + line));
    }

    /** A busy bus can carry thousands of identifiers the protocol does not define: name a few, count the rest. */
    private static String firstFew(List<String> ids) {
        int shown = Math.min(ids.size(), 20);
        return String.join(", ", ids.subList(0, shown)) + (ids.size() > shown ? " and " + (ids.size() - shown)
                + " more" : "");
    }

    private static void printTable(PrintStream out, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], Math.max(row[i].length(), header[i].length()));
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.println(String.format("  %-" + width[0] + "s  %" + width[1] + "s  %-" + width[2] + "s", header[0],
                header[1], header[2]).stripTrailing());
        for (String[] row : rows) {
            out.println(String.format("  %-" + width[0] + "s  %" + width[1] + "s  %-" + Math.max(1, width[2]) + "s  %s",
                    row[0], row[1], row[2], row[3]).stripTrailing());
        }
    }
}
