package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.bmsw.profiles.AlarmDefinition;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProtocolBinding;

import com.google.gson.GsonBuilder;

/** {@code bmsw profile show ID [--json]}: one profile, every pin, protocol, LED and alarm text. */
final class ProfileCommand implements Command {

    private final Supplier<ProfileRegistry> registry;

    ProfileCommand(Supplier<ProfileRegistry> registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public String summary() {
        return "show one profile: ports and pins, protocols, LEDs, alarm texts, limits";
    }

    @Override
    public String usage() {
        return "Usage: bmsw profile show ID [--json]\n\n"
                + "Shows the profile ID (see bmsw profiles) in full.\n"
                + "  --json   the profile as one JSON object";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> words = args.stream().filter(a -> !a.equals("--json")).toList();
        if (words.size() != 2 || !words.get(0).equals("show") || args.stream().anyMatch(a -> a.startsWith("--") && !a.equals("--json"))) {
            err.println("bmsw profile: expected 'show ID'\n" + usage());
            return CommandLine.EXIT_USAGE;
        }
        String id = words.get(1);
        ProfileRegistry profiles = registry.get();
        Optional<DeviceProfile> found = profiles.find(id);
        if (found.isEmpty()) {
            err.println("bmsw profile: no profile '" + id + "'. Known: "
                    + String.join(", ", profiles.all().stream().map(DeviceProfile::id).toList()));
            return CommandLine.EXIT_FAILED;
        }
        DeviceProfile profile = found.get();
        if (args.contains("--json")) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(ProfileJson.full(profile)));
            return CommandLine.EXIT_OK;
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
        return CommandLine.EXIT_OK;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
