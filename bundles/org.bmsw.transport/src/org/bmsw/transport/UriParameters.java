package org.bmsw.transport;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The query parameters of a transport URI, validated with errors that name the URI and the allowed values:
 * {@code slcan:/dev/ttyACM0?bitrate=123: bitrate 123 is not one of 10000, 20000, ...}. Parameter names are
 * case-sensitive; an unknown or repeated name is an error, so a typo is never silently ignored. Works for
 * hierarchical URIs ({@code serial:/dev/ttyUSB0?baud=9600}, {@code modbus-tcp://host:502?unit=1}) and opaque
 * ones ({@code serial:COM3?baud=9600}).
 */
public final class UriParameters {

    private final URI uri;
    private final String target;
    private final Map<String, String> values;

    private UriParameters(URI uri, String target, Map<String, String> values) {
        this.uri = uri;
        this.target = target;
        this.values = values;
    }

    /**
     * Parses the query of {@code uri}, accepting only the {@code known} parameter names.
     *
     * @throws TransportException for an unknown, repeated or empty parameter
     */
    public static UriParameters parse(URI uri, Set<String> known) throws TransportException {
        String specific = uri.getRawSchemeSpecificPart();
        int question = specific.indexOf('?');
        String query = question < 0 ? "" : specific.substring(question + 1);
        String target = targetOf(uri);
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (!known.contains(name)) {
                throw new TransportException(uri + ": unknown parameter '" + name + "' ("
                        + (known.isEmpty() ? "this scheme takes none" : "known: " + String.join(", ", new TreeSet<>(known)))
                        + ")");
            }
            if (value.isEmpty()) {
                throw new TransportException(uri + ": parameter " + name + " has no value");
            }
            if (values.put(name, value) != null) {
                throw new TransportException(uri + ": parameter " + name + " given twice");
            }
        }
        return new UriParameters(uri, target, values);
    }

    /**
     * What {@code uri} points at, without scheme and query: the device path ({@code /dev/ttyUSB0},
     * {@code COM3}) or, for a URI with an authority, {@code host:port} followed by any path.
     */
    public static String targetOf(URI uri) {
        if (uri.isOpaque()) {
            String specific = uri.getRawSchemeSpecificPart();
            int question = specific.indexOf('?');
            return decode(question < 0 ? specific : specific.substring(0, question));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return uri.getAuthority() != null ? uri.getAuthority() + path : path;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    public URI uri() {
        return uri;
    }

    /** See {@link #targetOf(URI)}. */
    public String target() {
        return target;
    }

    /**
     * The URI without its query, to name the port in messages: {@code slcan:/dev/ttyACM0},
     * {@code modbus-tcp://127.0.0.1:502}.
     */
    public String label() {
        String specific = uri.getRawSchemeSpecificPart();
        int question = specific.indexOf('?');
        return uri.getScheme() + ":" + (question < 0 ? specific : specific.substring(0, question));
    }

    /** The parameters given, in URI order. */
    public Map<String, String> values() {
        return Collections.unmodifiableMap(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    /** An integer within {@code min..max} (inclusive). */
    public int integer(String name, int defaultValue, int min, int max) throws TransportException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value = parseInt(name, text);
        if (value < min || value > max) {
            throw new TransportException(uri + ": " + name + " " + value + " is out of range " + min + ".." + max);
        }
        return value;
    }

    /** An integer that must be one of {@code allowed}. */
    public int oneOf(String name, int defaultValue, int... allowed) throws TransportException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        int value = parseInt(name, text);
        if (IntStream.of(allowed).noneMatch(a -> a == value)) {
            throw new TransportException(uri + ": " + name + " " + value + " is not one of "
                    + IntStream.of(allowed).mapToObj(Integer::toString).collect(Collectors.joining(", ")));
        }
        return value;
    }

    /** One of {@code allowed} words, compared without case, returned in the case of {@code allowed}. */
    public String choice(String name, String defaultValue, String... allowed) throws TransportException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        for (String candidate : allowed) {
            if (candidate.equalsIgnoreCase(text)) {
                return candidate;
            }
        }
        throw new TransportException(uri + ": " + name + " '" + text + "' is not one of "
                + String.join(", ", Arrays.asList(allowed)));
    }

    /** {@code true/false}, also {@code on/off}, {@code yes/no}, {@code 1/0}. */
    public boolean bool(String name, boolean defaultValue) throws TransportException {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
        case "true", "on", "yes", "1":
            return true;
        case "false", "off", "no", "0":
            return false;
        default:
            throw new TransportException(uri + ": " + name + " '" + text + "' is not true or false");
        }
    }

    private int parseInt(String name, String text) throws TransportException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new TransportException(uri + ": " + name + " '" + text + "' is not a whole number");
        }
    }
}
