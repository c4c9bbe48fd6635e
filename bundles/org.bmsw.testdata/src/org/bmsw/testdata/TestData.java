package org.bmsw.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Opens the test vectors and real traces kept in this bundle. */
public final class TestData {

    private TestData() {
    }

    /** Opens {@code relativePath} (e.g. {@code "traces/SOURCES.md"}); fails with the path when it is missing. */
    public static InputStream open(String relativePath) {
        InputStream in = TestData.class.getResourceAsStream("/" + relativePath);
        if (in == null) {
            throw new IllegalArgumentException("no test data file " + relativePath + " in bundle org.bmsw.testdata");
        }
        return in;
    }

    /** The whole file as UTF-8 text. */
    public static String text(String relativePath) {
        try (InputStream in = open(relativePath)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(relativePath, e);
        }
    }

    /** Copies the file to {@code directory} under its own name, for code that reads files by path. */
    public static Path copyTo(String relativePath, Path directory) {
        Path target = directory.resolve(relativePath.substring(relativePath.lastIndexOf('/') + 1));
        try (InputStream in = open(relativePath)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(relativePath, e);
        }
    }

    /**
     * One decoded message as a line, the same whichever way it was decoded (the CLI's JSON lines, the workbench's
     * message objects): {@code ID MESSAGE {"signal":value,...}}, numbers to 10 significant digits without trailing
     * zeros, so {@code 58.400000000000006} and {@code 58.4} are the same line.
     */
    public static String messageLine(String id, String message, Map<String, ?> signals) {
        StringBuilder line = new StringBuilder(id).append(' ').append(message).append(" {");
        boolean first = true;
        for (Map.Entry<String, ?> signal : signals.entrySet()) {
            line.append(first ? "" : ",").append('"').append(signal.getKey()).append("\":");
            first = false;
            Object value = signal.getValue();
            if (value instanceof Number number) {
                line.append(new BigDecimal(number.doubleValue()).round(new MathContext(10)).stripTrailingZeros()
                        .toPlainString());
            } else if (value instanceof String text) {
                line.append('"').append(text).append('"');
            } else {
                line.append(value);
            }
        }
        return line.append('}').toString();
    }

    /** The vectors of one file in {@code vectors/}, e.g. {@code vectors("pylontech_can.json")}. */
    public static List<Vector> vectors(String fileName) {
        String path = "vectors/" + fileName;
        try (Reader reader = new InputStreamReader(open(path), StandardCharsets.UTF_8)) {
            JsonArray array = JsonParser.parseReader(reader).getAsJsonArray();
            List<Vector> vectors = new ArrayList<>(array.size());
            for (JsonElement element : array) {
                vectors.add(new Vector(element.getAsJsonObject()));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        }
    }

    /** One test vector: {@code id, protocol, provenance, raw, expected, source, notes}. */
    public record Vector(JsonObject json) {

        public String id() {
            return json.get("id").getAsString();
        }

        public String protocol() {
            return json.get("protocol").getAsString();
        }

        public String raw() {
            return json.get("raw").getAsString();
        }

        public JsonObject expected() {
            return json.getAsJsonObject("expected");
        }

        /** A string field of the vector itself (not of {@code expected}), or null. */
        public String field(String name) {
            JsonElement value = json.get(name);
            return value == null || value.isJsonNull() ? null : value.getAsString();
        }

        @Override
        public String toString() {
            return id();
        }
    }
}
