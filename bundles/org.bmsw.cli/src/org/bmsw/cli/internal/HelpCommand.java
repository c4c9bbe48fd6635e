package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** {@code bmsw help [COMMAND]}: the command list, or one command's usage. */
final class HelpCommand implements Command {

    static final String NAME = "help";

    private final CommandLine commandLine;

    HelpCommand(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "list the commands, or show how to use one";
    }

    @Override
    public String usage() {
        return "Usage: bmsw help [COMMAND]\n\nWithout COMMAND, lists every command; with it, shows that command's usage.";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() > 1) {
            err.println("bmsw help: takes at most one command name\n" + usage());
            return CommandLine.EXIT_USAGE;
        }
        if (args.size() == 1) {
            Optional<Command> command = commandLine.command(args.get(0));
            if (command.isEmpty()) {
                err.println("bmsw help: unknown command '" + args.get(0) + "'. Run 'bmsw help' for the list.");
                return CommandLine.EXIT_USAGE;
            }
            out.println(command.get().usage());
            return CommandLine.EXIT_OK;
        }
        out.println("BMS Workbench " + commandLine.productVersion()
                + ": connect a battery's BMS to a hybrid inverter and analyse what they say.");
        out.println();
        out.println("Usage: bmsw [COMMAND [ARGS...]]");
        out.println();
        out.println(String.format("  %-12s %s", "(none)", "start the workbench window (needs a display)"));
        for (Command command : commandLine.commands()) {
            out.println(String.format("  %-12s %s", command.name(), command.summary()));
        }
        out.println();
        out.println("Run 'bmsw help COMMAND' or 'bmsw COMMAND --help' for a command's options.");
        return CommandLine.EXIT_OK;
    }
}
