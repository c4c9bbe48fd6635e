package org.bmsw.cli.internal;

import java.util.List;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bmsw help [COMMAND [SUBCOMMAND]]}: the command list, or one command's usage. */
@Command(name = "help", description = "list the commands, or show how to use one")
final class HelpCommand extends BmswCommand {

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "the command to explain, e.g. decode or dbc check")
    List<String> words = List.of();

    HelpCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        CommandLine command = spec.root().commandLine();
        for (String word : words) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                throw usageError("unknown command '" + String.join(" ", words) + "'. Run 'bmsw help' for the list.");
            }
            command = sub;
        }
        command.usage(out);
        return Bmsw.EXIT_OK;
    }
}
