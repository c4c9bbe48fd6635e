package org.bmsw.protocol.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * A Modbus register map as data: which registers hold which value, in which type, word order, scale and unit,
 * under which canonical name, and how often to poll them. The format (JSON, documented in the bundle README):
 *
 * <pre>
 * {"name": "Example BMS", "source": "vendor document, version, URL", "word_order": "big", "period_ms": 1000,
 *  "registers": [
 *    {"address": 0, "table": "holding", "type": "u16", "scale": 0.01, "unit": "V", "name": "voltage_V"},
 *    {"address": 2, "type": "s32", "word_order": "little", "scale": 0.1, "name": "pack_current",
 *     "canonical": "current_A"},
 *    {"address": 9, "name": "status", "bits": [{"bit": 0, "name": "charge_enable"},
 *                                              {"bit": 3, "name": "protection_high_voltage"}]},
 *    {"address": 16, "type": "string", "length": 8, "name": "manufacturer", "period_ms": 60000},
 *    {"address": 4728, "table": "coil", "name": "discharge_enable"}]}
 * </pre>
 *
 * {@code table} is {@code holding} (FC 3, the default), {@code input} (FC 4), {@code coil} (FC 1) or
 * {@code discrete} (FC 2); {@code type} one of {@code u16}, {@code s16}, {@code u32}, {@code s32}, {@code u64},
 * {@code s64}, {@code float32}, {@code string} ({@code length} registers of ASCII, two characters each, high byte
 * first) or {@code bool} (the type of every coil and discrete input); {@code word_order} {@code big} (high word
 * first, the default) or {@code little}; value = raw × scale + offset.
 */
public record RegisterMap(String name, String source, int periodMs, int maxGap, List<Entry> entries) {

    /** How often a register is polled when neither it nor its map says. */
    public static final int DEFAULT_PERIOD_MS = 1000;

    public RegisterMap {
        entries = List.copyOf(entries);
    }

    public RegisterMap(String name, List<Entry> entries) {
        this(name, "", DEFAULT_PERIOD_MS, 0, entries);
    }

    public enum Table {
        HOLDING(3), INPUT(4), COIL(1), DISCRETE(2);

        private final int readFunction;

        Table(int readFunction) {
            this.readFunction = readFunction;
        }

        /** The function code that reads this table. */
        public int readFunction() {
            return readFunction;
        }

        /** Coils and discrete inputs hold bits; the others 16-bit registers. */
        public boolean bits() {
            return this == COIL || this == DISCRETE;
        }

        public static Table ofReadFunction(int function) {
            for (Table table : values()) {
                if (table.readFunction == function) {
                    return table;
                }
            }
            throw new IllegalArgumentException("function " + function + " reads no table");
        }
    }

    public enum Type {
        U16(1), S16(1), U32(2), S32(2), U64(4), S64(4), FLOAT32(2), STRING(0), BOOL(1);

        private final int words;

        Type(int words) {
            this.words = words;
        }

        /** Registers (or bits, for {@link #BOOL}) the type takes; 0 for {@link #STRING}, whose entry says. */
        public int words() {
            return words;
        }
    }

    /**
     * One bit of a register with its own name: a request ({@code charge_enable}), an alarm
     * ({@code protection_high_voltage}, {@code warning_low_temperature}) or a name of the map's own.
     *
     * @param inverted true when the bit set means the name is false ({@code "invert": true})
     */
    public record BitField(int bit, String name, boolean inverted) {

        /** The request it sets, if its name is one. */
        public Optional<Request> request() {
            return Request.byName(name);
        }

        /** The level and alarm it raises, if its name is {@code protection_<alarm>} or {@code warning_<alarm>}. */
        public Optional<Alarm> alarm() {
            return RegisterMap.alarmOf(name);
        }

        /** Whether the name is part of the battery state (a request or an alarm). */
        public boolean canonical() {
            return request().isPresent() || alarm().isPresent();
        }
    }

    /**
     * One value in the map.
     *
     * @param name the name shown: the canonical name when the entry has one, else its own name
     * @param words the registers the value takes (the bits, for a coil or discrete input: 1)
     * @param canonical true when {@code name} is a canonical quantity or request of the battery state, an alarm
     *        ({@code protection_<alarm>}) or an identity text ({@code manufacturer}, {@code model}, {@code serial_number},
     *        {@code firmware_version}, {@code hardware_version}: string registers)
     * @param wordsLittleEndian true when the low word of a 32-bit value comes first
     * @param periodMs how often the entry is polled
     * @param bits the entry's named bits; empty for none
     */
    public record Entry(String name, int address, Table table, Type type, int words, boolean wordsLittleEndian,
            double scale, double offset, String unit, boolean canonical, int periodMs, List<BitField> bits) {

        public Entry {
            bits = List.copyOf(bits);
        }

        public Entry(String name, int address, Table table, Type type, boolean wordsLittleEndian, double scale,
                double offset, String unit, boolean canonical) {
            this(name, address, table, type, type.words(), wordsLittleEndian, scale, offset, unit, canonical,
                    DEFAULT_PERIOD_MS, List.of());
        }

        /** The value from {@code words} (the registers starting at {@link #address()}); NaN for a string. */
        public double decode(int[] words, int from) {
            long raw = raw(words, from);
            double value = switch (type) {
            case U16, U32, BOOL -> raw;
            case S16 -> (short) raw;
            case S32 -> (int) raw;
            case U64 -> raw >= 0 ? raw : (raw >>> 1) * 2.0 + (raw & 1);
            case S64 -> raw;
            case FLOAT32 -> Float.intBitsToFloat((int) raw);
            case STRING -> Double.NaN;
            };
            return value * scale + offset;
        }

        /** The raw bits, high word first after the word order is applied (0 for a string). */
        public long raw(int[] words, int from) {
            if (type == Type.STRING) {
                return 0;
            }
            int count = this.words;
            long raw = 0;
            for (int i = 0; i < count; i++) {
                int word = wordsLittleEndian ? words[from + count - 1 - i] : words[from + i];
                raw = raw << 16 | (word & 0xFFFF);
            }
            return raw;
        }

        /** A string entry's text: two characters per register, high byte first, up to the first NUL, trimmed. */
        public String text(int[] words, int from) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < this.words; i++) {
                int word = words[from + i];
                for (int c : new int[] { word >> 8 & 0xFF, word & 0xFF }) {
                    if (c == 0) {
                        return text.toString().strip();
                    }
                    text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
                }
            }
            return text.toString().strip();
        }

        /** The registers (or bits) for {@code value}, the inverse of {@link #decode}, for simulators. */
        public int[] encode(double value) {
            int[] out = new int[words];
            long raw;
            double scaled = (value - offset) / scale;
            if (type == Type.FLOAT32) {
                raw = Float.floatToIntBits((float) scaled) & 0xFFFFFFFFL;
            } else {
                raw = Math.round(scaled);
            }
            for (int i = 0; i < words; i++) {
                int word = (int) (raw >>> (16 * (words - 1 - i))) & 0xFFFF;
                out[wordsLittleEndian ? words - 1 - i : i] = word;
            }
            return out;
        }

        /** The registers for {@code text}, padded with NULs, for simulators. */
        public int[] encodeText(String text) {
            int[] out = new int[words];
            for (int i = 0; i < words * 2 && i < text.length(); i++) {
                out[i / 2] |= (text.charAt(i) & 0xFF) << (i % 2 == 0 ? 8 : 0);
            }
            return out;
        }
    }

    /** Where a reference names a map that ships with the workbench: {@code builtin:seplos-v3-bms}. */
    public static final String BUILT_IN_PREFIX = "builtin:";

    /** The maps that ship with the workbench (in this package's {@code maps/}), each citing its source. */
    public static List<String> builtInIds() {
        return List.of("deye-hybrid-lp1", "seplos-v3-bms");
    }

    /**
     * A map that ships with the workbench, by id ({@code seplos-v3-bms}) or reference
     * ({@code builtin:seplos-v3-bms}).
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static RegisterMap builtIn(String id) {
        String name = id.startsWith(BUILT_IN_PREFIX) ? id.substring(BUILT_IN_PREFIX.length()) : id;
        return parse(BUILT_IN_PREFIX + name, builtInJson(name));
    }

    /** The JSON text of a map that ships, by id or reference. */
    public static String builtInJson(String id) {
        String name = id.startsWith(BUILT_IN_PREFIX) ? id.substring(BUILT_IN_PREFIX.length()) : id;
        if (!builtInIds().contains(name)) {
            throw new IllegalArgumentException("no built-in register map '" + name + "'; known: "
                    + String.join(", ", builtInIds()));
        }
        try (java.io.InputStream in = RegisterMap.class.getResourceAsStream("maps/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("maps/" + name + ".json is missing from the protocol bundle");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether {@code reference} names a built-in map rather than a file. */
    public static boolean isBuiltIn(String reference) {
        return reference.startsWith(BUILT_IN_PREFIX);
    }

    /** An alarm named by the map: {@code protection_high_voltage}. */
    public record Alarm(AlarmLevel level, AlarmName name) {
    }

    static Optional<Alarm> alarmOf(String name) {
        int underscore = name.indexOf('_');
        if (underscore < 0) {
            return Optional.empty();
        }
        Optional<AlarmLevel> level = AlarmLevel.byName(name.substring(0, underscore));
        Optional<AlarmName> alarm = AlarmName.byName(name.substring(underscore + 1));
        return level.isPresent() && alarm.isPresent() ? Optional.of(new Alarm(level.get(), alarm.get()))
                : Optional.empty();
    }

    /**
     * One read request of a poll: {@code count} registers (or bits) of {@code table} from {@code address}, every
     * {@code periodMs}.
     */
    public record Block(Table table, int address, int count, int periodMs) {

        @Override
        public String toString() {
            return table.name().toLowerCase(Locale.ROOT) + " " + address + ".." + (address + count - 1) + " every "
                    + periodMs + " ms";
        }
    }

    /**
     * The read requests that poll every entry: entries of one table and one period whose registers are contiguous
     * (or apart by at most the map's {@code max_gap}) share a request of at most {@code maxRegisters} registers
     * ({@code maxBits} bits for coils and discrete inputs), so a device is asked as few times as it allows.
     *
     * @throws IllegalArgumentException naming an entry that does not fit one request or runs past address 65535
     */
    public List<Block> blocks(int maxRegisters, int maxBits) {
        record Span(Table table, int periodMs, int from, int to) {
        }
        List<Span> spans = new ArrayList<>();
        for (Entry entry : entries) {
            int max = entry.table().bits() ? maxBits : maxRegisters;
            if (entry.words() > max) {
                throw new IllegalArgumentException(name + ": " + entry.name() + " takes " + entry.words()
                        + " registers, more than one request may read (" + max + ")");
            }
            if (entry.address() + entry.words() > 0x10000) {
                throw new IllegalArgumentException(name + ": " + entry.name() + " at " + entry.address()
                        + " runs past address 65535");
            }
            spans.add(new Span(entry.table(), entry.periodMs(), entry.address(), entry.address() + entry.words()));
        }
        spans.sort(Comparator.comparing(Span::table).thenComparingInt(Span::periodMs).thenComparingInt(Span::from));
        List<Block> blocks = new ArrayList<>();
        Span open = null;
        for (Span span : spans) {
            int max = span.table().bits() ? maxBits : maxRegisters;
            if (open != null && open.table() == span.table() && open.periodMs() == span.periodMs()
                    && span.from() <= open.to() + maxGap && Math.max(open.to(), span.to()) - open.from() <= max) {
                open = new Span(open.table(), open.periodMs(), open.from(), Math.max(open.to(), span.to()));
                continue;
            }
            if (open != null) {
                blocks.add(new Block(open.table(), open.from(), open.to() - open.from(), open.periodMs()));
            }
            open = span;
        }
        if (open != null) {
            blocks.add(new Block(open.table(), open.from(), open.to() - open.from(), open.periodMs()));
        }
        return blocks;
    }

    /**
     * Reads a map; errors name the source, the line and the entry, e.g.
     * {@code bms.json:7: registers[2].type: 'u17' is not u16, s16, u32, s32, u64, s64, float32, string or bool}.
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
        String citation;
        boolean defaultLittle;
        int mapPeriod;
        int maxGap;
        try {
            mapName = root.has("name") ? root.get("name").getAsString() : source;
            citation = text(root, "source", "");
            defaultLittle = "little".equals(text(root, "word_order", "big"));
            mapPeriod = root.has("period_ms") ? root.get("period_ms").getAsInt() : DEFAULT_PERIOD_MS;
            maxGap = root.has("max_gap") ? root.get("max_gap").getAsInt() : 0;
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
            throw new IllegalArgumentException(source + ":1: name, source and word_order must be text, period_ms "
                    + "and max_gap whole numbers", e);
        }
        if (mapPeriod < 0 || maxGap < 0 || maxGap > 124) {
            throw new IllegalArgumentException(source + ":1: period_ms must be 0 or more, max_gap 0-124");
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
            try {
                entries.add(entry(element.getAsJsonObject(), defaultLittle, mapPeriod));
            } catch (RuntimeException e) {
                // ours name the field; gson's getAs... refuse a value of another JSON type
                errors.add(where + (e.getClass() == IllegalArgumentException.class ? "." + oneLine(e.getMessage())
                        : ": a value of the wrong JSON type (" + oneLine(e.getMessage()) + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return new RegisterMap(mapName, citation, mapPeriod, maxGap, entries);
    }

    private static Entry entry(JsonObject entry, boolean defaultLittle, int mapPeriod) {
        String own = text(entry, "name", null);
        String canonicalName = text(entry, "canonical", null);
        if (own == null && canonicalName == null) {
            throw new IllegalArgumentException("name: missing");
        }
        String shown = canonicalName != null ? canonicalName : own;
        boolean canonical = Quantity.byName(shown).isPresent() || Request.byName(shown).isPresent()
                || alarmOf(shown).isPresent() || Identity.byName(shown).isPresent();
        if (canonicalName != null && !canonical) {
            throw new IllegalArgumentException("canonical: '" + canonicalName
                    + "' is not a canonical quantity, request or alarm name");
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
        case "coil" -> Table.COIL;
        case "discrete" -> Table.DISCRETE;
        default -> throw new IllegalArgumentException("table: '" + tableText
                + "' is not holding, input, coil or discrete");
        };
        String typeText = text(entry, "type", table.bits() ? "bool" : "u16");
        Type type;
        try {
            type = Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("type: '" + typeText
                    + "' is not u16, s16, u32, s32, u64, s64, float32, string or bool");
        }
        if (table.bits() != (type == Type.BOOL)) {
            throw new IllegalArgumentException("type: " + typeText + (table.bits() ? " is not bool, the only type of a "
                    + tableText : " is for coils and discrete inputs, not " + tableText + " registers"));
        }
        int words = type.words();
        if (type == Type.STRING) {
            words = entry.has("length") ? entry.get("length").getAsInt() : 0;
            if (words < 1 || words > 125) {
                throw new IllegalArgumentException("length: a string takes 1-125 registers, not " + words);
            }
        }
        String order = text(entry, "word_order", defaultLittle ? "little" : "big");
        if (!order.equals("big") && !order.equals("little")) {
            throw new IllegalArgumentException("word_order: '" + order + "' is not big or little");
        }
        double scale = entry.has("scale") ? entry.get("scale").getAsDouble() : 1;
        double offset = entry.has("offset") ? entry.get("offset").getAsDouble() : 0;
        String unit = text(entry, "unit", Quantity.byName(shown).map(Quantity::unit).orElse(""));
        int period = entry.has("period_ms") ? entry.get("period_ms").getAsInt() : mapPeriod;
        if (period < 0) {
            throw new IllegalArgumentException("period_ms: " + period + " is below 0");
        }
        List<BitField> bits = new ArrayList<>();
        if (entry.has("bits")) {
            if (type != Type.U16 && type != Type.U32) {
                throw new IllegalArgumentException("bits: only u16 and u32 registers have named bits, not " + typeText);
            }
            JsonArray array = entry.getAsJsonArray("bits");
            for (int b = 0; b < array.size(); b++) {
                JsonObject bit = array.get(b).getAsJsonObject();
                String bitName = text(bit, "name", null);
                if (bitName == null || !bit.has("bit")) {
                    throw new IllegalArgumentException("bits[" + b + "]: needs bit and name");
                }
                int number = bit.get("bit").getAsInt();
                if (number < 0 || number >= 16 * words) {
                    throw new IllegalArgumentException("bits[" + b + "].bit: " + number + " is not 0-"
                            + (16 * words - 1));
                }
                bits.add(new BitField(number, bitName, bit.has("invert") && bit.get("invert").getAsBoolean()));
            }
        }
        return new Entry(shown, address, table, type, words, order.equals("little"), scale, offset, unit, canonical,
                period, bits);
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
