package org.bmsw.pinout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.profiles.Pin;

/**
 * The wire list of a cable as CSV (what {@code --cable} reads back, and what a spreadsheet opens) and as a
 * Markdown table. CSV columns: {@code a_pin,a_name,a_signal,b_pin,b_name,b_signal,colour}; reading needs only
 * {@code a_pin} and {@code b_pin}, lines starting with {@code #} are comments.
 */
public final class WireList {

    public static final String CSV_HEADER = "a_pin,a_name,a_signal,b_pin,b_name,b_signal,colour";

    private WireList() {
    }

    public static String csv(Cable cable) {
        StringBuilder text = new StringBuilder();
        text.append("# a = ").append(cable.endA().role()).append(' ').append(cable.endA()).append(", b = ")
                .append(cable.endB().role()).append(' ').append(cable.endB()).append('\n');
        for (Terminator terminator : cable.terminators()) {
            text.append(TERMINATION_PREFIX).append("end=").append(terminator.end().key()).append(" bus=")
                    .append(terminator.bus()).append(" by=").append(terminator.by().key()).append(" resistance_ohm=")
                    .append(Terminator.ohm(terminator.resistanceOhm())).append('\n');
        }
        text.append(CSV_HEADER).append('\n');
        for (Wire wire : cable.wires()) {
            Pin a = cable.endA().pin(wire.pinA()).orElse(null);
            Pin b = cable.endB().pin(wire.pinB()).orElse(null);
            text.append(wire.pinA()).append(',').append(a == null ? "" : csvField(a.name())).append(',')
                    .append(a == null ? "" : a.signal().xmlName()).append(',').append(wire.pinB()).append(',')
                    .append(b == null ? "" : csvField(b.name())).append(',').append(b == null ? "" : b.signal().xmlName())
                    .append(',').append(csvField(wire.colour())).append('\n');
        }
        return text.toString();
    }

    public static String markdown(Cable cable) {
        StringBuilder text = new StringBuilder();
        text.append("| ").append(cable.endA().role()).append(" ").append(cable.endA()).append(" pin | signal | ")
                .append(cable.endB().role()).append(" ").append(cable.endB()).append(" pin | signal | colour |\n");
        text.append("|---|---|---|---|---|\n");
        for (Wire wire : cable.wires()) {
            Pin a = cable.endA().pin(wire.pinA()).orElse(null);
            Pin b = cable.endB().pin(wire.pinB()).orElse(null);
            text.append("| ").append(a == null ? String.valueOf(wire.pinA()) : a.label()).append(" | ")
                    .append(a == null ? "" : a.signal().xmlName()).append(" | ")
                    .append(b == null ? String.valueOf(wire.pinB()) : b.label()).append(" | ")
                    .append(b == null ? "" : b.signal().xmlName()).append(" | ").append(wire.colour()).append(" |\n");
        }
        return text.toString();
    }

    /** The ports a wire list written by {@link #csv} names in its first line: {@code [a, b]}, or empty. */
    public static Optional<List<String>> ports(String text) {
        Matcher line = PORTS_LINE.matcher(text);
        return line.lookingAt() ? Optional.of(List.of(line.group(1), line.group(2))) : Optional.empty();
    }

    /** A comment line that declares a {@link Terminator}, so other CSV readers skip it. */
    public static final String TERMINATION_PREFIX = "# termination: ";

    private static final Pattern TERMINATION_LINE = Pattern.compile(
            "end=(\\S*)\\s+bus=(\\S*)\\s+by=(\\S*)(?:\\s+resistance_ohm=(\\S*))?\\s*");

    /** The cable a wire list describes between two ports: its wires and its terminators. */
    public static Cable readCable(String fileName, String text, PortRef endA, PortRef endB) {
        return new Cable(endA, endB, readCsv(fileName, text), readTerminators(fileName, text));
    }

    /**
     * The terminators a wire list declares, one per line
     * {@code # termination: end=a bus=CAN1 by=cable resistance_ohm=120} ({@code by=device-switch} for a device's
     * termination switch set on; the resistance defaults to 120 ohm).
     *
     * @throws IllegalArgumentException naming the file and line of a bad declaration
     */
    public static List<Terminator> readTerminators(String fileName, String text) {
        List<Terminator> terminators = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(TERMINATION_PREFIX.strip())) {
                continue;
            }
            String where = fileName + ":" + (i + 1) + ": ";
            Matcher m = TERMINATION_LINE.matcher(line.substring(TERMINATION_PREFIX.strip().length()).strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(where + "a termination line reads '" + TERMINATION_PREFIX
                        + "end=a bus=CAN1 by=cable resistance_ohm=120'");
            }
            Terminator.End end = switch (m.group(1)) {
            case "a" -> Terminator.End.A;
            case "b" -> Terminator.End.B;
            default -> throw new IllegalArgumentException(where + "end '" + m.group(1) + "' is not a or b");
            };
            Terminator.By by = Terminator.By.byKey(m.group(3));
            if (by == null) {
                throw new IllegalArgumentException(where + "by '" + m.group(3) + "' is not cable or device-switch");
            }
            if (m.group(2).isEmpty()) {
                throw new IllegalArgumentException(where + "no bus");
            }
            double ohm = Terminator.CAN_OHM;
            if (m.group(4) != null) {
                try {
                    ohm = Double.parseDouble(m.group(4));
                } catch (NumberFormatException e) {
                    ohm = -1;
                }
                if (!(ohm > 0)) {
                    throw new IllegalArgumentException(where + "resistance_ohm '" + m.group(4)
                            + "' is not a resistance in ohm");
                }
            }
            terminators.add(new Terminator(end, m.group(2), by, ohm));
        }
        return terminators;
    }

    private static final Pattern PORTS_LINE = Pattern.compile("# a = \\w+ (\\S+), b = \\w+ (\\S+)\\R");

    /**
     * Reads the wires of a CSV wire list.
     *
     * @param fileName for messages: {@code cable.csv:3: ...}
     * @throws IllegalArgumentException naming the file and line of the first bad line
     */
    public static List<Wire> readCsv(String fileName, String text) {
        List<Wire> wires = new ArrayList<>();
        int pinA = -1;
        int pinB = -1;
        int colour = -1;
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = Arrays.stream(line.split(",", -1)).map(String::strip).toList();
            if (pinA < 0) {
                List<String> header = fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).toList();
                pinA = header.indexOf("a_pin");
                pinB = header.indexOf("b_pin");
                colour = header.indexOf("colour");
                if (pinA < 0 || pinB < 0) {
                    throw new IllegalArgumentException(fileName + ":" + lineNumber
                            + ": the first line must be a header naming the columns a_pin and b_pin, e.g. " + CSV_HEADER);
                }
                continue;
            }
            wires.add(new Wire(pin(fileName, lineNumber, fields, pinA, "a_pin"), pin(fileName, lineNumber, fields, pinB,
                    "b_pin"), colour >= 0 && colour < fields.size() ? fields.get(colour) : ""));
        }
        if (pinA < 0) {
            throw new IllegalArgumentException(fileName + ": no header line and no wires");
        }
        return wires;
    }

    private static int pin(String fileName, int lineNumber, List<String> fields, int column, String name) {
        if (column >= fields.size() || fields.get(column).isEmpty()) {
            throw new IllegalArgumentException(fileName + ":" + lineNumber + ": no " + name);
        }
        try {
            int pin = Integer.parseInt(fields.get(column));
            if (pin < 1) {
                throw new NumberFormatException();
            }
            return pin;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(fileName + ":" + lineNumber + ": " + name + " '" + fields.get(column)
                    + "' is not a pin number");
        }
    }

    private static String csvField(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
