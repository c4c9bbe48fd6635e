package org.bmsw.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;

/**
 * A scripted battery: the state at every second of a simulation. Read from a small line format (see the
 * bundle's README and {@code scenarios/example.scenario}):
 *
 * <pre>
 * # comment
 * set soc_pct=50 voltage_V=51.2 module_count=2     (no "at": applies from the start)
 * at 10 ramp soc_pct=80 over 60                    (linear from the value at 10 s to 80 at 70 s)
 * at 20 set current_A=30
 * at 30 raise warning high_temperature
 * at 40 clear warning high_temperature
 * at 50 silence 90                                 (send nothing, answer nothing for 90 s)
 * at 300 end
 * </pre>
 *
 * Names are the canonical ones of {@code battery-state.md}; values not set keep {@link #defaults()}. Immutable.
 */
public final class Scenario {

    /** One moment of the scenario: the state to send, whether to keep silent, and which step is running. */
    public record Snapshot(BatteryState state, boolean silent, String step) {
    }

    private enum Kind {
        SET, RAMP, RAISE, CLEAR, SILENCE, END
    }

    private record Step(double atS, int line, String text, Kind kind, Map<String, Object> values, double spanS,
            AlarmName alarm, AlarmLevel level) {
    }

    private final String source;
    private final List<Step> steps;
    private final double endS;
    private final boolean looping;

    private Scenario(String source, List<Step> steps, double endS) {
        this(source, steps, endS, false);
    }

    private Scenario(String source, List<Step> steps, double endS, boolean looping) {
        this.source = source;
        this.steps = steps;
        this.endS = endS;
        this.looping = looping;
    }

    /**
     * This scenario played over and over: at its {@code end} step it starts again from the top (a scenario without
     * an {@code end} is returned as it is).
     */
    public Scenario looping() {
        return Double.isNaN(endS) || endS <= 0 ? this : new Scenario(source, steps, endS, true);
    }

    /**
     * The battery the simulator plays when no scenario changes it: one 48 V LFP module (15 cells) half
     * charged at rest, limits like a Pylontech US5000.
     */
    public static BatteryState defaults() {
        return BatteryState.builder().set(Quantity.CHARGE_VOLTAGE_LIMIT, 53.2).set(Quantity.CHARGE_CURRENT_LIMIT, 80)
                .set(Quantity.DISCHARGE_CURRENT_LIMIT, 80).set(Quantity.DISCHARGE_VOLTAGE_LIMIT, 45)
                .set(Quantity.SOC, 50).set(Quantity.SOH, 100).set(Quantity.VOLTAGE, 51.2).set(Quantity.CURRENT, 0)
                .set(Quantity.TEMPERATURE, 25).set(Quantity.MODULE_COUNT, 1).set(Quantity.INSTALLED_CAPACITY, 100)
                .set(Quantity.MIN_CELL_VOLTAGE, 3410).set(Quantity.MAX_CELL_VOLTAGE, 3416)
                .set(Quantity.MIN_CELL_TEMPERATURE, 24).set(Quantity.MAX_CELL_TEMPERATURE, 26).manufacturer("PYLON")
                .set(Request.CHARGE_ENABLE, true).set(Request.DISCHARGE_ENABLE, true)
                .set(Request.FORCE_CHARGE_REQUEST_I, false).set(Request.FORCE_CHARGE_REQUEST_II, false)
                .set(Request.FULL_CHARGE_REQUEST, false).build();
    }

    /** The defaults, forever. */
    public static Scenario constant() {
        return new Scenario("(defaults)", List.of(), Double.NaN);
    }

    public static Scenario load(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses scenario text.
     *
     * @param source the file name errors start with
     * @throws IllegalArgumentException {@code source:line: what is wrong}
     */
    public static Scenario parse(String source, String text) {
        List<Step> steps = new ArrayList<>();
        double endS = Double.NaN;
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1];
            int hash = line.indexOf('#');
            String content = (hash < 0 ? line : line.substring(0, hash)).trim();
            if (content.isEmpty()) {
                continue;
            }
            try {
                Step step = parseStep(n, content);
                if (step.kind == Kind.END) {
                    endS = step.atS;
                }
                steps.add(step);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ":" + n + ": " + e.getMessage(), e);
            }
        }
        steps.sort(Comparator.comparingDouble(Step::atS)); // stable: same time keeps file order
        return new Scenario(source, List.copyOf(steps), endS);
    }

    private static Step parseStep(int line, String content) {
        List<String> words = new ArrayList<>(Arrays.asList(content.split("\\s+")));
        double atS = 0;
        if (words.get(0).equals("at")) {
            if (words.size() < 3) {
                throw new IllegalArgumentException("'at SECONDS ACTION ...' expected");
            }
            atS = seconds(words.get(1), "at");
            words = words.subList(2, words.size());
        }
        String action = words.get(0);
        List<String> args = words.subList(1, words.size());
        switch (action) {
        case "set":
            return new Step(atS, line, content, Kind.SET, assignments(args, false), 0, null, null);
        case "ramp": {
            int over = args.indexOf("over");
            if (over < 0 || over != args.size() - 2) {
                throw new IllegalArgumentException("ramp needs 'over SECONDS' at the end: ramp soc_pct=80 over 60");
            }
            double spanS = seconds(args.get(over + 1), "over");
            return new Step(atS, line, content, Kind.RAMP, assignments(args.subList(0, over), true), spanS, null,
                    null);
        }
        case "raise", "clear": {
            if (args.size() != 2) {
                throw new IllegalArgumentException(action + " LEVEL NAME expected, e.g. " + action
                        + " warning high_temperature");
            }
            AlarmLevel level = AlarmLevel.byName(args.get(0)).orElseThrow(() -> new IllegalArgumentException(
                    "alarm level '" + args.get(0) + "' is not protection or warning"));
            AlarmName alarm = AlarmName.byName(args.get(1)).orElseThrow(() -> new IllegalArgumentException(
                    "unknown alarm '" + args.get(1) + "'; known: " + Arrays.stream(AlarmName.values())
                            .map(AlarmName::canonicalName).collect(Collectors.joining(", "))));
            return new Step(atS, line, content, action.equals("raise") ? Kind.RAISE : Kind.CLEAR, Map.of(), 0, alarm,
                    level);
        }
        case "silence":
            if (args.size() != 1) {
                throw new IllegalArgumentException("silence SECONDS expected");
            }
            return new Step(atS, line, content, Kind.SILENCE, Map.of(), seconds(args.get(0), "silence"), null, null);
        case "end":
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("end takes nothing after it");
            }
            return new Step(atS, line, content, Kind.END, Map.of(), 0, null, null);
        default:
            throw new IllegalArgumentException("unknown action '" + action + "'; use set, ramp, raise, clear, silence "
                    + "or end");
        }
    }

    private static Map<String, Object> assignments(List<String> args, boolean numbersOnly) {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("name=value expected");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        BatteryState.Builder check = BatteryState.builder();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0 || equals == arg.length() - 1) {
                throw new IllegalArgumentException("'" + arg + "' is not name=value");
            }
            String name = arg.substring(0, equals);
            String text = arg.substring(equals + 1);
            Object value;
            if (Request.byName(name).isPresent()) {
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException(name + " takes true or false, not '" + text + "'");
                }
                value = Boolean.parseBoolean(text);
            } else if (name.equals("manufacturer")) {
                value = text;
            } else {
                try {
                    value = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " takes a number, not '" + text + "'");
                }
            }
            if (numbersOnly && Quantity.byName(name).isEmpty()) {
                throw new IllegalArgumentException("ramp takes quantities (soc_pct, current_A, ...), not " + name);
            }
            try {
                check.setByName(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; known: " + Arrays.stream(Quantity.values())
                        .map(Quantity::canonicalName).collect(Collectors.joining(", "))
                        + ", manufacturer, " + Arrays.stream(Request.values()).map(Request::canonicalName)
                                .collect(Collectors.joining(", ")));
            }
            values.put(name, value);
        }
        return values;
    }

    private static double seconds(String text, String what) {
        try {
            double value = Double.parseDouble(text);
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(what + " takes seconds (0 or more), not '" + text + "'");
    }

    /** The file it came from. */
    public String source() {
        return source;
    }

    /** The time of its {@code end} step in seconds, if it has one. */
    public OptionalDouble endS() {
        return Double.isNaN(endS) ? OptionalDouble.empty() : OptionalDouble.of(endS);
    }

    /** The state, silence and current step {@code seconds} after the start; after the last step it holds. */
    public Snapshot at(double elapsedS) {
        double seconds = looping ? elapsedS % endS : elapsedS;
        BatteryState.Builder state = defaults().toBuilder();
        String current = "start";
        for (Step step : steps) {
            if (step.atS > seconds) {
                break;
            }
            current = "line " + step.line + ": " + step.text;
            switch (step.kind) {
            case SET -> step.values.forEach(state::setByName);
            case RAMP -> {
                double fraction = step.spanS == 0 ? 1 : Math.min(1, (seconds - step.atS) / step.spanS);
                BatteryState before = state.build();
                step.values.forEach((name, target) -> {
                    Quantity quantity = Quantity.byName(name).orElseThrow();
                    double from = before.get(quantity).orElse((Double) target);
                    state.set(quantity, from + ((Double) target - from) * fraction);
                });
            }
            case RAISE -> state.raise(step.alarm, step.level);
            case CLEAR -> state.clear(step.alarm, step.level);
            case SILENCE -> {
                // whether it still runs is decided below, over every silence step
            }
            case END -> current = "ended";
            }
        }
        boolean silent = steps.stream()
                .anyMatch(s -> s.kind == Kind.SILENCE && s.atS <= seconds && seconds < s.atS + s.spanS);
        return new Snapshot(state.build(), silent, current);
    }

    @Override
    public String toString() {
        return "Scenario " + source + " (" + steps.size() + " steps)";
    }
}
