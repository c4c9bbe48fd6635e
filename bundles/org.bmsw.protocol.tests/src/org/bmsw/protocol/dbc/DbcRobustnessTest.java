package org.bmsw.protocol.dbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.bmsw.protocol.can.CanProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad DBC input: every problem is a diagnostic at its file:line:column and the rest of the file loads; the strict
 * entry point throws with those diagnostics. Also the writer's public entry points for the command line.
 */
class DbcRobustnessTest {

    @TempDir
    Path dir;

    /** Each malformation the issue found throwing, in one file; line and column counted by hand (1-based). */
    static final String BROKEN = String.join("\n",
            "VERSION \"\"",                                               // 1
            "/* a C comment is no DBC */",                                // 2
            "BU_: A B",                                                   // 3
            ";",                                                          // 4
            "BS_:",                                                       // 5
            "# hash",                                                     // 6
            "BS_:",                                                       // 7
            "{ brace }",                                                  // 8
            "BO_ 100 First: 8 A",                                         // 9
            " SG_ Mux m99999999999 : 0|8@1+ (1,0) [0|255] \"\" B",        // 10: m at column 10
            " SG_ Negative : -1|8@1+ (1,0) [0|255] \"\" B",               // 11: -1 at column 17
            " SG_ Good : 8|8@1+ (1,0) [0|255] \"\" B",                    // 12
            " SG_ TooLong : 16|65@1+ (1,0) [0|255] \"\" B",               // 13: 65 at column 19
            "BO_ 4294967296 Second: 8 A",                                 // 14: identifier at column 5
            " SG_ Lost : 0|8@1+ (1,0) [0|255] \"\" B",                    // 15: skipped with its message
            "BO_ 101 Third: 99 A",                                        // 16: 99 at column 16
            "BO_ 102 Fourth: 8 A",                                        // 17
            " SG_ Fine : 0|8@1+ (1,0) [0|255] \"\" B",                    // 18
            " SG_ Wide : 0|8@1+ (1e999,0) [0|255] \"\" B",                // 19: 1e999 at column 21
            "CM_ SG_ 102 Fine \"never closed;",                           // 20: string at column 18
            "VAL_ 102 Fine 1 \"one\" 0 \"zero\" ;",                       // 21: its first quote at column 17
            "SIG_VALTYPE_ 102 Fine : 3;",                                 // 22: 3 at column 25
            "SIG_VALTYPE_ 102 Fine : 1;",                                 // 23: 1 at column 25
            "BO_ 103 Last: 8 A",                                          // 24
            " SG_ End : 0|8@");                                           // 25: the file ends after column 15

    @Test
    void everyMalformationIsADiagnosticAndTheRestLoads() {
        DbcParser.Result result = DbcParser.parse("broken.dbc", BROKEN);
        assertEquals(List.of(
                "broken.dbc:2:1: unexpected '/'",
                "broken.dbc:4:1: unexpected ';'",
                "broken.dbc:6:1: unexpected '#'",
                "broken.dbc:8:1: unexpected '{'",
                "broken.dbc:10:10: multiplexer value in 'm99999999999' is out of range",
                "broken.dbc:11:17: signal Negative: start bit -1 is not 0-511",
                "broken.dbc:13:19: signal TooLong: length 65 is not 1-64",
                "broken.dbc:14:5: identifier 4294967296 is not 0-4294967295",
                "broken.dbc:16:16: message Third: length 99 is not 0-64",
                "broken.dbc:19:21: '1e999' is not a decimal number",
                // the string runs on to the next quote, in line 21 column 17; the CM_ is dropped from line 20 and
                // reading resumes at line 21, whose VAL_ loads
                "broken.dbc:21:18: ';' expected, found 'o'",
                "broken.dbc:22:25: value type 3 is not 0 (integer), 1 (float) or 2 (double)",
                "broken.dbc:23:25: signal Fine has 8 bits; value type 1 needs 32",
                "broken.dbc:25:16: unexpected end of file, byte order 0 or 1 expected"),
                result.diagnostics().stream().map(DbcDiagnostic::toString).toList());
        DbcDatabase database = result.database();
        assertEquals(List.of("A", "B"), database.nodes());
        assertEquals(List.of("First", "Fourth", "Last"), database.messages().stream().map(DbcMessage::name).toList());
        assertEquals(List.of("Good"), names(database.message("First")));
        assertEquals(List.of("Fine"), names(database.message("Fourth")));
        DbcSignal fine = database.message("Fourth").signal("Fine");
        assertEquals(Map.of(1L, "one", 0L, "zero"), fine.valueDescriptions());
        assertEquals(DbcValueType.INTEGER, fine.valueType());
        assertEquals(null, fine.comment());
        assertTrue(database.message("Last").signals().isEmpty());
    }

    @Test
    void strictParsingThrowsWithEveryErrorAtItsPosition() {
        DbcParseException e = assertThrows(DbcParseException.class, () -> DbcParser.parseStrict("broken.dbc", BROKEN));
        assertEquals(14, e.diagnostics().size());
        assertTrue(e.getMessage().startsWith("broken.dbc:2:1: unexpected '/'\nbroken.dbc:4:1: unexpected ';'\n"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("broken.dbc:25:16: unexpected end of file, byte order 0 or 1 expected"));
    }

    /** Inputs the property tests and the issue's corpus found; each once made the parser throw. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SIG_VALTYPE_aSG_MUL_VAL_BO_\t281\"\r\n]CM_",
        "BO_ 1 A: 8 X\n SG_ s : 0|8@",
        "BO_ 1 A: 8 X\n SG_ s m99999999999 : 0|8@1+ (1,0) [0|1] \"\" X",
        "BO_ 1 A: 8 X\n SG_ s : -1|8@1+ (1,0) [0|1] \"\" X",
        "/*", ";", "#", "{", "\"", "@", "BO_", "BO_ 1", "BO_ 1 A:", "SG_MUL_VAL_ 1 a b 5-", "SG_MUL_VAL_ 1 a b 9-3;",
        "VAL_ 1 s 99999999999999999999 \"x\";", "BA_ \"SystemSignalLongSymbol\" SG_ 1 s 5;",
        "BA_DEF_ SG_ \"x\" INT 0 1\nBO_ 1 A: 8 X", "EV_ e: 0 [0|1] \"unclosed\nBO_ 1 A: 8 X",
        "BO_ 1 A: 8 X\n SG_ s : 0|8@1+ (NaN,0) [0|1] \"\" X", "BO_ 1 A: 8 X\n SG_ s : 0|8@\n1+ (1,0) [0|1] \"\" X", "BO_ 1 A: 65 X", "BO_ -1 A: 8 X", "NS_ :\n\t{"})
    void foundInputsAreDiagnosedNotThrown(String text) {
        DbcParser.Result result = DbcParser.parse("found.dbc", text);
        assertFalse(result.diagnostics().isEmpty(), "no diagnostic");
        DbcPropertyTest.checkParsed(text, result);
    }

    /** A statement broken off stops at the next line that starts a statement, which loads. */
    @Test
    void aStatementWithoutItsSemicolonDoesNotSwallowTheNext() {
        DbcParser.Result result = DbcParser.parse("x.dbc", "BO_ 1 A: 8 X\n SG_ s : 0|8@1+ (1,0) [0|1] \"\" X\n"
                + "EV_ e: 0 [0|1] \"\" 0 1 DUMMY Vector__XXX\nCM_ SG_ 1 s \"kept\";\n");
        assertEquals(List.of("x.dbc:3:4: statement not ended by ';'"),
                result.diagnostics().stream().map(DbcDiagnostic::toString).toList());
        assertEquals("kept", result.database().message("A").signal("s").comment());
    }

    /** Found by the mutation property (a line break put after an '@'): once reported at column 0. */
    @Test
    void aLineBreakWhereTheByteOrderBelongsIsReportedWhereItIs() {
        DbcParser.Result result = DbcParser.parse("x.dbc", "BO_ 1 A: 8 X\n SG_ s : 0|8@\n1+ (1,0) [0|1] \"\" X\n"
                + " SG_ t : 8|8@1+ (1,0) [0|1] \"\" X\n");
        assertEquals(List.of("x.dbc:2:14: byte order (end of line) is not 0 (Motorola) or 1 (Intel)"),
                result.diagnostics().stream().map(DbcDiagnostic::toString).toList());
        assertEquals(List.of("t"), names(result.database().message("A")), "the broken line's rest is skipped, "
                + "the next signal read");
    }

    @Test
    void aLongNameThatIsAnotherSignalsNameIsNotApplied() {
        DbcParser.Result result = DbcParser.parse("x.dbc", """
                BO_ 1 A: 8 X
                 SG_ a : 0|8@1+ (1,0) [0|255] "" X
                 SG_ b : 8|8@1+ (1,0) [0|255] "" X
                 SG_ c : 16|8@1+ (1,0) [0|255] "" X
                BA_ "SystemSignalLongSymbol" SG_ 1 a "b";
                BA_ "SystemSignalLongSymbol" SG_ 1 c "long_c";
                """);
        assertEquals(List.of("x.dbc:5:30: warning: long name b of a is another signal's name in A; not applied"),
                result.diagnostics().stream().map(DbcDiagnostic::toString).toList());
        assertEquals(List.of("a", "b", "long_c"), names(result.database().message("A")));
    }

    @Test
    void checkListsTheDiagnosticsOfAFile() throws IOException {
        Path file = dir.resolve("vendor.dbc");
        Files.writeString(file, BROKEN.replace("\n", "\r\n"));
        List<DbcDiagnostic> diagnostics = DbcParser.check(file);
        assertEquals(14, diagnostics.size());
        assertEquals("vendor.dbc:2:1: unexpected '/'", diagnostics.get(0).toString());
        assertTrue(diagnostics.stream().allMatch(DbcDiagnostic::error));
        Files.writeString(file, "BO_ 1 A: 8 X\nFOO_ bar\n");
        List<DbcDiagnostic> warnings = DbcParser.check(file);
        assertEquals("vendor.dbc:2:1: warning: unknown section 'FOO_' skipped", warnings.get(0).toString());
        assertFalse(warnings.get(0).error(), "a warning does not fail dbc check");
    }

    /** The exported definitions read back as the protocol's database, with names that CANdb++ accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"pylon-can", "sma-can", "pylon-can+voltage-0.1V+system-error-bit7"})
    void builtInProtocolsExportAsDbc(String spec) throws IOException {
        StringWriter out = new StringWriter();
        CanProtocol.writeDbc(spec, out);
        String written = out.toString();
        String[] parts = spec.split("\\+");
        DbcDatabase expected = CanProtocol.builtIn(parts[0], List.of(parts).subList(1, parts.length)).codec()
                .database();
        DbcParser.Result result = DbcParser.parse(spec + ".dbc", written);
        assertEquals(List.of(), result.diagnostics());
        assertEquals(expected, result.database());
        for (String line : written.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("SG_ ") || trimmed.startsWith("BO_ ")) {
                String name = trimmed.split("[ :]+")[trimmed.startsWith("SG_") ? 1 : 2];
                assertTrue(name.matches("[A-Za-z_][A-Za-z0-9_]{0,31}"), "not a DBC name: " + line);
            }
            if (trimmed.startsWith("BA_ ")) { // cantools refuses an attribute without its definition
                String attribute = trimmed.split("\"")[1];
                assertTrue(written.contains("\"" + attribute + "\" ") && written.contains("BA_DEF_")
                        && written.lines().anyMatch(l -> l.startsWith("BA_DEF_ ") && l.contains("\"" + attribute
                                + "\"")), "no BA_DEF_ for " + attribute);
            }
        }
        // pylon-can's 34-character alarm names go out as their first 32 characters and a long-name attribute
        if (spec.startsWith("pylon-can")) {
            assertTrue(written.contains(" SG_ protection_high_charge_temperatu : "), written);
            assertTrue(written.contains("\"SystemSignalLongSymbol\" SG_ 858 protection_high_charge_temperatu "
                    + "\"protection_high_charge_temperature\";"), written);
        }
    }

    @Test
    void anUnknownProtocolIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CanProtocol.writeDbc("byd-can", new StringWriter()));
        assertTrue(e.getMessage().contains("byd-can"), e.getMessage());
    }

    private static List<String> names(DbcMessage message) {
        return message.signals().stream().map(DbcSignal::name).toList();
    }
}
