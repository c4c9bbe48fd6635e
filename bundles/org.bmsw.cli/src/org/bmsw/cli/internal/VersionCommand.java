package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.List;

/** {@code bmsw version}: the product version, one line, for people and scripts alike. */
final class VersionCommand implements Command {

    static final String NAME = "version";

    private final String productVersion;

    VersionCommand(String productVersion) {
        this.productVersion = productVersion;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "print the product version";
    }

    @Override
    public String usage() {
        return "Usage: bmsw version\n\nPrints \"BMS Workbench <version>\", e.g. \"BMS Workbench 0.1.0.202611241200\".";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (!args.isEmpty()) {
            err.println("bmsw version: takes no arguments, got " + args);
            return CommandLine.EXIT_USAGE;
        }
        out.println("BMS Workbench " + productVersion);
        return CommandLine.EXIT_OK;
    }
}
