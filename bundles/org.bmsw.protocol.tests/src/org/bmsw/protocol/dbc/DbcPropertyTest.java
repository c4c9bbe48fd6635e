package org.bmsw.protocol.dbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.bmsw.core.record.FrameFlags;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.testdata.Samples;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Property tests of the DBC engine on generated inputs (jqwik generators through {@link Samples}; counts scale with
 * {@code -Dbmsw.fuzz.scale}): DBC-like texts and mutated real files never make the parser throw, keep what comes
 * before the damage and write back to the model they read; generated databases survive write-then-parse; generated
 * signals survive encode-then-decode. A failing input found is kept as an example in {@link DbcRobustnessTest}.
 */
class DbcPropertyTest {

    /** The valid files the mutations start from: the built-in definitions and the tests' CANdb++-style files. */
    static final List<String> SEEDS = new ArrayList<>();

    @BeforeAll
    static void loadSeeds() throws IOException {
        SEEDS.clear();
        for (String file : List.of("pylon-can.dbc", "sma-can.dbc", "victron-ext.dbc", "variant-voltage-0.1V.dbc")) {
            try (InputStream in = CanProtocol.class.getResourceAsStream(file)) {
                SEEDS.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        for (String file : List.of("extended-mux.dbc", "long-names.dbc", "value-types.dbc", "bench-pylon.dbc")) {
            SEEDS.add(DbcFeaturesTest.resource(file));
        }
        SEEDS.add(DbcTest.REAL_WORLD);
    }

    // ---- generators

    /** Pieces DBC text is made of, broken ones among them: the parser meets them in any order. */
    static Arbitrary<String> dbcLikeTexts() {
        Arbitrary<String> keywords = Arbitraries.of("VERSION", "NS_", "BS_", "BU_", "BO_", "SG_", "CM_", "BA_DEF_",
                "BA_DEF_DEF_", "BA_", "VAL_", "VAL_TABLE_", "SIG_VALTYPE_", "SG_MUL_VAL_", "BO_TX_BU_", "EV_",
                "SIG_GROUP_", "BU_", "BO_", "SG_", "M", "m0", "m1M", "m99999999999", "Vector__XXX",
                "SystemSignalLongSymbol", "SystemMessageLongSymbol", "SystemNodeLongSymbol");
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.integers().between(-5, 600).map(String::valueOf),
                Arbitraries.of("2147483648", "4294967295", "4294967296", "18446744073709551615", "-1", "1e999",
                        "NaN", "0.1", "-0", "1.5f", "0x10", "99999999999999999999"));
        Arbitrary<String> punctuation = Arbitraries.of(":", "|", "@", "@1+", "@0-", "(", ")", "[", "]", ",", ";",
                "\"", "\"\"", "\"text\"", "\"a\\\"b\"", "\\", "/*", "*/", "//", "#", "{", "}", "-", "0-3", "-");
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').withChars('_', 'A', 'Z', '0', '.')
                .ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> space = Arbitraries.of(" ", " ", " ", "\n", "\n ", "\r\n", "\t", "");
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, keywords), net.jqwik.api.Tuple.of(4, numbers),
                net.jqwik.api.Tuple.of(4, punctuation), net.jqwik.api.Tuple.of(3, names),
                net.jqwik.api.Tuple.of(6, space));
        Arbitrary<String> soup = piece.list().ofMaxSize(120).map(pieces -> String.join("", pieces));
        Arbitrary<String> raw = Arbitraries.strings().withChars("BOSG_:|@()[],;\"01+-M m\n\\/*#{}é\u0000")
                .ofMaxLength(200);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, soup), net.jqwik.api.Tuple.of(1, raw));
    }

    /** A seed file damaged once: a character replaced, the file cut, a line dropped, doubled or moved, junk put in. */
    record Mutation(int seed, String kind, int position, String text) {

        /** The mutated file. */
        String apply() {
            String original = SEEDS.get(seed);
            int at = Math.floorMod(position, original.length() + 1);
            List<String> lines = new ArrayList<>(List.of(original.split("\n", -1)));
            int lineIndex = Math.floorMod(position, lines.size());
            return switch (kind) {
            case "replace" -> at == original.length() ? original + text
                    : original.substring(0, at) + text + original.substring(at + 1);
            case "insert" -> original.substring(0, at) + text + original.substring(at);
            case "truncate" -> original.substring(0, at);
            case "drop-line" -> {
                lines.remove(lineIndex);
                yield String.join("\n", lines);
            }
            case "double-line" -> {
                lines.add(lineIndex, lines.get(lineIndex));
                yield String.join("\n", lines);
            }
            default -> { // move a line to another place: the order of statements changes
                String moved = lines.remove(lineIndex);
                lines.add(Math.floorMod(text.hashCode(), lines.size() + 1), moved);
                yield String.join("\n", lines);
            }
            };
        }

        /** Where the damage starts, for the kinds that leave everything before it unchanged; -1 for the others. */
        int damageAt() {
            return switch (kind) {
            case "replace", "insert", "truncate" -> Math.floorMod(position, SEEDS.get(seed).length() + 1);
            default -> -1;
            };
        }

        @Override
        public String toString() {
            return "seed " + seed + " " + kind + " at " + position + " " + Samples.describe(text) + "\nmutated: "
                    + Samples.describe(apply());
        }
    }

    static Arbitrary<Mutation> mutations() {
        Arbitrary<Integer> seeds = Arbitraries.integers().between(0, 8);
        Arbitrary<String> kinds = Arbitraries.of("replace", "replace", "replace", "insert", "truncate", "truncate",
                "drop-line", "double-line", "move-line");
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 20_000);
        Arbitrary<String> junk = Arbitraries.oneOf(Arbitraries.of("\"", ";", "\n", "@", "|", ":", "-", "M", "m",
                "9", "/*", "#", "{", "\\", "\u0000", "é", "SG_ ", "BO_ ", "\nBO_ 1 X: 8 Y\n", " m99999999999 ",
                "\n SG_ s : -1|8@1+ (1,0) [0|1] \"\" X\n"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(4));
        return Combinators.combine(seeds, kinds, positions, junk).as(Mutation::new);
    }

    /** Valid databases as a model: what a DBC file can say, long and odd names, FD lengths, float and mux. */
    static Arbitrary<DbcDatabase> databases() {
        return Arbitraries.randomValue(DbcPropertyTest::database);
    }

    private static final String[] NAME_STARTS = {"Cell", "Pack", "Temp", "Mux", "x", "Battery_Management_System_",
        "Maximum_Cell_Voltage_Of_All_Modules_", "voltage (V)", "3rd", "ÄÖÜ", "a.b", "SG_", "M", "m1", "BO_"};

    private static String name(Random random, Set<String> used) {
        while (true) {
            String name = NAME_STARTS[random.nextInt(NAME_STARTS.length)]
                    + (random.nextBoolean() ? "" : Integer.toString(random.nextInt(100)));
            if (random.nextInt(8) == 0) {
                name += "_" + "long".repeat(1 + random.nextInt(10));
            }
            if (used.add(name)) {
                return name;
            }
        }
    }

    private static String text(Random random) {
        String[] pieces = {"plain", " ", "\"quoted\"", "back\\slash", "line\nbreak", ";", "é°C", "BO_ 1 x: 8 y",
            "\nCM_ "};
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(4); n > 0; n--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private static double decimal(Random random) {
        return switch (random.nextInt(6)) {
        case 0 -> 1;
        case 1 -> 0.1;
        case 2 -> -40;
        case 3 -> random.nextInt(2000) / 100.0;
        case 4 -> -0.0;
        default -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
        };
    }

    static DbcDatabase database(Random random) {
        Set<String> nodeNames = new HashSet<>();
        List<String> nodes = new ArrayList<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            nodes.add(name(random, nodeNames));
        }
        List<String> someNodes = new ArrayList<>(nodes);
        someNodes.add(DbcMessage.NO_NODE);
        List<DbcMessage> messages = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        Set<String> messageNames = new HashSet<>();
        for (int m = random.nextInt(6); m > 0; m--) {
            boolean extended = random.nextBoolean();
            long id = extended ? DbcMessage.EXTENDED_FLAG | random.nextInt(0x2000_0000) : random.nextInt(0x800);
            if (!ids.add(id)) {
                continue;
            }
            int length = DbcMessage.lengthOfDlc(random.nextInt(16));
            List<DbcSignal> signals = signals(random, length, someNodes);
            Map<String, String> attributes = new LinkedHashMap<>();
            if (random.nextBoolean()) {
                attributes.put("GenMsgCycleTime", Integer.toString(random.nextInt(1000)));
            }
            messages.add(new DbcMessage(id, name(random, messageNames), length,
                    List.of(someNodes.get(random.nextInt(someNodes.size()))), signals,
                    random.nextBoolean() ? text(random) : null, attributes));
        }
        Map<String, Map<Long, String>> tables = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            tables.put("OnOff", Map.of(0L, "Off", 1L, text(random)));
        }
        List<DbcAttributeDefinition> definitions = List.of(
                new DbcAttributeDefinition("BO_", "GenMsgCycleTime", "INT 0 65535", random.nextBoolean() ? "0" : null),
                new DbcAttributeDefinition("SG_", "GenSigStartValue", "FLOAT -1E+100 1E+100", null),
                new DbcAttributeDefinition("", "BusType", "STRING", "\"CAN\""));
        List<String> preserved = random.nextBoolean() ? List.of("EV_ Klemme: 0 [0|1] \"\" 0 1 DUMMY_NODE_VECTOR0 "
                + "Vector__XXX;", "CM_ BU_ X \"a node\";") : List.of();
        return new DbcDatabase(random.nextBoolean() ? "" : text(random), nodes, messages, tables, definitions,
                random.nextBoolean() ? Map.of("BusType", "\"CAN FD\"") : Map.of(),
                random.nextBoolean() ? text(random) : null, preserved);
    }

    private static List<DbcSignal> signals(Random random, int messageLength, List<String> nodes) {
        List<DbcSignal> signals = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int bits = Math.max(messageLength, 8) * 8;
        int count = random.nextInt(8);
        int multiplexors = count == 0 ? 0 : random.nextInt(3); // 0, 1 (classic) or 2 (cascaded)
        List<String> multiplexorNames = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            DbcSignal signal = signal(random, bits, name(random, names), nodes);
            boolean isMultiplexor = s < multiplexors;
            int value = -1;
            String switchName = null;
            List<DbcMultiplexRange> ranges = List.of();
            if (isMultiplexor && s > 0 || !isMultiplexor && multiplexors > 0 && random.nextBoolean()) {
                value = random.nextInt(16);
                if (multiplexors == 2 || random.nextBoolean()) {
                    switchName = multiplexorNames.get(random.nextInt(multiplexorNames.size()));
                    long low = random.nextInt(20);
                    ranges = random.nextBoolean() ? List.of(new DbcMultiplexRange(low, low + random.nextInt(5)))
                            : List.of(new DbcMultiplexRange(low, low), new DbcMultiplexRange(low + 2, low + 9));
                }
            }
            if (isMultiplexor) {
                multiplexorNames.add(signal.name());
            }
            Map<Long, String> values = random.nextInt(4) == 0 ? Map.of(0L, "zero", -1L, text(random)) : Map.of();
            Map<String, String> attributes = random.nextInt(4) == 0 ? Map.of("GenSigStartValue", "1.5") : Map.of();
            signals.add(new DbcSignal(signal.name(), signal.startBit(), signal.length(), signal.byteOrder(),
                    signal.signed(), signal.valueType(), signal.factor(), signal.offset(), signal.minimum(),
                    signal.maximum(), signal.unit(), signal.receivers(), isMultiplexor, value, switchName, ranges,
                    values, random.nextInt(3) == 0 ? text(random) : null, attributes));
        }
        return signals;
    }

    /** A signal that fits {@code bits} (a frame's bits, at least 64), any byte order, length and value type. */
    static DbcSignal signal(Random random, int bits, String name, List<String> nodes) {
        int length = switch (random.nextInt(5)) {
        case 0 -> 64;
        case 1 -> 32;
        default -> 1 + random.nextInt(64);
        };
        DbcValueType type = length == 32 && random.nextBoolean() ? DbcValueType.FLOAT32
                : length == 64 && random.nextBoolean() ? DbcValueType.FLOAT64 : DbcValueType.INTEGER;
        boolean intel = random.nextBoolean();
        int start;
        if (intel) {
            start = random.nextInt(bits - length + 1);
        } else {
            // Motorola: the MSB's position counted from byte 0's top bit, then back to sawtooth numbering
            int msbLinear = random.nextInt(bits - length + 1);
            start = (msbLinear / 8) * 8 + (7 - msbLinear % 8);
        }
        boolean plainScale = type != DbcValueType.INTEGER || random.nextBoolean();
        List<String> receivers = new ArrayList<>();
        for (int n = random.nextInt(3); n > 0; n--) {
            String node = nodes.get(random.nextInt(nodes.size()));
            if (!receivers.contains(node)) {
                receivers.add(node);
            }
        }
        return new DbcSignal(name, start, length, intel ? DbcByteOrder.INTEL : DbcByteOrder.MOTOROLA,
                random.nextBoolean(), type, plainScale ? 1 : new double[] {0.1, 0.5, 0.01, 2, 0.001}[random.nextInt(5)],
                plainScale ? 0 : new double[] {0, -40, 100, -273.15}[random.nextInt(4)], decimal(random),
                decimal(random), random.nextBoolean() ? "" : text(random), receivers, false, -1, Map.of(), null,
                Map.of());
    }

    // ---- properties

    /** Checks that hold for whatever the parser read: positions inside the file, and the model writes back. */
    static void checkParsed(String text, DbcParser.Result result) {
        long lines = text.chars().filter(c -> c == '\n').count() + 1;
        for (DbcDiagnostic diagnostic : result.diagnostics()) {
            assertTrue(diagnostic.line() >= 1 && diagnostic.line() <= lines && diagnostic.column() >= 1,
                    diagnostic.toString());
            assertFalse(diagnostic.reason().isBlank(), diagnostic.toString());
        }
        DbcCodec.compile(result.database());
        String written = DbcWriter.write(result.database());
        DbcParser.Result again = DbcParser.parse("written", written);
        assertEquals(List.of(), again.errors(), written);
        assertEquals(result.database(), again.database(), written);
    }

    @Test
    void generatedDbcLikeTextsNeverThrow() {
        Samples.check(dbcLikeTexts(), 5000, 1, text -> checkParsed(text, DbcParser.parse("generated.dbc", text)));
    }

    @Test
    void mutatedFilesNeverThrowAndKeepWhatComesBeforeTheDamage() {
        Samples.check(mutations(), 3000, 2, mutation -> {
            String mutated = mutation.apply();
            DbcParser.Result result = DbcParser.parse("mutated.dbc", mutated);
            checkParsed(mutated, result);
            int damage = mutation.damageAt();
            if (damage >= 0) {
                // the statements whole before the damaged line (and the one before it, which it may continue)
                int lineStart = mutated.lastIndexOf('\n', Math.max(0, damage - 1));
                int previousLine = lineStart <= 0 ? 0 : mutated.lastIndexOf('\n', lineStart - 1) + 1;
                DbcDatabase prefix = DbcParser.parse("prefix", mutated.substring(0, previousLine)).database();
                assertPrefixKept(prefix, result.database());
            }
        });
    }

    /** Every message of {@code prefix} is in {@code full}, with at least the signals it has there (by layout). */
    static void assertPrefixKept(DbcDatabase prefix, DbcDatabase full) {
        assertTrue(full.nodes().size() >= prefix.nodes().size(), "nodes");
        for (DbcMessage message : prefix.messages()) {
            DbcMessage kept = full.messages().stream().filter(m -> m.dbcId() == message.dbcId()).findFirst()
                    .orElseThrow(() -> new AssertionError("message " + message.dbcId() + " lost"));
            List<String> layouts = kept.signals().stream().map(DbcPropertyTest::layout).toList();
            for (DbcSignal signal : message.signals()) {
                assertTrue(layouts.contains(layout(signal)), "signal " + signal.name() + " of " + message.name()
                        + " lost");
            }
        }
    }

    private static String layout(DbcSignal s) {
        return s.startBit() + "|" + s.length() + "@" + s.byteOrder() + s.signed() + "(" + s.factor() + ","
                + s.offset() + ")";
    }

    @Test
    void generatedDatabasesWriteThenParseToThemselves() {
        Samples.check(databases(), 1000, 3, database -> {
            String written = DbcWriter.write(database);
            DbcParser.Result result = DbcParser.parse("written", written);
            assertEquals(List.of(), result.errors(), written);
            assertEquals(database, result.database(), written);
        });
    }

    /** One signal in a message of its own, with a raw value that fits it. */
    record SignalCase(DbcSignal signal, int length, long raw) {
    }

    static Arbitrary<SignalCase> signalCases() {
        return Arbitraries.randomValue(random -> {
            int length = DbcMessage.lengthOfDlc(random.nextInt(16));
            DbcSignal signal = signal(random, Math.max(length, 8) * 8, "s", List.of(DbcMessage.NO_NODE));
            if (signal.valueType() == DbcValueType.INTEGER && signal.length() == 64) {
                signal = new DbcSignal(signal.name(), signal.startBit(), 64, signal.byteOrder(), signal.signed(),
                        signal.valueType(), 1, 0, 0, 0, "", signal.receivers(), false, -1, Map.of(), null, Map.of());
            }
            long raw = random.nextLong();
            int bits = signal.length();
            if (bits < 64) {
                raw &= (1L << bits) - 1;
                if (signal.signed() && signal.valueType() == DbcValueType.INTEGER) {
                    raw = raw << (64 - bits) >> (64 - bits);
                }
            }
            if (signal.valueType() == DbcValueType.INTEGER && bits < 64 && signal.factor() != 1) {
                raw = raw >> Math.max(0, bits - 40); // scaled values stay exact in a double
            }
            if (signal.valueType() == DbcValueType.FLOAT32 && Float.isNaN(Float.intBitsToFloat((int) raw))
                    || signal.valueType() == DbcValueType.FLOAT64 && Double.isNaN(Double.longBitsToDouble(raw))) {
                raw = 0; // NaN has many bit patterns and equals nothing
            }
            if (bits < 53 && signal.valueType() == DbcValueType.INTEGER && !signal.signed()) {
                raw &= (1L << bits) - 1;
            }
            return new SignalCase(signal, length, raw);
        });
    }

    @Test
    void generatedSignalsEncodeThenDecodeToTheirValues() {
        Samples.check(signalCases(), 10_000, 4, c -> {
            DbcCodec codec = DbcCodec.compile(DbcDatabase.of(List.of(DbcMessage.of(0x123, false, "M", c.length(),
                    List.of(c.signal())))));
            int needed = codec.bytesNeeded(0);
            byte[] frame = new byte[Math.max(c.length(), needed)];
            // the raw bits are exact whatever the width
            DbcCodec.writeBits(frame, 0, c.signal(), c.raw());
            assertEquals(c.raw(), codec.rawValue(0, frame, 0, frame.length));
            // physical → frame → physical is the identity (a u64/s64 beyond 2^53 is the nearest double both ways)
            double physical = codec.physical(0, c.raw());
            if (needed <= c.length()) {
                byte[] encoded = codec.encode(0, Map.of("s", physical));
                double[] decoded = {Double.NaN};
                codec.decode(0x123, c.length() > 8 ? FrameFlags.FD : 0, encoded, 0, encoded.length,
                        (i, v) -> decoded[0] = v);
                assertEquals(physical, decoded[0], "raw " + c.raw());
            }
        });
    }
}
