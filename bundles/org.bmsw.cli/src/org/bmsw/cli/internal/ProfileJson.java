package org.bmsw.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsw.profiles.AlarmDefinition;
import org.bmsw.profiles.BatteryProfile;
import org.bmsw.profiles.DeviceProfile;
import org.bmsw.profiles.LedIndicator;
import org.bmsw.profiles.Pin;
import org.bmsw.profiles.Port;
import org.bmsw.profiles.ProfileProblem;
import org.bmsw.profiles.ProtocolBinding;

/** Profiles as JSON-ready maps, with the names the descriptors use and units in every numeric name. */
final class ProfileJson {

    private ProfileJson() {
    }

    static String kind(DeviceProfile profile) {
        return profile instanceof BatteryProfile ? "battery" : "inverter";
    }

    /** The short form of {@code bmsw profiles}. */
    static Map<String, Object> summary(DeviceProfile profile) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", profile.id());
        json.put("kind", kind(profile));
        json.put("vendor", profile.vendor());
        json.put("model", profile.model());
        json.put("ports", profile.ports().stream().map(Port::id).toList());
        json.put("contributor", profile.origin().contributor());
        return json;
    }

    /** Everything of {@code bmsw profile show ID}. */
    static Map<String, Object> full(DeviceProfile profile) {
        Map<String, Object> json = summary(profile);
        json.put("descriptor", profile.origin().path());
        json.put("description", profile.description());
        json.put("source", profile.source());
        List<Object> ports = new ArrayList<>();
        for (Port port : profile.ports()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", port.id());
            p.put("label", port.label());
            p.put("connector", port.connector().xmlName());
            p.put("pins", port.pins().stream().map(ProfileJson::pin).toList());
            List<Object> terminations = new ArrayList<>();
            for (Port.Termination termination : port.terminations()) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("bus", termination.bus());
                t.put("kind", termination.kind());
                if (!Double.isNaN(termination.resistanceOhm())) {
                    t.put("resistance_ohm", termination.resistanceOhm());
                }
                terminations.add(t);
            }
            if (!terminations.isEmpty()) {
                p.put("terminations", terminations);
            }
            ports.add(p);
        }
        json.put("ports", ports);
        json.put("protocols", profile.protocols().stream().map(ProfileJson::protocol).toList());
        if (profile instanceof BatteryProfile battery) {
            battery.limits().ifPresent(limits -> {
                Map<String, Object> l = new LinkedHashMap<>();
                l.put("min_voltage_V", limits.minVoltageV());
                l.put("max_voltage_V", limits.maxVoltageV());
                l.put("cells_in_series", limits.cellsInSeries());
                l.put("max_charge_current_A", limits.maxChargeCurrentA());
                l.put("max_discharge_current_A", limits.maxDischargeCurrentA());
                l.put("capacity_Ah", limits.capacityAh());
                json.put("limits", l);
            });
            json.put("leds", battery.leds().stream().map(ProfileJson::led).toList());
            json.put("alarms", battery.alarms().stream().map(ProfileJson::alarm).toList());
        }
        return json;
    }

    static Map<String, Object> pin(Pin pin) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", pin.number());
        json.put("name", pin.name());
        json.put("signal", pin.signal().xmlName());
        if (!pin.buses().isEmpty()) {
            json.put("buses", pin.buses());
        }
        if (!pin.note().isEmpty()) {
            json.put("note", pin.note());
        }
        pin.supply().ifPresent(supply -> {
            json.put("supply_voltage_V", supply.voltageV());
            json.put("supply_limit_mA", supply.maxCurrentMa());
            json.put("supply_limit_W", supply.maxPowerW());
        });
        return json;
    }

    static Map<String, Object> protocol(ProtocolBinding protocol) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("port", protocol.port());
        protocol.bus().ifPresent(bus -> json.put("bus", bus));
        json.put("layer", protocol.layer().name().toLowerCase(Locale.ROOT));
        json.put("bitrate_bps", protocol.bitrateBps());
        json.put(switch (protocol.definition().kind()) {
        case DECODER -> "decoder";
        case DBC -> "dbc";
        case REGISTER_MAP -> "register_map";
        }, protocol.definition().reference());
        json.put("role", protocol.role().name().toLowerCase(Locale.ROOT));
        return json;
    }

    static Map<String, Object> led(LedIndicator led) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", led.name());
        json.put("description", led.description());
        List<Object> indications = new ArrayList<>();
        for (LedIndicator.Indication indication : led.indications()) {
            Map<String, Object> i = new LinkedHashMap<>();
            i.put("when", indication.when());
            i.put("pattern", indication.pattern());
            if (indication.periodMs() > 0) {
                i.put("period_ms", indication.periodMs());
            }
            i.put("meaning", indication.meaning());
            indications.add(i);
        }
        json.put("indications", indications);
        return json;
    }

    static Map<String, Object> alarm(AlarmDefinition alarm) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("code", alarm.code());
        json.put("text", alarm.text());
        json.put("name", alarm.name().canonicalName());
        json.put("level", alarm.level().canonicalName());
        return json;
    }

    static Map<String, Object> problem(ProfileProblem problem) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("contributor", problem.origin().contributor());
        json.put("file", problem.origin().path());
        json.put("line", problem.line());
        json.put("column", problem.column());
        json.put("message", problem.message());
        return json;
    }
}
