package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

/**
 * The option model every command shares: the command list, help on each command, --version, usage errors with
 * exit code 2, the --port alias of --source, the completion script, and the internal-error path (exit 70).
 */
class BmswTest extends CommandLineTest {

    /** Every command and subcommand, as typed after {@code bmsw}. */
    static final List<String[]> COMMANDS = List.of(new String[] { "help" }, new String[] { "version" },
            new String[] { "info" }, new String[] { "convert" }, new String[] { "decode" }, new String[] { "state" },
            new String[] { "analyze" }, new String[] { "report" }, new String[] { "profiles" }, new String[] { "profile" },
            new String[] { "profile", "show" }, new String[] { "profile", "check" }, new String[] { "profile", "new" }, new String[] { "pinout" }, new String[] { "simulate" },
            new String[] { "capture" }, new String[] { "send" }, new String[] { "play" }, new String[] { "ports" },
            new String[] { "dbc" },
            new String[] { "dbc", "check" }, new String[] { "dbc", "export" }, new String[] { "plugins" },
            new String[] { "plugins", "list" }, new String[] { "plugins", "install" }, new String[] { "plugins", "uninstall" },
            new String[] { "plugins", "sites" }, new String[] { "completion" });

    @TempDir
    Path dir;

    private Services services = Services.of("0.1.0.202611241200");

    @Override
    protected Services services() {
        return services;
    }

    @Test
    void helpListsEveryCommandWithItsSummary() {
        assertEquals(Bmsw.EXIT_OK, run("help"));
        List<String> lines = out().lines().toList();
        assertEquals("BMS Workbench 0.1.0.202611241200: connect a battery's BMS to a hybrid inverter and analyse what"
                + " they say.", lines.get(0));
        assertEquals("Usage: bmsw [-hV] [COMMAND]", lines.get(1));
        assertTrue(lines.contains("  help         list the commands, or show how to use one"), out());
        assertTrue(lines.contains("  version      print the product version"), out());
        assertTrue(lines.contains("  dbc          check a DBC file, or write a built-in CAN protocol as DBC"), out());
        assertTrue(lines.contains("  completion   print a bash completion script: source <(bmsw completion)"), out());
        for (String[] command : COMMANDS) {
            if (command.length == 1) {
                assertTrue(out().contains("\n  " + command[0] + " "), command[0] + " missing from\n" + out());
            }
        }
        assertEquals("", err());
    }

    @Test
    void noArgumentsAndDashDashHelpShowTheSameList() {
        run("help");
        String help = out();
        assertEquals(Bmsw.EXIT_OK, run("--help"));
        assertEquals(help, out());
        assertEquals(Bmsw.EXIT_OK, run());
        assertEquals(help, out());
    }

    @Test
    void everyCommandHasHelpWithItsUsageAndOptions() {
        for (String[] command : COMMANDS) {
            String name = String.join(" ", command);
            String[] args = Stream.concat(Stream.of(command), Stream.of("--help")).toArray(String[]::new);
            assertEquals(Bmsw.EXIT_OK, run(args), name + ": " + err());
            assertTrue(out().startsWith("Usage: bmsw " + name + " "), name + ":\n" + out());
            assertTrue(out().contains("  -h, --help "), name + ":\n" + out());
            assertEquals("", err(), name);
            String help = out();
            // bmsw help NAME shows the same text
            String[] viaHelp = Stream.concat(Stream.of("help"), Stream.of(command)).toArray(String[]::new);
            assertEquals(Bmsw.EXIT_OK, run(viaHelp), name);
            assertEquals(help, out(), name);
        }
        run("decode", "--help");
        // the column width follows the longest option (--profile-dir=DIR)
        assertTrue(out().matches("(?s).*--protocol=ID +the decoder: modbus, pylon-can, pylon-rs485, sma-can, auto.*"),
                out());
        run("capture", "--help");
        assertTrue(out().contains("--source=URI"), out());
        assertFalse(out().contains("--port"), "the deprecated alias is not offered:\n" + out());
    }

    @Test
    void versionPrintsOneLineAsCommandAndAsOption() {
        assertEquals(Bmsw.EXIT_OK, run("version"));
        assertEquals("BMS Workbench 0.1.0.202611241200\n", out());
        assertEquals(Bmsw.EXIT_OK, run("--version"));
        assertEquals("BMS Workbench 0.1.0.202611241200\n", out());
        assertEquals(Bmsw.EXIT_OK, run("state", "-V"));
        assertEquals("BMS Workbench 0.1.0.202611241200\n", out());
        assertEquals(Bmsw.EXIT_USAGE, run("version", "extra"));
        assertEquals("bmsw version: Unmatched argument at index 1: 'extra'\nRun 'bmsw version --help' for its "
                + "options.\n", err());
    }

    @Test
    void unknownCommandIsAUsageErrorNamingIt() {
        assertEquals(Bmsw.EXIT_USAGE, run("analyse"));
        assertEquals("bmsw: unknown command 'analyse'. Run 'bmsw help' for the list.\n", err());
        assertEquals("", out());
        assertEquals(Bmsw.EXIT_USAGE, run("help", "nosuch"));
        assertTrue(err().startsWith("bmsw help: unknown command 'nosuch'"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("profile", "list"));
        assertEquals(Bmsw.EXIT_USAGE, run("dbc"));
        assertEquals("bmsw dbc: Missing required subcommand\nRun 'bmsw dbc --help' for its options.\n", err());
    }

    @Test
    void badValuesAreRefusedWithTheOptionAndTheValue() {
        String[][] cases = {
                { "bmsw capture: --duration takes a number of seconds above 0 (and at most 1000000000), not '-1'",
                        "capture", "--source", "sim:battery", "--out", "x.bmst", "--duration", "-1" },
                { "bmsw capture: --duration takes a number of seconds above 0 (and at most 1000000000), not 'NaN'",
                        "capture", "--source", "sim:battery", "--out", "x.bmst", "--duration", "NaN" },
                { "bmsw capture: --duration takes a number of seconds above 0 (and at most 1000000000), not 'Infinity'",
                        "capture", "--source", "sim:battery", "--out", "x.bmst", "--duration", "Infinity" },
                { "bmsw capture: --duration takes a number of seconds above 0 (and at most 1000000000), not '0'",
                        "capture", "--source", "sim:battery", "--out", "x.bmst", "--duration", "0" },
                { "bmsw capture: --duration takes a number of seconds above 0 (and at most 1000000000), not 'ten'",
                        "capture", "--source", "sim:battery", "--out", "x.bmst", "--duration", "ten" },
                { "bmsw capture: Missing required option: '--out=FILE'", "capture", "--source", "sim:battery" },
                { "bmsw simulate: --duration takes a number of seconds above 0 (and at most 1000000000), not '-5'",
                        "simulate", "bms", "--protocol", "pylon-can", "--source", "sim:x", "--duration", "-5" },
                { "bmsw simulate: Invalid value for positional parameter at index 0 (ROLE): expected one of "
                        + "[bms, inverter] (case-sensitive) but was 'charger'", "simulate", "charger", "--protocol",
                        "pylon-can", "--source", "sim:x" },
                { "bmsw decode: --slice-ms takes a whole number of milliseconds above 0, not '0'", "decode", "x.log",
                        "--slice-ms", "0" },
                { "bmsw decode: --slice-ms takes a whole number of milliseconds above 0, not '-20'", "decode",
                        "x.log", "--slice-ms", "-20" },
                { "bmsw decode: Invalid value for option '--format': expected one of [jsonl, csv] (case-sensitive) "
                        + "but was 'xml'", "decode", "x.log", "--format", "xml" },
                { "bmsw state: give --protocol or --profile, not both", "state", "x.log", "--protocol", "auto",
                        "--profile", "x" },
                { "bmsw state: Missing required parameter: 'TRACE'", "state" },
                { "bmsw analyze: --fail-on takes warning or error, not 'info'", "analyze", "x.log", "--fail-on",
                        "info" },
                { "bmsw dbc export: Missing required option: '--protocol=ID'", "dbc", "export" },
                { "bmsw dbc export: no built-in CAN protocol 'pylon-rs485' (pylon-can, sma-can)", "dbc", "export",
                        "--protocol", "pylon-rs485" }, };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertEquals(Bmsw.EXIT_USAGE, run(args), String.join(" ", args) + ": " + err());
            String command = c[0].substring(0, c[0].indexOf(':'));
            assertEquals(c[0] + "\nRun '" + command + " --help' for its options.\n", err(), String.join(" ", args));
            assertEquals("", out());
        }
    }

    @Test
    void portIsStillAcceptedForASourceWithOneDeprecationLine() throws IOException {
        Path trace = org.bmsw.testdata.TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        Path store = dir.resolve("alias.bmst");
        assertEquals(Bmsw.EXIT_OK, run("capture", "--port", "replay:" + trace + "?speed=max", "--out",
                store.toString(), "--duration", "60"), err());
        List<String> deprecation = err().lines().filter(line -> line.contains("deprecated")).toList();
        assertEquals(List.of("bmsw capture: --port is deprecated for a live source; use --source replay:" + trace
                + "?speed=max"), deprecation);
        assertTrue(out().startsWith("bmsw capture: 16 frames in " + store), out());
        assertTrue(Files.size(store) > 0);
        // both names at once is a usage error, and so is neither
        assertEquals(Bmsw.EXIT_USAGE, run("capture", "--port", "sim:battery", "--source", "sim:battery", "--out",
                store.toString()));
        assertTrue(err().startsWith("bmsw capture: give --source only (--port is its old name)"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("simulate", "bms", "--protocol", "pylon-can"));
        assertTrue(err().startsWith("bmsw simulate: --source URI is required"), err());
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndOption() {
        assertEquals(Bmsw.EXIT_OK, run("completion"));
        String script = out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 200));
        assertTrue(script.contains("complete -F _complete_bmsw -o default bmsw"), "registers the function for bmsw");
        // the subcommand words, the options of decode and the values of --format and of simulate's role
        assertTrue(script.contains("\"help version info convert decode state analyze report profiles profile pinout "
                + "simulate capture send play ports dbc plugins completion\""), "the command words");
        assertTrue(script.contains("--slice-ms"), "decode's options");
        assertTrue(script.contains("(\"jsonl\" \"csv\") # --format values"), "--format's values");
        assertTrue(script.contains("(\"modbus\" \"pylon-can\" \"pylon-rs485\" \"sma-can\" \"auto\") # --protocol values"),
                "--protocol's values");
        assertTrue(script.contains("local commands=\"check export\""), "dbc's subcommands");
        assertFalse(script.contains("--port"), "the deprecated alias is not completed");
        assertEquals("", err());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndAReportWithExitCode70() throws IOException {
        Path crashes = dir.resolve("crashes");
        services = services.withCrashFolder(crashes).withProfiles(() -> {
            throw new IllegalStateException("registry exploded\nsecond line");
        }, (bundle, path) -> null);
        assertEquals(Bmsw.EXIT_INTERNAL, run("profiles", "--json"));
        List<Path> reports;
        try (Stream<Path> files = Files.list(crashes)) {
            reports = files.toList();
        }
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("bmsw profiles: internal error: registry exploded second line; details in " + reports.get(0)
                + "\n", err());
        assertFalse(err().contains("\tat "), "no stack trace on stderr");
        assertEquals("", out());
        String report = Files.readString(reports.get(0));
        assertTrue(report.startsWith("BMS Workbench 0.1.0.202611241200 internal error in bmsw profiles\n"
                + "arguments: profiles --json\n"), report);
        assertTrue(report.contains("java.lang.IllegalStateException: registry exploded"), report);
        assertTrue(report.contains("\tat org.bmsw.cli.internal.ProfilesCommand.call("), report);
        assertTrue(reports.get(0).getFileName().toString().matches("crash-\\d{8}-\\d{6}-\\d+\\.txt"),
                reports.get(0).toString());
    }

    @Test
    void aReportThatCannotBeSavedInTheCrashFolderGoesToTheTemporaryFolder() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        services = services.withCrashFolder(notAFolder).withProfiles(() -> {
            throw new NullPointerException();
        }, (bundle, path) -> null);
        assertEquals(Bmsw.EXIT_INTERNAL, run("profile", "show", "x"));
        String line = err();
        assertTrue(line.startsWith("bmsw profile show: internal error: NullPointerException; details in "), line);
        Path report = Path.of(line.substring(line.indexOf("details in ") + "details in ".length()).strip());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), report.getParent());
        assertTrue(Files.readString(report).contains("java.lang.NullPointerException"));
        Files.delete(report);
    }

    @Test
    void productVersionIsTheBundleVersionOfThisBuild() {
        String version = CliApplication.productVersion();
        assertEquals(FrameworkUtil.getBundle(Bmsw.class).getVersion().toString(), version);
        assertTrue(version.matches("0\\.1\\.0\\.\\d{12}"), version);
        assertEquals(version, new Bmsw(version).productVersion());
    }
}
