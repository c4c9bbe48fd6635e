package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw profiles} and {@code bmsw profile show} on the profiles contributed to the running platform. */
class ProfileCommandsTest extends CommandLineTest {


    @Test
    void profilesJsonListsTheBuiltInProfiles() {
        assertEquals(Bmsw.EXIT_OK, run("profiles", "--json"));
        JsonObject document = JsonParser.parseString(out()).getAsJsonObject();
        List<String> ids = document.getAsJsonArray("profiles").asList().stream()
                .map(p -> p.getAsJsonObject().get("id").getAsString()).toList();
        assertTrue(ids.containsAll(List.of("seed.lv-battery", "pylontech.us5000", "generic.sma-can-battery",
                "seed.hybrid-inverter", "generic.pylon-inverter")), ids.toString());
        JsonObject seed = document.getAsJsonArray("profiles").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(p -> p.get("id").getAsString().equals("seed.lv-battery")).findFirst().orElseThrow();
        assertEquals("battery", seed.get("kind").getAsString());
        assertEquals(List.of("CAN", "PCS", "CAN-debug"),
                seed.getAsJsonArray("ports").asList().stream().map(JsonElement::getAsString).toList());
    }

    @Test
    void profileShowJsonHasEveryPinOfTheSeedInverterPort() {
        assertEquals(Bmsw.EXIT_OK, run("profile", "show", "seed.hybrid-inverter", "--json"));
        JsonObject profile = JsonParser.parseString(out()).getAsJsonObject();
        JsonArray pins = profile.getAsJsonArray("ports").get(0).getAsJsonObject().getAsJsonArray("pins");
        assertEquals(16, pins.size());
        JsonObject vcc = pins.get(15).getAsJsonObject();
        assertEquals(Map.of("number", 16, "name", "VCC", "signal", "supply", "supply_limit_mA", 400.0, "supply_limit_W", 5.0),
                Map.of("number", vcc.get("number").getAsInt(), "name", vcc.get("name").getAsString(), "signal",
                        vcc.get("signal").getAsString(), "supply_limit_mA", vcc.get("supply_limit_mA").getAsDouble(),
                        "supply_limit_W", vcc.get("supply_limit_W").getAsDouble()));
        assertEquals("pylon-can", profile.getAsJsonArray("protocols").get(0).getAsJsonObject().get("decoder").getAsString());
    }

    @Test
    void profileShowTextListsPinsAndAlarms() {
        assertEquals(Bmsw.EXIT_OK, run("profile", "show", "pylontech.us5000"));
        String text = out();
        assertTrue(text.startsWith("pylontech.us5000: Pylontech US5000 (US series) (battery, from org.bmsw.profiles.builtin/"
                + "profiles/pylontech-us5000.xml)\n"), text);
        assertTrue(text.contains("\n  4    CAN-H        can-h              CAN        \n"), text);
        assertTrue(text.contains("0x359 byte 0 bit 1     high_voltage             protection Cell or module over-voltage"),
                text);
    }

    @Test
    void unknownProfileFailsAndNamesTheKnownOnes() {
        assertEquals(Bmsw.EXIT_FAILED, run("profile", "show", "acme.nothing"));
        String message = err();
        assertTrue(message.startsWith("bmsw profile: no profile 'acme.nothing'. Known: "), message);
        assertTrue(message.contains("seed.lv-battery"), message);
        assertEquals(Bmsw.EXIT_USAGE, run("profile", "list"));
    }
}
