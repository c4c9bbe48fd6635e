package org.bmsw.protocol.modbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A Modbus register map as data: which registers hold which value, in which type, word order, scale and unit,
 * and under which canonical name. The format (JSON, documented in the bundle README):
 *
 * <pre>
 * {"name": "Example BMS", "word_order": "big",
 *  "registers": [
 *    {"address": 0, "table": "holding", "type": "u16", "scale": 0.01, "unit": "V", "name": "voltage_V"},
 *    {"address": 2, "type": "s32", "word_order": "little", "scale": 0.1, "name": "pack_current",
 *     "canonical": "current_A"}]}
 * </pre>
 *
 * {@code table} is {@code holding} (FC 3, the default) or {@code input} (FC 4); {@code type} one of {@code u16},
 * {@code s16}, {@code u32}, {@code s32}, {@code float32}; {@code word_order} {@code big} (high word first, the
 * default) or {@code little}; value = raw × scale + offset.
 */
public record RegisterMap(String name, List<Entry> entries) {

    public RegisterMap {
        entries = List.copyOf(entries);
    }

    public enum Table {
        HOLDING, INPUT;
    }

    public enum Type {
        U16(1), S16(1), U32(2), S32(2), FLOAT32(2);

        private final int words;

        Type(int words) {
            this.words = words;
        }

        public int words() {
            return words;
        }
    }

    /**
     * One value in the map.
     *
     * @param name the name shown: the canonical name when the entry has one, else its own name
     * @param canonical true when {@code name} is a canonical quantity or request of the battery state
     * @param wordsLittleEndian true when the low word of a 32-bit value comes first
     */
    public record Entry(String name, int address, Table table, Type type, boolean wordsLittleEndian, double scale,
            double offset, String unit, boolean canonical) {

        /** The value from {@code words} (the registers starting at {@link #address()}). */
        public double decode(int[] words, int from) {
            long raw = raw(words, from);
            double value = switch (type) {
            case U16, U32 -> raw;
            case S16 -> (short) raw;
            case S32 -> (int) raw;
            case FLOAT32 -> Float.intBitsToFloat((int) raw);
            };
            return value * scale + offset;
        }

        public long raw(int[] words, int from) {
            if (type.words() == 1) {
                return words[from] & 0xFFFF;
            }
            int high = wordsLittleEndian ? words[from + 1] : words[from];
            int low = wordsLittleEndian ? words[from] : words[from + 1];
            return ((long) (high & 0xFFFF) << 16) | (low & 0xFFFF);
        }
    }

    /**
     * Reads a map; errors name the source, the line and the entry, e.g.
     * {@code bms.json:7: registers[2].type: 'u17' is not u16, s16, u32, s32 or float32}.
     *
     * @throws IllegalArgumentException with every problem found
     */
    public static RegisterMap parse(String source, String json) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new IllegalArgumentException(source + ":1: a register map is a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(source + jsonSyntaxLine(e) + ": " + firstLine(e), e);
        } catch (StackOverflowError e) { // gson limits nesting, but not for every stack size
            throw new IllegalArgumentException(source + ": JSON nested too deeply", e);
        }
        List<String> errors = new ArrayList<>();
        String mapName;
        boolean defaultLittle;
        try {
            mapName = root.has("name") ? root.get("name").getAsString() : source;
            defaultLittle = "little".equals(text(root, "word_order", "big"));
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ":1: name and word_order must be text", e);
        }
        JsonArray registers = root.has("registers") && root.get("registers").isJsonArray()
                ? root.getAsJsonArray("registers") : null;
        if (registers == null) {
            throw new IllegalArgumentException(source + ": no \"registers\" array");
        }
        int[] lines = elementLines(json, registers.size());
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < registers.size(); i++) {
            String where = source + ":" + lines[i] + ": registers[" + i + "]";
            JsonElement element = registers.get(i);
            if (!element.isJsonObject()) {
                errors.add(where + ": not an object");
                continue;
            }
            JsonObject entry = element.getAsJsonObject();
            try {
                String own = text(entry, "name", null);
                String canonicalName = text(entry, "canonical", null);
                if (own == null && canonicalName == null) {
                    throw new IllegalArgumentException("name: missing");
                }
                String shown = canonicalName != null ? canonicalName : own;
                boolean canonical = Quantity.byName(shown).isPresent() || Request.byName(shown).isPresent();
                if (canonicalName != null && !canonical) {
                    throw new IllegalArgumentException("canonical: '" + canonicalName
                            + "' is not a canonical quantity or request name");
                }
                if (!entry.has("address")) {
                    throw new IllegalArgumentException("address: missing");
                }
                int address = entry.get("address").getAsInt();
                if (address < 0 || address > 0xFFFF) {
                    throw new IllegalArgumentException("address: " + address + " is not 0-65535");
                }
                String tableText = text(entry, "table", "holding");
                Table table = switch (tableText) {
                case "holding" -> Table.HOLDING;
                case "input" -> Table.INPUT;
                default -> throw new IllegalArgumentException("table: '" + tableText + "' is not holding or input");
                };
                String typeText = text(entry, "type", "u16");
                Type type;
                try {
                    type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("type: '" + typeText
                            + "' is not u16, s16, u32, s32 or float32");
                }
                String order = text(entry, "word_order", defaultLittle ? "little" : "big");
                if (!order.equals("big") && !order.equals("little")) {
                    throw new IllegalArgumentException("word_order: '" + order + "' is not big or little");
                }
                double scale = entry.has("scale") ? entry.get("scale").getAsDouble() : 1;
                double offset = entry.has("offset") ? entry.get("offset").getAsDouble() : 0;
                String unit = text(entry, "unit", Quantity.byName(shown).map(Quantity::unit).orElse(""));
                entries.add(new Entry(shown, address, table, type, order.equals("little"), scale, offset, unit,
                        canonical));
            } catch (RuntimeException e) {
                // ours name the field; gson's getAs... refuse a value of another JSON type
                errors.add(where + (e.getClass() == IllegalArgumentException.class ? "." + oneLine(e.getMessage())
                        : ": a value of the wrong JSON type (" + oneLine(e.getMessage()) + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return new RegisterMap(mapName, entries);
    }

    /** {@code ":line"} of a gson syntax error, from its message ("... at line 3 column 5 path ..."). */
    private static String jsonSyntaxLine(JsonParseException e) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile(" at line (\\d+)").matcher(
                String.valueOf(e.getMessage()));
        return line.find() ? ":" + line.group(1) : "";
    }

    /** A message with the line breaks a value may carry shown as {@code \\n}: one problem, one line. */
    private static String oneLine(String message) {
        return String.valueOf(message).replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    /**
     * The line (1-based) where each element of the top-level {@code "registers"} array starts, for messages;
     * 0 where it cannot be told. The document is valid JSON here (gson has read it).
     */
    static int[] elementLines(String json, int count) {
        int[] lines = new int[count];
        int line = 1;
        int depth = 0;
        boolean inRegisters = false;
        boolean expectElement = false;
        int element = 0;
        String lastKey = null;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '"') {
                int start = ++i;
                while (i < json.length() && json.charAt(i) != '"') {
                    if (json.charAt(i) == '\\') {
                        i++;
                    } else if (json.charAt(i) == '\n') {
                        line++;
                    }
                    i++;
                }
                if (depth == 1) {
                    lastKey = json.substring(start, Math.min(i, json.length()));
                }
                if (inRegisters && expectElement && depth == 2 && element < count) {
                    lines[element++] = line;
                    expectElement = false;
                }
            } else if (c == '{' || c == '[') {
                if (inRegisters && expectElement && depth == 2 && element < count) {
                    lines[element++] = line;
                    expectElement = false;
                }
                depth++;
                if (depth == 2 && c == '[' && "registers".equals(lastKey)) {
                    inRegisters = true;
                    expectElement = true;
                }
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 1) {
                    inRegisters = false;
                }
            } else if (c == ',' && inRegisters && depth == 2) {
                expectElement = true;
            } else if (inRegisters && expectElement && depth == 2 && !Character.isWhitespace(c) && element < count) {
                lines[element++] = line; // a number, true, false or null
                expectElement = false;
            }
        }
        return lines;
    }

    private static String text(JsonObject object, String key, String fallback) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? fallback : value.getAsString();
    }
}
