package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.transport.PortDiscovery;

/** Dispatches {@code bmsw COMMAND ARGS...} to its {@link Command}. Plain Java, so tests need no OSGi launch. */
public final class CommandLine {

    public static final int EXIT_OK = 0;
    /** The command ran and failed (bad input file, unreachable port, ...). */
    public static final int EXIT_FAILED = 1;
    /** The command line itself was wrong. */
    public static final int EXIT_USAGE = 2;
    /** The command ran and what it checked did not pass ({@code analyze --fail-on}, {@code --expect}). */
    public static final int EXIT_FINDINGS = 3;

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final String productVersion;

    /** The command line of this product version, with every built-in command. */
    public CommandLine(String productVersion) {
        this.productVersion = productVersion;
        register(new HelpCommand(this));
        register(new VersionCommand(productVersion));
        register(new InfoCommand());
        register(new ConvertCommand());
        register(new DecodeCommand(ProfileRegistry::getDefault, BundleEntries::open));
        register(new StateCommand(ProfileRegistry::getDefault, BundleEntries::open));
        register(new AnalyzeCommand(ProfileRegistry::getDefault, BundleEntries::open));
        register(new ProfilesCommand(ProfileRegistry::getDefault));
        register(new ProfileCommand(ProfileRegistry::getDefault));
        register(new PinoutCommand(ProfileRegistry::getDefault));
        register(new SimulateCommand());
        register(new CaptureCommand());
        register(new PortsCommand(() -> PortDiscovery.serial().ports(), PortDiscovery::canInterfaces));
    }

    public void register(Command command) {
        if (commands.putIfAbsent(command.name(), command) != null) {
            throw new IllegalArgumentException("two commands named " + command.name());
        }
    }

    public List<Command> commands() {
        return new ArrayList<>(commands.values());
    }

    public Optional<Command> command(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    public String productVersion() {
        return productVersion;
    }

    public int execute(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            return commands.get(HelpCommand.NAME).run(List.of(), out, err);
        }
        String name = args[0];
        if (name.equals("-h") || name.equals("--help")) {
            name = HelpCommand.NAME;
        } else if (name.equals("-V") || name.equals("--version")) {
            name = VersionCommand.NAME;
        }
        Command command = commands.get(name);
        if (command == null) {
            err.println("bmsw: unknown command '" + name + "'. Run 'bmsw help' for the list.");
            return EXIT_USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.usage());
            return EXIT_OK;
        }
        return command.run(rest, out, err);
    }
}
