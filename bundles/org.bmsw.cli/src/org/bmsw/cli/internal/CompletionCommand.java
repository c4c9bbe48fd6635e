package org.bmsw.cli.internal;

import picocli.AutoComplete;
import picocli.CommandLine.Command;

/** {@code bmsw completion}: a bash (and zsh) completion script for every command and option, from the same model. */
@Command(name = "completion", description = "print a bash completion script: source <(bmsw completion)",
        footer = { "Completes commands, options, protocol ids, formats and file names.",
                "For this shell:   source <(bmsw completion)",
                "For every shell:  bmsw completion > ~/.local/share/bash-completion/completions/bmsw",
                "zsh reads it too after: autoload -U +X bashcompinit && bashcompinit" })
final class CompletionCommand extends BmswCommand {

    CompletionCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        out.print(AutoComplete.bash("bmsw", spec.root().commandLine()));
        out.flush();
        return Bmsw.EXIT_OK;
    }
}
