package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.bmsw.core.state.AlarmName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The descriptor reader on hand-written descriptors, good and broken, without the Eclipse runtime. */
class DescriptorReaderTest {

    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    /** A descriptor, and the other files of its contribution as path, content, path, content... */
    private static ProfileSource source(String path, String xml, String... filesAndContents) {
        Map<String, String> files = new HashMap<>();
        for (int i = 0; i + 1 < filesAndContents.length; i += 2) {
            files.put(filesAndContents[i], filesAndContents[i + 1]);
        }
        return new ProfileSource(new ProfileOrigin("com.example.vendor", path),
                () -> new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                file -> Optional.ofNullable(files.get(file))
                        .map(text -> () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static final String GOOD_DBC = "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
            + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n";

    /** A correct battery on one RJ45 port, with one line per element so problems have predictable lines. */
    private static String battery(String id, String portBody, String extra) {
        return HEADER
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"ACME\" model=\"X48\">\n"
                + "  <port id=\"PCS\" connector=\"rj45\">\n"
                + portBody
                + "  </port>\n"
                + extra
                + "</battery>\n";
    }

    private static final String CAN_PINS = ""
            + "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
            + "    <pin number=\"5\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
            + "    <pin number=\"3\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n";

    @Test
    void validDescriptorBecomesAProfile() {
        ProfileRegistry registry = new ProfileRegistry();
        List<ProfileProblem> problems = registry.add(source("profiles/x48.xml", battery("acme.x48", CAN_PINS,
                "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"dbc/x48.dbc\" role=\"sender\"/>\n"
                        + "  <alarm code=\"E01\" text=\"Cell over-voltage\" name=\"high_voltage\" level=\"protection\"/>\n"),
                "dbc/x48.dbc", GOOD_DBC));
        assertEquals(List.of(), problems);
        BatteryProfile profile = registry.batteries().get(0);
        assertEquals("acme.x48", profile.id());
        assertEquals(SignalKind.CAN_H, profile.port("PCS").orElseThrow().pin(4).orElseThrow().signal());
        assertEquals(List.of("CAN"), profile.port("PCS").orElseThrow().pin(4).orElseThrow().buses());
        assertEquals(new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.DBC, "dbc/x48.dbc"),
                profile.protocols().get(0).definition());
        assertEquals(AlarmName.HIGH_VOLTAGE, profile.alarms().get(0).name());
        assertEquals("com.example.vendor/profiles/x48.xml", profile.origin().toString());
    }

    @Test
    void schemaErrorNamesFileLineAndColumn() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("profiles/x48.xml", battery("acme.x48",
                "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-hi\"/>\n", "")));
        assertTrue(problems.stream().allMatch(p -> p.toString().startsWith("com.example.vendor/profiles/x48.xml:4:51: ")),
                problems.toString());
        assertTrue(problems.get(0).message().contains("'can-hi' is not facet-valid"), problems.toString());
    }

    @Test
    void notWellFormedXmlIsReportedWithItsLine() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml",
                HEADER + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"a\" vendor=\"v\" model=\"m\">\n"
                        + "<port id=\"P\" connector=\"rj45\">\n</battery>\n"));
        ProfileProblem last = problems.get(problems.size() - 1);
        assertEquals(4, last.line(), problems.toString());
        assertTrue(last.message().contains("must be terminated by the matching end-tag"), last.message());
    }

    @Test
    void pinTheConnectorDoesNotHaveIsRefused() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml",
                battery("acme.x48", CAN_PINS + "    <pin number=\"9\" name=\"GND\" signal=\"gnd\"/>\n", "")));
        assertEquals(List.of("com.example.vendor/p.xml:7:46: port PCS: pin 9 does not exist on a rj45 connector (pins 1-8)"),
                problems.stream().map(ProfileProblem::toString).toList());
    }

    @Test
    void canBusWithoutItsLowLineIsRefused() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml",
                battery("acme.x48", "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n", "")));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).message().endsWith("CAN bus CAN needs both a can-h and a can-l pin"), problems.toString());
    }

    @Test
    void protocolReferencesAreChecked() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml", battery("acme.x48", CAN_PINS,
                "  <protocol port=\"RS485\" layer=\"rs485\" bitrate-bps=\"9600\" decoder=\"pylon-rs485\" role=\"responder\"/>\n"
                        + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" decoder=\"acme-can\" role=\"sender\"/>\n"
                        + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"dbc/missing.dbc\" role=\"sender\"/>\n"
                        + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" role=\"sender\"/>\n")));
        List<String> messages = problems.stream().map(ProfileProblem::message).toList();
        assertEquals(List.of("protocol on port PCS needs exactly one of decoder, dbc or register-map, found 0",
                "protocol refers to port RS485, which the profile does not define (ports: PCS)",
                "no built-in decoder 'acme-can'",
                "file dbc/missing.dbc not found in com.example.vendor"), messages);
        assertEquals(8, problems.get(1).line(), "the line of the offending <protocol>");
    }

    @Test
    void secondProfileWithTheSameIdIsSkippedAndTheFirstKept() {
        ProfileRegistry registry = new ProfileRegistry();
        registry.add(source("a.xml", battery("acme.x48", CAN_PINS, "")));
        List<ProfileProblem> problems = registry.add(source("b.xml", battery("acme.x48", CAN_PINS, "")));
        assertEquals("com.example.vendor/b.xml: profile id acme.x48 is already contributed by com.example.vendor/a.xml",
                problems.get(0).toString());
        assertEquals("a.xml", registry.find("acme.x48").orElseThrow().origin().path());
        assertEquals(1, registry.all().size());
        assertEquals(1, registry.problems().size());
    }

    @Test
    void unreadableSourceIsAProblemNotAnException() {
        ProfileRegistry registry = new ProfileRegistry();
        List<ProfileProblem> problems = registry.add(new ProfileSource(new ProfileOrigin("com.example.vendor", "gone.xml"),
                () -> {
                    throw new java.io.FileNotFoundException("gone.xml");
                }, ProfileSource.FileLookup.none()));
        assertEquals("com.example.vendor/gone.xml: cannot read: gone.xml", problems.get(0).toString());
    }

    @Test
    void brokenDbcOfAProfileIsReportedAtItsOwnLineAndColumn() {
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml", battery("acme.x48", CAN_PINS,
                "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"dbc/x48.dbc\" role=\"sender\"/>\n"),
                "dbc/x48.dbc", GOOD_DBC + " SG_ min_cell_mV : 16|16@1+ (1,0 [0|5000] \"mV\" INVERTER\n"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().startsWith("com.example.vendor/dbc/x48.dbc:5:"), problems.toString());
    }

    private static final String RS485_PINS = ""
            + "    <pin number=\"1\" name=\"B\" signal=\"rs485-b\" bus=\"RS485\"/>\n"
            + "    <pin number=\"2\" name=\"A\" signal=\"rs485-a\" bus=\"RS485\"/>\n";

    @Test
    void aRegisterMapOfAProfileIsReadAndItsProblemsReportedAtItsOwnLine() {
        String binding = "  <protocol port=\"PCS\" layer=\"rs485\" bitrate-bps=\"9600\" register-map=\"maps/x48.json\" "
                + "role=\"responder\"/>\n";
        assertEquals(List.of(), new ProfileRegistry().add(source("p.xml", battery("acme.x48", RS485_PINS, binding),
                "maps/x48.json", "{\"registers\": [{\"address\": 0, \"name\": \"soc_pct\"}]}")));
        List<ProfileProblem> problems = new ProfileRegistry().add(source("p.xml", battery("acme.x48", RS485_PINS,
                binding), "maps/x48.json", "{\"registers\": [\n {\"address\": 0, \"name\": \"soc_pct\"},\n"
                        + " {\"address\": 1, \"type\": \"u12\", \"name\": \"x\"}]}"));
        assertEquals(List.of("com.example.vendor/maps/x48.json:3:1: registers[1].type: 'u12' is not u16, s16, u32, s32, "
                + "u64, s64, float32, string or bool"), problems.stream().map(ProfileProblem::toString).toList());
        List<ProfileProblem> builtIn = new ProfileRegistry().add(source("p.xml", battery("acme.x48", RS485_PINS,
                binding.replace("maps/x48.json", "builtin:seplos-v3"))));
        assertEquals(1, builtIn.size(), builtIn.toString());
        assertTrue(builtIn.get(0).toString().endsWith("no built-in register map 'seplos-v3'; known: deye-hybrid-lp1, "
                + "seplos-v3-bms"), builtIn.toString());
        assertEquals(List.of(), new ProfileRegistry().add(source("p.xml", battery("acme.x48", RS485_PINS,
                binding.replace("maps/x48.json", "builtin:seplos-v3-bms")))));
    }

    /** The schema spells the canonical alarm names out; it must list exactly those of battery-state.md. */
    @Test
    void schemaAlarmNamesAreTheCanonicalVocabulary() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element schema = factory.newDocumentBuilder()
                .parse(getClass().getResourceAsStream("/org/bmsw/profiles/profile-1.xsd")).getDocumentElement();
        NodeList types = schema.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "simpleType");
        List<String> names = null;
        for (int i = 0; i < types.getLength(); i++) {
            Element type = (Element) types.item(i);
            if (type.getAttribute("name").equals("AlarmName")) {
                NodeList values = type.getElementsByTagNameNS("http://www.w3.org/2001/XMLSchema", "enumeration");
                names = new java.util.ArrayList<>();
                for (int j = 0; j < values.getLength(); j++) {
                    names.add(((Element) values.item(j)).getAttribute("value"));
                }
            }
        }
        assertEquals(Stream.of(AlarmName.values()).map(AlarmName::canonicalName).toList(), names);
    }
}
