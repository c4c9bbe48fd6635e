package org.bmsw.report.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A JSON document with the line of every member and array element, so a check of its content can name
 * {@code file:line}. The text is checked strictly here first (Gson's tree parser is lenient: it would take
 * comments, single quotes and bare words), with duplicate member names refused.
 */
public final class JsonLines {

    private final String fileName;
    private final JsonObject root;
    private final Map<String, Integer> lines;

    private JsonLines(String fileName, JsonObject root, Map<String, Integer> lines) {
        this.fileName = fileName;
        this.root = root;
        this.lines = lines;
    }

    /**
     * Parses a document whose top level is an object.
     *
     * @throws IllegalArgumentException {@code file:line: what is wrong} for bad syntax, a duplicate member or a top
     *             level that is not an object
     */
    public static JsonLines parseObject(String fileName, String text) {
        Scanner scanner = new Scanner(fileName, text);
        scanner.document();
        JsonElement tree = JsonParser.parseString(text);
        if (!tree.isJsonObject()) {
            throw new IllegalArgumentException(fileName + ":" + scanner.lines.getOrDefault("$", 1)
                    + ": the file must hold one JSON object { ... }");
        }
        return new JsonLines(fileName, tree.getAsJsonObject(), scanner.lines);
    }

    public JsonObject root() {
        return root;
    }

    /** The line of a member or element by its path ({@code $}, {@code $.steps[2].verdict}), 1 when not known. */
    public int line(String path) {
        return lines.getOrDefault(path, 1);
    }

    /** An error at a top-level member ({@code null}: the start of the object), {@code file:line: message}. */
    public IllegalArgumentException error(String member, String message) {
        return errorAt(member == null ? "$" : "$." + member, message);
    }

    /** An error at a path ({@code $.steps[2].verdict}), {@code file:line: message}. */
    public IllegalArgumentException errorAt(String path, String message) {
        return new IllegalArgumentException(fileName + ":" + line(path) + ": " + message);
    }

    /** A strict recursive-descent reading that records where each path starts. */
    private static final class Scanner {
        private final String fileName;
        private final String text;
        private final Map<String, Integer> lines = new HashMap<>();
        private int pos;
        private int line = 1;

        Scanner(String fileName, String text) {
            this.fileName = fileName;
            this.text = text;
        }

        void document() {
            if (text.startsWith("\uFEFF")) {
                pos = 1;
            }
            space();
            if (pos >= text.length()) {
                throw fail("the file is empty; it must hold one JSON object { ... }");
            }
            value("$");
            space();
            if (pos < text.length()) {
                throw fail("more text after the JSON object: '" + excerpt() + "'");
            }
        }

        private void value(String path) {
            space();
            lines.putIfAbsent(path, line);
            if (pos >= text.length()) {
                throw fail("the file ends where a value should be");
            }
            char c = text.charAt(pos);
            switch (c) {
            case '{' -> object(path);
            case '[' -> array(path);
            case '"' -> string();
            default -> literal();
            }
        }

        private void object(String path) {
            pos++;
            Set<String> names = new HashSet<>();
            space();
            if (peek() == '}') {
                pos++;
                return;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw fail("a member name in double quotes expected, found '" + excerpt() + "'");
                }
                int nameLine = line;
                String name = string();
                if (!names.add(name)) {
                    throw fail("member '" + name + "' given twice");
                }
                String child = path + "." + name;
                lines.put(child, nameLine);
                space();
                if (peek() != ':') {
                    throw fail("':' expected after \"" + name + "\", found '" + excerpt() + "'");
                }
                pos++;
                value(child);
                space();
                char next = peek();
                pos++;
                if (next == '}') {
                    return;
                }
                if (next != ',') {
                    pos--;
                    throw fail("',' or '}' expected, found '" + excerpt() + "'");
                }
            }
        }

        private void array(String path) {
            pos++;
            space();
            if (peek() == ']') {
                pos++;
                return;
            }
            for (int index = 0;; index++) {
                value(path + "[" + index + "]");
                space();
                char next = peek();
                pos++;
                if (next == ']') {
                    return;
                }
                if (next != ',') {
                    pos--;
                    throw fail("',' or ']' expected, found '" + excerpt() + "'");
                }
            }
        }

        private String string() {
            StringBuilder value = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw fail("a text is not closed with '\"'");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\n' || c < 0x20) {
                    pos--;
                    throw fail("a text is not closed with '\"' on its line");
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        throw fail("a text is not closed with '\"'");
                    }
                    char e = text.charAt(pos++);
                    if (e == 'u') {
                        if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
                            throw fail("\\u needs four hex digits");
                        }
                        value.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
                        value.append(e);
                    } else {
                        throw fail("unknown escape \\" + e);
                    }
                } else {
                    value.append(c);
                }
            }
        }

        private void literal() {
            int start = pos;
            while (pos < text.length() && ",]} \t\r\n".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String word = text.substring(start, pos);
            if (!word.equals("true") && !word.equals("false") && !word.equals("null")
                    && !word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
                pos = start;
                throw fail(word.isEmpty() ? "a value expected, found '" + excerpt() + "'"
                        : "'" + word + "' is not a JSON value (texts go in double quotes)");
            }
        }

        private char peek() {
            if (pos >= text.length()) {
                throw fail("the file ends inside the JSON object");
            }
            return text.charAt(pos);
        }

        private void space() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '\n') {
                    line++;
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private String excerpt() {
            int end = pos;
            while (end < text.length() && end < pos + 20 && text.charAt(end) != '\n') {
                end++;
            }
            return text.substring(Math.min(pos, text.length()), end);
        }

        private IllegalArgumentException fail(String message) {
            return new IllegalArgumentException(fileName + ":" + line + ": " + message);
        }
    }
}
