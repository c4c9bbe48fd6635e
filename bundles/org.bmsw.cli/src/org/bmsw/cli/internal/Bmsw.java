package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bmsw COMMAND ARGS...}: one picocli command tree for every command, with the same help, version, usage
 * errors, exit codes and crash handling. Plain Java, so tests need no OSGi launch.
 */
public final class Bmsw {

    public static final int EXIT_OK = 0;
    /** The command ran and failed (bad input file, unreachable source, ...). */
    public static final int EXIT_FAILED = 1;
    /** The command line itself was wrong. */
    public static final int EXIT_USAGE = 2;
    /** The command ran and what it checked did not pass ({@code analyze --fail-on}, {@code --expect}). */
    public static final int EXIT_FINDINGS = 3;
    /** A bug: an exception nobody expected. One line on stderr, the details in a saved report (EX_SOFTWARE). */
    public static final int EXIT_INTERNAL = 70;

    static final String TAGLINE = "connect a battery's BMS to a hybrid inverter and analyse what they say.";

    /** One run's services and streams, handed to every command it creates. */
    record Invocation(Services services, PrintStream out, PrintStream err) {
    }

    private final Services services;

    /** The command line of this product version, with the product's services. */
    public Bmsw(String productVersion) {
        this(Services.of(productVersion));
    }

    Bmsw(Services services) {
        this.services = services;
    }

    public String productVersion() {
        return services.productVersion();
    }

    /** Runs {@code args} and returns the exit code; never throws, never prints a stack trace. */
    public int execute(String[] args, PrintStream out, PrintStream err) {
        String command = "bmsw";
        try {
            CommandLine root = tree(new Invocation(services, out, err), args);
            command = commandName(root, args);
            int exit = root.execute(args);
            root.getOut().flush();
            root.getErr().flush();
            return exit;
        } catch (Throwable e) { // errors too: a StackOverflowError is still a bug to report, not a trace to print
            return internalError(e, command, args, err);
        }
    }

    /** Every command, in the order {@code bmsw help} lists them. */
    static final List<String> COMMANDS = List.of("help", "version", "info", "convert", "decode", "state", "analyze",
            "report", "profiles", "profile", "pinout", "simulate", "capture", "send", "play", "ports", "dbc", "plugins",
            "completion");

    /**
     * The tree of commands for one run; each command object serves one execution. A run of one command builds only
     * that command (picocli reads each command class by reflection, which costs start-up time); help, completion
     * and unknown words get the whole tree.
     */
    CommandLine tree(Invocation invocation, String[] args) {
        String first = args.length > 0 ? args[0] : "";
        boolean justOne = COMMANDS.contains(first) && !first.equals("help") && !first.equals("completion");
        CommandLine root = new CommandLine(new RootCommand(invocation));
        for (String name : COMMANDS) {
            if (!justOne || name.equals(first)) {
                root.addSubcommand(name, command(name, invocation));
            }
        }
        root.getCommandSpec().usageMessage().header("BMS Workbench " + services.productVersion() + ": " + TAGLINE);
        root.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, Bmsw::commandList);
        configure(root, "BMS Workbench " + services.productVersion());
        root.getCommandSpec().usageMessage().width(110); // the header line with a full build version
        // set after every subcommand is added: picocli copies these settings to the subcommands it has
        root.setOut(writer(invocation.out()));
        root.setErr(writer(invocation.err()));
        root.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        root.setParameterExceptionHandler((ex, arguments) -> usageError(root, ex));
        root.setExecutionStrategy(parsed -> {
            loadProfileFolders(parsed, invocation);
            return new CommandLine.RunLast().execute(parsed);
        });
        root.setExecutionExceptionHandler((ex, commandLine, parsed) -> internalError(ex,
                commandLine.getCommandSpec().qualifiedName(), arguments(parsed.originalArgs()), invocation.err()));
        return root;
    }

    /** {@code --profile-dir DIR}: the folder's profiles join the registry before the command reads it. */
    private static void loadProfileFolders(CommandLine.ParseResult parsed, Invocation invocation) {
        for (CommandLine.ParseResult level = parsed; level != null; level = level.subcommand()) {
            List<java.nio.file.Path> folders = level.matchedOptionValue(ProfileFolderOption.NAME, List.of());
            for (java.nio.file.Path folder : folders) {
                for (org.bmsw.profiles.ProfileProblem problem : org.bmsw.profiles.ProfileFolder.loadInto(
                        invocation.services().profiles().get(), folder)) {
                    invocation.err().println("bmsw: skipped " + problem);
                }
            }
        }
    }

    private static Object command(String name, Invocation invocation) {
        return switch (name) {
        case "help" -> new HelpCommand(invocation);
        case "version" -> new VersionCommand(invocation);
        case "info" -> new InfoCommand(invocation);
        case "convert" -> new ConvertCommand(invocation);
        case "decode" -> new DecodeCommand(invocation);
        case "state" -> new StateCommand(invocation);
        case "analyze" -> new AnalyzeCommand(invocation);
        case "report" -> new ReportCommand(invocation);
        case "profiles" -> new ProfilesCommand(invocation);
        case "profile" -> new CommandLine(new ProfileCommand()).addSubcommand(new ProfileCommand.Show(invocation))
                .addSubcommand(new ProfileCommand.Check(invocation)).addSubcommand(new ProfileCommand.New(invocation));
        case "pinout" -> new PinoutCommand(invocation);
        case "simulate" -> new SimulateCommand(invocation);
        case "capture" -> new CaptureCommand(invocation);
        case "send" -> new SendCommand(invocation);
        case "play" -> new PlayCommand(invocation);
        case "ports" -> new PortsCommand(invocation);
        case "dbc" -> new CommandLine(new DbcCommand()).addSubcommand(new DbcCommand.Check(invocation))
                .addSubcommand(new DbcCommand.Export(invocation));
        case "plugins" -> new CommandLine(new PluginsCommand()).addSubcommand(new PluginsCommand.ListInstalled(invocation))
                .addSubcommand(new PluginsCommand.Install(invocation)).addSubcommand(new PluginsCommand.Uninstall(invocation))
                .addSubcommand(new PluginsCommand.Sites(invocation));
        case "completion" -> new CompletionCommand(invocation);
        default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    private static void configure(CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        spec.version(version);
        spec.mixinStandardHelpOptions(true);
        spec.usageMessage().width(100).sortOptions(false).abbreviateSynopsis(false);
        command.getSubcommands().values().forEach(sub -> configure(sub, version));
    }

    private static String[] arguments(java.util.List<String> args) {
        return args.toArray(new String[0]);
    }

    /** The command list as {@code bmsw help} has always shown it: name, then its one-line summary. */
    private static String commandList(Help help) {
        StringBuilder list = new StringBuilder();
        list.append(row("(none)", "start the workbench window (needs a display; the bmsw script, not this command)"));
        for (Map.Entry<String, Help> command : help.subcommands().entrySet()) {
            String[] summary = command.getValue().commandSpec().usageMessage().description();
            list.append(row(command.getKey(), summary.length == 0 ? "" : summary[0]));
        }
        return list.toString();
    }

    private static String row(String name, String summary) {
        return "  " + name + " ".repeat(Math.max(1, 13 - name.length())) + summary + "\n";
    }

    /** {@code bmsw decode: <what is wrong>} and where to read more; exit code 2. */
    private static int usageError(CommandLine root, ParameterException ex) {
        CommandLine command = ex.getCommandLine();
        PrintWriter err = command.getErr();
        if (command == root && ex instanceof UnmatchedArgumentException unmatched && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty()) {
            // no "did you mean": picocli's guesses for a command name are mostly noise
            err.println("bmsw: unknown command '" + unmatched.getUnmatched().get(0) + "'. Run 'bmsw help' for the list.");
        } else {
            String name = command.getCommandSpec().qualifiedName();
            err.println(name + ": " + ex.getMessage());
            if (ex instanceof UnmatchedArgumentException unmatched) {
                unmatched.printSuggestions(err);
            }
            err.println("Run '" + name + " --help' for its options.");
        }
        err.flush();
        return EXIT_USAGE;
    }

    /** The command the arguments name ({@code bmsw state}), for the crash line. */
    private static String commandName(CommandLine root, String[] args) {
        return args.length > 0 && root.getSubcommands().containsKey(args[0]) ? "bmsw " + args[0] : "bmsw";
    }

    /**
     * One line on stderr, {@code bmsw state: internal error: <message>; details in <report>}, and the stack trace in
     * that report (the crash folder, else the temporary folder).
     */
    int internalError(Throwable e, String command, String[] args, PrintStream err) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
        String where;
        try {
            where = "details in " + saveReport(e, command, args);
        } catch (IOException | RuntimeException saveFailed) {
            where = "the report could not be saved: " + saveFailed.getMessage();
        }
        err.println(command + ": internal error: " + message + "; " + where);
        err.flush();
        return EXIT_INTERNAL;
    }

    private Path saveReport(Throwable e, String command, String[] args) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (PrintWriter report = new PrintWriter(text)) {
            report.println("BMS Workbench " + services.productVersion() + " internal error in " + command);
            report.println("arguments: " + String.join(" ", args));
            report.println("java: " + System.getProperty("java.version") + " " + System.getProperty("java.vendor")
                    + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
            report.println("time: " + java.time.Instant.now());
            report.println();
            e.printStackTrace(report);
        }
        String name = "crash-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + ProcessHandle.current().pid() + ".txt";
        try {
            Files.createDirectories(services.crashFolder());
            return Files.writeString(services.crashFolder().resolve(name), text.toString(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException homeUnwritable) {
            Path temp = Path.of(System.getProperty("java.io.tmpdir"), "bmsw-" + name);
            return Files.writeString(temp, text.toString(), StandardCharsets.UTF_8);
        }
    }

    /** A PrintWriter onto the stream, in the stream's own encoding. */
    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                stream.print(new String(buffer, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        }, true);
    }

    /** {@code bmsw} alone: the command list. */
    @Command(name = "bmsw", synopsisSubcommandLabel = "[COMMAND]", footer = {
            "Run 'bmsw help COMMAND' or 'bmsw COMMAND --help' for a command's options; 'bmsw completion' prints",
            "a bash completion script. Exit codes: 0 done, 1 a file or source could not be read, 2 bad command",
            "line, 3 a finding at or above --fail-on, 70 internal error (a report is saved, its path printed)." })
    static final class RootCommand extends BmswCommand {
        RootCommand(Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            spec.commandLine().usage(out);
            return EXIT_OK;
        }
    }
}
