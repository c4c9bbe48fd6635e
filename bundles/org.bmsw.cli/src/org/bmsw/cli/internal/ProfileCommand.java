package org.bmsw.cli.internal;

import java.io.PrintStream;
import java.util.Optional;

import org.bmsw.profiles.AlarmDefinition;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProtocolBinding;

import com.google.gson.GsonBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code bmsw profile show ID [--json]}: one profile, every pin, protocol, LED and alarm text. */
@Command(name = "profile", description = "show one profile: connector ports and pins, protocols, LEDs, alarm texts, limits",
        synopsisSubcommandLabel = "show")
final class ProfileCommand {

    /** {@code bmsw profile show ID}. */
    @Command(name = "show", description = "show the profile ID (bmsw profiles lists them) in full")
    static final class Show extends BmswCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "the profile id, e.g. pylontech.us5000")
        String id;

        @Mixin
        SharedOptions.Json json = new SharedOptions.Json();

        Show(Bmsw.Invocation invocation) {
            super(invocation);
        }

        @Override
        public Integer call() {
            return show(id, json.json, services.profiles().get(), out, err);
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
