package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** Named sets of profiles replaced and removed at once, beside profiles added one by one (the extension point's). */
class ProfileRegistrySetsTest {

    private static final String DBC = "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
            + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n";

    /** A battery descriptor; {@code dbc} is the file its protocol (line 9) names: "x.dbc" is there, others not. */
    static ProfileSource battery(String contributor, String id, String model, String dbc) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"ACME\"\n"
                + "    model=\"" + model + "\">\n"
                + "  <port id=\"PCS\" connector=\"rj45\">\n"
                + "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
                + "    <pin number=\"5\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
                + "    <pin number=\"3\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n"
                + "  </port>\n"
                + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"" + dbc + "\" role=\"sender\"/>\n"
                + "</battery>\n";
        return new ProfileSource(new ProfileOrigin(contributor, id + ".xml"),
                () -> new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                path -> path.equals("x.dbc")
                        ? Optional.of(() -> new ByteArrayInputStream(DBC.getBytes(StandardCharsets.UTF_8)))
                        : Optional.empty());
    }

    private static List<String> ids(ProfileRegistry registry) {
        return registry.all().stream().map(DeviceProfile::id).toList();
    }

    @Test
    void replacingASetSwapsItsProfilesAndProblemsAndLeavesTheOthers() {
        ProfileRegistry registry = new ProfileRegistry();
        assertEquals(List.of(), registry.add(battery("com.acme.plugin", "acme.builtin", "B1", "x.dbc")));
        assertEquals(List.of(), registry.replace("folder A", List.of(battery("A", "acme.a1", "A1", "x.dbc"),
                battery("A", "acme.a2", "A2", "x.dbc"))));
        List<ProfileProblem> problems = registry.replace("folder B", List.of(battery("B", "acme.b1", "B1", "missing.dbc")));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith("B/acme.b1.xml:9:"), problems.toString());
        assertEquals(List.of("acme.builtin", "acme.a1", "acme.a2"), ids(registry));

        // folder A edited: a2 gone, a3 new, a1 changed; folder B fixed
        assertEquals(List.of(), registry.replace("folder A", List.of(battery("A", "acme.a1", "A1 rev 2", "x.dbc"),
                battery("A", "acme.a3", "A3", "x.dbc"))));
        assertEquals(1, registry.problems().size(), "B's problem stays until B is loaded again");
        assertEquals(List.of(), registry.replace("folder B", List.of(battery("B", "acme.b1", "B1", "x.dbc"))));

        assertEquals(List.of("acme.builtin", "acme.a1", "acme.a3", "acme.b1"), ids(registry));
        assertEquals("A1 rev 2", registry.find("acme.a1").orElseThrow().model());
        assertEquals(List.of(), registry.problems());
    }

    @Test
    void removingASetKeepsTheProfilesAddedOneByOneAndTheirProblems() {
        ProfileRegistry registry = new ProfileRegistry();
        registry.add(battery("com.acme.plugin", "acme.builtin", "B1", "x.dbc"));
        registry.add(battery("com.acme.plugin", "acme.broken", "B2", "missing.dbc"));
        registry.replace("folder A", List.of(battery("A", "acme.a1", "A1", "x.dbc"),
                battery("A", "acme.a2", "A2", "missing.dbc")));
        assertEquals(2, registry.problems().size());

        assertTrue(registry.remove("folder A"));
        assertFalse(registry.remove("folder A"), "already removed");
        assertEquals(List.of("acme.builtin"), ids(registry));
        assertEquals(1, registry.problems().size());
        assertEquals("com.acme.plugin/acme.broken.xml", registry.problems().get(0).origin().toString());
    }

    @Test
    void aSetCannotTakeAnIdContributedOutsideItAndNeverRemovesThatProfile() {
        ProfileRegistry registry = new ProfileRegistry();
        registry.add(battery("com.acme.plugin", "acme.x48", "installed", "x.dbc"));
        List<ProfileProblem> problems = registry.replace("folder A", List.of(battery("A", "acme.x48", "edited", "x.dbc")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().contains("already contributed by com.acme.plugin/acme.x48.xml"),
                problems.toString());
        registry.remove("folder A");
        assertEquals("installed", registry.find("acme.x48").orElseThrow().model());
    }

    @Test
    void listenersHearEveryChange() {
        ProfileRegistry registry = new ProfileRegistry();
        AtomicInteger changes = new AtomicInteger();
        Runnable listener = changes::incrementAndGet;
        registry.addChangeListener(listener);
        registry.add(battery("p", "acme.p", "P", "x.dbc"));
        registry.replace("s", List.of(battery("s", "acme.s", "S", "x.dbc")));
        registry.remove("s");
        registry.remove("s"); // nothing changed
        assertEquals(3, changes.get());
        registry.removeChangeListener(listener);
        registry.replace("s", List.of());
        assertEquals(3, changes.get());
    }
}
