package org.bmsw.protocol.can;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values no battery can send, as data ({@code plausibility.txt} next to the DBC files): ranges by signal name
 * and orders between two signals of one frame. {@link CanProtocol} compiles them per signal and message.
 */
public final class Plausibility {

    /** The rules shipped with the built-in definitions. */
    public static final Plausibility BUILT_IN = load("plausibility.txt");

    private final Map<String, double[]> ranges;
    private final List<String[]> orders;

    private Plausibility(Map<String, double[]> ranges, List<String[]> orders) {
        this.ranges = Map.copyOf(ranges);
        this.orders = List.copyOf(orders);
    }

    /** The names that have a range. */
    public java.util.Set<String> rangedNames() {
        return ranges.keySet();
    }

    /** Pairs {@code {low name, high name}}: in one frame the first must not be above the second. */
    public List<String[]> orders() {
        return orders.stream().map(String[]::clone).toList();
    }

    /** The range {@code {low, high}} of {@code name}, or null. */
    public double[] range(String name) {
        double[] range = ranges.get(name);
        return range == null ? null : range.clone();
    }

    /**
     * Reads rules: {@code range NAME LOW HIGH} and {@code order LOW HIGH}, {@code #} comments.
     *
     * @throws IllegalArgumentException naming {@code file:line} and what is wrong
     */
    public static Plausibility parse(String file, String text) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        List<String[]> orders = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            String where = file + ":" + (n + 1) + ": ";
            if (words[0].equals("range") && words.length == 4) {
                try {
                    double low = Double.parseDouble(words[2]);
                    double high = Double.parseDouble(words[3]);
                    if (!(low <= high)) {
                        throw new IllegalArgumentException(where + "range " + words[1] + ": " + words[2]
                                + " is above " + words[3]);
                    }
                    ranges.put(words[1], new double[] { low, high });
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(where + "range " + words[1] + ": '" + words[2] + " "
                            + words[3] + "' are not two numbers", e);
                }
            } else if (words[0].equals("order") && words.length == 3) {
                orders.add(new String[] { words[1], words[2] });
            } else {
                throw new IllegalArgumentException(where + "'" + line.strip()
                        + "' is neither 'range NAME LOW HIGH' nor 'order LOW HIGH'");
            }
        }
        return new Plausibility(ranges, orders);
    }

    private static Plausibility load(String fileName) {
        try (InputStream in = Plausibility.class.getResourceAsStream(fileName)) {
            if (in == null) {
                throw new IllegalStateException("built-in rules " + fileName + " missing from the bundle");
            }
            return parse(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(fileName, e);
        }
    }
}
