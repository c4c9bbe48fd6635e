package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.bmsw.profiles.AlarmDefinition;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileFolder;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.profiles.ProtocolBinding;
import org.bmsw.protocol.DecoderRegistry;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bmsw profile show ID [--json]}: one profile, every pin, protocol, LED and alarm text. */
@Command(name = "profile", description = "show one profile: connector ports and pins, protocols, LEDs, alarm texts, limits",
        synopsisSubcommandLabel = "(show | check | new)")
final class ProfileCommand {

    /** {@code bmsw profile show ID}. */
    @Command(name = "show", description = "show the profile ID (bmsw profiles lists them) in full")
    static final class Show extends BmswCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "the profile id, e.g. pylontech.us5000")
        String id;

        @Mixin
        SharedOptions.Json json = new SharedOptions.Json();

        @Mixin
        ProfileFolderOption profileFolders = new ProfileFolderOption();

        Show(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            return show(id, json.json, services.profiles().get(), out, err);
        }
    }

    /** {@code bmsw profile check FILE|DIR...}: every problem of the descriptors there, as file:line:column. */
    @Command(name = "check", description = "check descriptors (a file, or every descriptor in a folder) with the DBC files "
            + "and register maps they name; every problem as file:line:column",
            footer = { "Fast enough to run on every save. Exit code 0 when every descriptor is valid, 1 when not." })
    static final class Check extends BmswCommand {

        @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "a descriptor, or a folder such as a vendor project")
        List<Path> paths = new ArrayList<>();

        Check(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            int problems = 0;
            int descriptors = 0;
            int valid = 0;
            for (Path path : paths) {
                if (!Files.exists(path)) {
                    err.println(qualifiedName() + ": " + path + ": no such file or folder");
                    return Bmsw.EXIT_FAILED;
                }
                List<ProfileSource> sources;
                try {
                    sources = ProfileFolder.sources(path);
                } catch (IOException | RuntimeException e) {
                    err.println(qualifiedName() + ": " + path + ": " + e.getMessage());
                    return Bmsw.EXIT_FAILED;
                }
                // a registry of its own: the installed profiles neither hide nor clash with the ones checked
                ProfileRegistry registry = new ProfileRegistry(DecoderRegistry.getDefault());
                for (ProfileSource source : sources) {
                    descriptors++;
                    List<ProfileProblem> found = registry.add(source);
                    valid += found.isEmpty() ? 1 : 0;
                    for (ProfileProblem problem : found) {
                        out.println(problem.line() > 0 ? problem.toString()
                                : problem.origin() + ":1:1: " + problem.message());
                        problems++;
                    }
                }
            }
            if (descriptors == 0) {
                err.println(qualifiedName() + ": no descriptor (an .xml file in namespace urn:bmsw:profile:1) in "
                        + String.join(", ", paths.stream().map(Path::toString).toList()));
                return Bmsw.EXIT_FAILED;
            }
            out.println(descriptors + (descriptors == 1 ? " descriptor, " : " descriptors, ") + valid + " valid; " + problems
                    + (problems == 1 ? " problem" : " problems"));
            return problems == 0 ? Bmsw.EXIT_OK : Bmsw.EXIT_FAILED;
        }
    }

    /** {@code bmsw profile new --id ID --out DIR}: the vendor kit, a project that builds a plugin without this repository. */
    @Command(name = "new", description = "write a vendor project: plugin with descriptor and DBC (or register map), feature, "
            + "update site and its Tycho build",
            footer = { "The project builds with Maven against the workbench's p2 repository (-Dbmsw.repository=URL, see its",
                    "README.md); bmsw profile check DIR and --profile-dir DIR use it before any build." })
    static final class New extends BmswCommand {

        @Option(names = "--id", required = true, paramLabel = "ID", description = "the profile id, e.g. yourcompany.model "
                + "(the plugin is ID.profiles)")
        String id;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "the new project's folder (new or empty)")
        Path folder;

        @Option(names = "--register-map", description = "a Modbus register map (RS485) instead of a DBC file (CAN)")
        boolean registerMap;

        @Option(names = "--repository", paramLabel = "URL", description = "the workbench's p2 repository the project "
                + "builds against (default: the property bmsw.repository at build time)")
        String repository = "file:/path/to/bmsw-repository";

        New(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            VendorKit kit;
            try {
                kit = new VendorKit(id, registerMap ? VendorKit.Definition.REGISTER_MAP : VendorKit.Definition.DBC, repository);
            } catch (IllegalArgumentException e) {
                throw usageError("--id " + e.getMessage());
            }
            try {
                List<Path> files = kit.write(folder);
                out.println("wrote " + files.size() + " files to " + folder + ": " + kit.plugin() + ", " + kit.feature()
                        + ", " + kit.site() + " (see " + folder.resolve("README.md") + ")");
                return Bmsw.EXIT_OK;
            } catch (IOException e) {
                err.println(qualifiedName() + ": " + e.getMessage());
                return Bmsw.EXIT_FAILED;
            }
        }
    }

    static int show(String id, boolean json, ProfileRegistry profiles, PrintStream out, PrintStream err) {
        Optional<DeviceProfile> found = profiles.find(id);
        if (found.isEmpty()) {
            err.println("bmsw profile: no profile '" + id + "'. Known: "
                    + String.join(", ", profiles.all().stream().map(DeviceProfile::id).toList()));
            return Bmsw.EXIT_FAILED;
        }
        DeviceProfile profile = found.get();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(ProfileJson.full(profile)));
            return Bmsw.EXIT_OK;
        }
        out.println(profile.id() + ": " + profile.vendor() + " " + profile.model() + " (" + ProfileJson.kind(profile)
                + ", from " + profile.origin() + ")");
        if (!profile.description().isEmpty()) {
            out.println("  " + profile.description());
        }
        if (!profile.source().isEmpty()) {
            out.println("  Source: " + profile.source().replaceAll("\\s+", " "));
        }
        if (profile instanceof BatteryProfile battery) {
            battery.limits().ifPresent(l -> out.printf("  Limits: %s-%s V, %d cells in series, charge %s A, discharge %s A,"
                    + " %s Ah%n", number(l.minVoltageV()), number(l.maxVoltageV()), l.cellsInSeries(),
                    number(l.maxChargeCurrentA()), number(l.maxDischargeCurrentA()), number(l.capacityAh())));
        }
        for (Port port : profile.ports()) {
            out.println();
            out.println("Port " + port.id() + " (" + port.label() + ", " + port.connector().xmlName() + ")");
            out.printf("  %-4s %-12s %-18s %-10s %s%n", "pin", "name", "signal", "bus", "note");
            for (Pin pin : port.pins()) {
                String note = pin.note();
                out.printf("  %-4d %-12s %-18s %-10s %s%n", pin.number(), pin.name(), pin.signal().xmlName(),
                        pin.buses().isEmpty() ? "-" : String.join(" ", pin.buses()), note);
            }
        }
        if (!profile.protocols().isEmpty()) {
            out.println();
            out.println("Protocols");
            for (ProtocolBinding protocol : profile.protocols()) {
                out.printf("  port %s%s: %s at %d bit/s, %s %s, %s%n", protocol.port(),
                        protocol.bus().map(bus -> " bus " + bus).orElse(""),
                        protocol.layer().name().toLowerCase(), protocol.bitrateBps(),
                        protocol.definition().kind().name().toLowerCase().replace('_', ' '),
                        protocol.definition().reference(), protocol.role().name().toLowerCase());
            }
        }
        if (profile instanceof BatteryProfile battery) {
            if (!battery.leds().isEmpty()) {
                out.println();
                out.println("LEDs");
                for (LedIndicator led : battery.leds()) {
                    for (LedIndicator.Indication indication : led.indications()) {
                        out.printf("  %-4s %-12s %-10s %s%n", led.name(), indication.when(), indication.pattern()
                                + (indication.periodMs() > 0 ? " " + indication.periodMs() + " ms" : ""), indication.meaning());
                    }
                }
            }
            if (!battery.alarms().isEmpty()) {
                out.println();
                out.println("Alarms");
                for (AlarmDefinition alarm : battery.alarms()) {
                    out.printf("  %-22s %-24s %-10s %s%n", alarm.code(), alarm.name().canonicalName(),
                            alarm.level().canonicalName(), alarm.text());
                }
            }
        }
        return Bmsw.EXIT_OK;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
