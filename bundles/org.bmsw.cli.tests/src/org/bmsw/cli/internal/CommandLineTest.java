package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;

class CommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new CommandLine("0.1.0.202611241200").execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandWithItsSummary() {
        assertEquals(CommandLine.EXIT_OK, run("help"));
        List<String> lines = out().lines().toList();
        assertEquals("BMS Workbench 0.1.0.202611241200: connect a battery's BMS to a hybrid inverter and analyse what"
                + " they say.", lines.get(0));
        assertTrue(lines.contains("  help         list the commands, or show how to use one"), out());
        assertTrue(lines.contains("  version      print the product version"), out());
        assertTrue(lines.contains("  (none)       start the workbench window (needs a display)"), out());
        assertEquals("", err());
    }

    @Test
    void noArgumentsAndDashDashHelpShowTheSameList() {
        run("help");
        String help = out();
        out.reset();
        assertEquals(CommandLine.EXIT_OK, run("--help"));
        assertEquals(help, out());
        out.reset();
        assertEquals(CommandLine.EXIT_OK, run());
        assertEquals(help, out());
    }

    @Test
    void versionPrintsOneLine() {
        assertEquals(CommandLine.EXIT_OK, run("version"));
        assertEquals("BMS Workbench 0.1.0.202611241200\n", out());
        assertEquals(CommandLine.EXIT_USAGE, run("version", "extra"));
        assertEquals("bmsw version: takes no arguments, got [extra]\n", err());
    }

    @Test
    void unknownCommandIsAUsageErrorNamingIt() {
        assertEquals(CommandLine.EXIT_USAGE, run("analyse"));
        assertEquals("bmsw: unknown command 'analyse'. Run 'bmsw help' for the list.\n", err());
        assertEquals("", out());
    }

    @Test
    void helpForOneCommandShowsItsUsage() {
        assertEquals(CommandLine.EXIT_OK, run("help", "version"));
        assertTrue(out().startsWith("Usage: bmsw version\n"), out());
        out.reset();
        assertEquals(CommandLine.EXIT_OK, run("version", "--help"));
        assertTrue(out().startsWith("Usage: bmsw version\n"), out());
        assertEquals(CommandLine.EXIT_USAGE, run("help", "nosuch"));
        assertTrue(err().contains("unknown command 'nosuch'"), err());
    }

    @Test
    void productVersionIsTheBundleVersionOfThisBuild() {
        String version = CliApplication.productVersion();
        assertEquals(FrameworkUtil.getBundle(CommandLine.class).getVersion().toString(), version);
        assertTrue(version.matches("0\\.1\\.0\\.\\d{12}"), version);
    }
}
