package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bmsw profiles [--json]}: every battery and inverter profile, and the contributions that were skipped. */
@Command(name = "profiles", description = "list the battery and inverter profiles (built-in and from vendor plugins)",
        footer = { "Lists every profile with its id, vendor, model, connector ports and contributing plugin, then",
                "every contribution that was skipped, with plugin/file:line:column and the reason.",
                "With --json: {\"profiles\": [...], \"problems\": [...]}. Details of one profile: bmsw profile show ID" })
final class ProfilesCommand extends BmswCommand {

    @Mixin
    SharedOptions.Json json = new SharedOptions.Json();

    @Mixin
    ProfileFolderOption profileFolders = new ProfileFolderOption();

    ProfilesCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        ProfileRegistry profiles = services.profiles().get();
        if (json.json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("profiles", profiles.all().stream().map(ProfileJson::summary).toList());
            document.put("problems", profiles.problems().stream().map(ProfileJson::problem).toList());
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(document));
            return Bmsw.EXIT_OK;
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
        return Bmsw.EXIT_OK;
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
