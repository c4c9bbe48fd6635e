package org.bmsw.cli.internal;

import java.util.ArrayList;
import java.util.List;

/** Argument handling shared by {@code info} and {@code convert}: options anywhere, the rest positional. */
final class TraceCommands {

    private TraceCommands() {
    }

    /** Parsed command-line words: flags seen, {@code --to} value, positionals; {@link #error} when wrong. */
    static final class Arguments {
        boolean json;
        boolean strict;
        String to;
        final List<String> positional = new ArrayList<>();
        String error;
    }

    static Arguments parse(List<String> args, boolean allowTo) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
            case "--json" -> parsed.json = true;
            case "--strict" -> parsed.strict = true;
            case "--to" -> {
                if (!allowTo || i + 1 >= args.size()) {
                    parsed.error = allowTo ? "--to needs a format" : "unknown option --to";
                    return parsed;
                }
                parsed.to = args.get(++i);
            }
            default -> {
                if (arg.startsWith("--to=") && allowTo) {
                    parsed.to = arg.substring("--to=".length());
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    parsed.error = "unknown option " + arg;
                    return parsed;
                } else {
                    parsed.positional.add(arg);
                }
            }
            }
        }
        return parsed;
    }

    /** {@code 1234.567000 s}, with hours and minutes added for long spans: {@code 7384.5 s (2 h 03 min 04 s)}. */
    static String duration(long nanos) {
        String seconds = (nanos < 0 ? "-" : "") + Math.abs(nanos) / 1_000_000_000L + "."
                + pad(Math.abs(nanos) % 1_000_000_000L / 1000, 6) + " s";
        long whole = Math.abs(nanos) / 1_000_000_000L;
        return whole < 3600 ? seconds
                : seconds + " (" + whole / 3600 + " h " + pad(whole / 60 % 60, 2) + " min " + pad(whole % 60, 2) + " s)";
    }

    /** {@code value} rounded to {@code digits} decimals, without java.util.Formatter (start-up cost). */
    static String decimals(double value, int digits) {
        return new java.math.BigDecimal(value).setScale(digits, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static String pad(long value, int width) {
        String text = Long.toString(value);
        return "0".repeat(Math.max(0, width - text.length())) + text;
    }
}
