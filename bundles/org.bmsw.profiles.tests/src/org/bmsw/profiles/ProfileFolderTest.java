package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiles read from a folder as a vendor writes them: descriptors found among other XML, files from the plugin root. */
class ProfileFolderTest {

    @TempDir
    Path dir;

    private static final String CAN_PINS = ""
            + "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
            + "    <pin number=\"5\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
            + "    <pin number=\"3\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n";

    private static String battery(String id, String protocol) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"ACME\" model=\"X48\">\n"
                + "  <port id=\"PCS\" connector=\"rj45\">\n" + CAN_PINS + "  </port>\n" + protocol + "</battery>\n";
    }

    private void write(String path, String text) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void descriptorsOfAPluginProjectLoadWithTheirDbcAndProblemsNameTheFileOnDisk() throws Exception {
        write("acme.profiles/META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
        write("acme.profiles/plugin.xml", "<plugin/>\n");
        write("acme.profiles/dbc/x48.dbc", "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
                + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n");
        write("acme.profiles/profiles/x48.xml", battery("acme.x48", "  <protocol port=\"PCS\" layer=\"can\" "
                + "bitrate-bps=\"500000\" dbc=\"dbc/x48.dbc\" role=\"sender\"/>\n"));
        write("acme.profiles/profiles/x49.xml", battery("acme.x49", "  <protocol port=\"PCS\" layer=\"can\" "
                + "bitrate-bps=\"500000\" dbc=\"dbc/missing.dbc\" role=\"sender\"/>\n"));
        write("pom.xml", "<project/>\n");
        write("acme.profiles/target/classes/profiles/x48.xml", "build output, not read");

        ProfileRegistry registry = new ProfileRegistry();
        List<ProfileProblem> problems = ProfileFolder.loadInto(registry, dir);

        assertEquals(List.of("acme.x48"), registry.all().stream().map(DeviceProfile::id).toList());
        assertEquals(dir.resolve("acme.profiles") + "/profiles/x48.xml", registry.all().get(0).origin().toString());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith(dir.resolve("acme.profiles") + "/profiles/x49.xml:8:"),
                problems.toString());
        assertTrue(problems.get(0).message().contains("dbc/missing.dbc not found"), problems.toString());
    }

    @Test
    void oneDescriptorFileAndABrokenRegisterMapAtItsOwnLine() throws Exception {
        write("maps/bms.json", "{\"registers\": [\n  {\"address\": 1, \"type\": \"u17\", \"name\": \"voltage_V\"}\n]}\n");
        write("x.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"acme.r1\" vendor=\"ACME\" model=\"R1\">\n"
                + "  <port id=\"BMS\" connector=\"rj45\">\n"
                + "    <pin number=\"1\" name=\"B\" signal=\"rs485-b\" bus=\"RS485\"/>\n"
                + "    <pin number=\"2\" name=\"A\" signal=\"rs485-a\" bus=\"RS485\"/>\n"
                + "  </port>\n"
                + "  <protocol port=\"BMS\" layer=\"rs485\" bitrate-bps=\"9600\" register-map=\"maps/bms.json\" role=\"responder\"/>\n"
                + "</battery>\n");
        List<ProfileProblem> problems = ProfileFolder.loadInto(new ProfileRegistry(), dir.resolve("x.xml"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith(dir + "/maps/bms.json:2:1: registers[0]"), problems.toString());
        assertTrue(problems.get(0).message().contains("u17"), problems.toString());
    }

    @Test
    void aFolderThatCannotBeReadIsOneProblem() {
        ProfileRegistry registry = new ProfileRegistry();
        List<ProfileProblem> problems = ProfileFolder.loadInto(registry, dir.resolve("nothing-here"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().startsWith("cannot read the profile folder"), problems.toString());
        assertEquals(problems, registry.problems());
    }
}
