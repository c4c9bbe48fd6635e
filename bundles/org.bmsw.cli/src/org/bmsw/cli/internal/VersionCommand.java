package org.bmsw.cli.internal;

import picocli.CommandLine.Command;

/** {@code bmsw version}: the product version, one line, for people and scripts alike (as {@code --version}). */
@Command(name = "version", description = "print the product version",
        footer = "Prints \"BMS Workbench <version>\", e.g. \"BMS Workbench 0.1.0.202611241200\".")
final class VersionCommand extends BmswCommand {

    VersionCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        out.println("BMS Workbench " + services.productVersion());
        return Bmsw.EXIT_OK;
    }
}
