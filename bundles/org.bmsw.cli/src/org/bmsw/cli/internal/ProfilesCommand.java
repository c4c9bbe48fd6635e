package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;

import com.google.gson.GsonBuilder;

/** {@code bmsw profiles [--json]}: every battery and inverter profile, and the contributions that were skipped. */
final class ProfilesCommand implements Command {

    private final Supplier<ProfileRegistry> registry;

    ProfilesCommand(Supplier<ProfileRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "profiles";
    }

    @Override
    public String summary() {
        return "list the battery and inverter profiles (built-in and from vendor plugins)";
    }

    @Override
    public String usage() {
        return "Usage: bmsw profiles [--json]\n\n"
                + "Lists every profile with its id, vendor, model, ports and contributing plugin, then every\n"
                + "contribution that was skipped, with plugin/file:line:column and the reason.\n"
                + "  --json   one JSON object: {\"profiles\": [...], \"problems\": [...]}\n"
                + "Details of one profile: bmsw profile show ID";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        for (String arg : args) {
            if (arg.equals("--json")) {
                json = true;
            } else {
                err.println("bmsw profiles: unknown option '" + arg + "'\n" + usage());
                return CommandLine.EXIT_USAGE;
            }
        }
        ProfileRegistry profiles = registry.get();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("profiles", profiles.all().stream().map(ProfileJson::summary).toList());
            document.put("problems", profiles.problems().stream().map(ProfileJson::problem).toList());
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(document));
            return CommandLine.EXIT_OK;
        }
        printTable(out, "Batteries", profiles.batteries());
        printTable(out, "Inverters", profiles.inverters());
        if (!profiles.problems().isEmpty()) {
            out.println();
            out.println("Skipped contributions:");
            for (ProfileProblem problem : profiles.problems()) {
                out.println("  " + problem);
            }
        }
        return CommandLine.EXIT_OK;
    }

    private static void printTable(PrintStream out, String title, List<? extends DeviceProfile> profiles) {
        out.println(title + ":");
        if (profiles.isEmpty()) {
            out.println("  (none)");
        }
        int idWidth = profiles.stream().mapToInt(p -> p.id().length()).max().orElse(0);
        for (DeviceProfile profile : profiles) {
            out.printf("  %-" + idWidth + "s  %s %s  [ports %s]  from %s%n", profile.id(), profile.vendor(),
                    profile.model(), String.join(", ", profile.ports().stream().map(p -> p.id()).toList()),
                    profile.origin().contributor());
        }
    }
}
