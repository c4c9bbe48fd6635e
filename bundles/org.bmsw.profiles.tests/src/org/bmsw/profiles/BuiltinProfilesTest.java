package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.Quantity;
import org.bmsw.protocol.Decoder;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;

/**
 * Runs inside OSGi: the profiles contributed through the extension point, checked against the connector tables
 * of the project brief, with the deliberately broken contributions of this fragment reported and skipped.
 */
class BuiltinProfilesTest {

    private static final ProfileRegistry REGISTRY = ProfileRegistry.getDefault();

    /** Pin number to name for the brief's three battery ports, from its RJ45 table (columns CAN, PCS, CAN debug). */
    private static Map<String, Map<Integer, String>> briefBatteryPorts() {
        Map<String, Map<Integer, String>> ports = Map.of("CAN", new TreeMap<>(), "PCS", new TreeMap<>(),
                "CAN-debug", new TreeMap<>());
        for (String line : TestData.text("seed/brief-connectors.txt").split("\n")) {
            List<String> cells = cells(line);
            if (cells.size() == 6 && cells.get(0).matches("[1-8]") && cells.get(2).matches("[1-8]")) {
                ports.get("CAN").put(Integer.parseInt(cells.get(0)), cells.get(1));
                ports.get("PCS").put(Integer.parseInt(cells.get(2)), cells.get(3));
                ports.get("CAN-debug").put(Integer.parseInt(cells.get(4)), cells.get(5));
            }
        }
        return ports;
    }

    /** Pin number to {definition, note} of the brief's 16-pin multifunction port. */
    private static Map<Integer, List<String>> briefInverterPort() {
        Map<Integer, List<String>> pins = new TreeMap<>();
        boolean inTable = false;
        for (String line : TestData.text("seed/brief-connectors.txt").split("\n")) {
            inTable |= line.startsWith("5.9.1");
            String[] columns = line.split("\t", -1);
            if (inTable && columns.length == 4 && columns[1].strip().matches("\\d+")) {
                pins.put(Integer.parseInt(columns[1].strip()), List.of(columns[2].strip(), columns[3].strip()));
            }
        }
        return pins;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split("\t")) {
            if (!cell.isBlank()) {
                cells.add(cell.strip());
            }
        }
        return cells;
    }

    @Test
    void everyBuiltInProfileLoads() {
        assertEquals(List.of("seed.lv-battery", "pylontech.us5000", "generic.sma-can-battery", "seplos.v3-bms"),
                REGISTRY.batteries().stream().map(BatteryProfile::id).toList());
        assertEquals(List.of("seed.hybrid-inverter", "generic.pylon-inverter", "deye.hybrid-lp1"),
                REGISTRY.inverters().stream().map(InverterProfile::id).toList());
        assertTrue(REGISTRY.all().stream().allMatch(p -> p.origin().contributor().equals("org.bmsw.profiles.builtin")));
    }

    @Test
    void theModbusProfilesBindTheRegisterMapsThatShip() {
        for (String[] idAndMap : new String[][] { { "seplos.v3-bms", "builtin:seplos-v3-bms" },
                { "deye.hybrid-lp1", "builtin:deye-hybrid-lp1" } }) {
            ProtocolBinding binding = REGISTRY.find(idAndMap[0]).orElseThrow().protocols().get(0);
            assertEquals(new ProtocolBinding.Definition(ProtocolBinding.Definition.Kind.REGISTER_MAP, idAndMap[1]),
                    binding.definition());
            assertEquals(ProtocolBinding.PhysicalLayer.RS485, binding.layer());
            assertTrue(org.bmsw.protocol.modbus.RegisterMap.builtIn(idAndMap[1]).source().contains("https://"));
        }
    }

    @Test
    void brokenContributionsAreReportedWithPluginFileAndLineAndSkipped() {
        List<String> problems = REGISTRY.problems().stream().map(ProfileProblem::toString).toList();
        assertEquals(List.of(
                "org.bmsw.profiles.tests/broken/pin-nine-on-rj45.xml:6:46: port PCS: pin 9 does not exist on a rj45"
                        + " connector (pins 1-8)",
                "org.bmsw.profiles.tests/broken/does-not-exist.xml: descriptor file not found in the plugin",
                "org.bmsw.profiles.tests/fragment.xml: <inverter> has no descriptor attribute"),
                problems.stream().filter(p -> !p.contains("decoder")).toList());
        assertTrue(REGISTRY.find("test.broken").isEmpty());
    }

    @Test
    void contributedDecoderClassIsCreatedAndOneThatThrowsIsReportedAndSkipped() {
        List<String> problems = REGISTRY.problems().stream().map(ProfileProblem::toString)
                .filter(p -> p.contains("decoder")).toList();
        assertEquals(List.of("org.bmsw.profiles.tests/fragment.xml: decoder test.throwing: class "
                + "org.bmsw.profiles.ThrowingDecoderFactory cannot be created: java.lang.IllegalStateException: vendor bug:"
                + " license file missing", "org.bmsw.profiles.tests/fragment.xml: decoder pylon-can is already defined"),
                problems);
        Decoder decoder = REGISTRY.decoders().create("test.counting");
        decoder.decode(TraceRecord.can(0, "can0", 0x351), message -> {
        });
        assertEquals(1.0, decoder.state().get(Quantity.MODULE_COUNT).getAsDouble());
        assertTrue(REGISTRY.decoders().bindable("test.throwing").isEmpty());
        assertEquals("org.bmsw.protocol.can.CanDecoder", REGISTRY.decoders().create("pylon-can").getClass().getName(),
                "built-in ids cannot be taken over");
        assertTrue(REGISTRY.decoders().bindable("auto").isEmpty(), "a profile knows its protocol");
    }

    @Test
    void seedBatteryPortsMatchTheBriefPinForPin() {
        BatteryProfile seed = (BatteryProfile) REGISTRY.find("seed.lv-battery").orElseThrow();
        Map<String, Map<Integer, String>> brief = briefBatteryPorts();
        assertEquals(8, brief.get("PCS").size(), "rows read from the brief's RJ45 table");
        brief.forEach((portId, pins) -> {
            Port port = seed.port(portId).orElseThrow(() -> new AssertionError("no port " + portId));
            Map<Integer, String> profilePins = new TreeMap<>();
            port.pins().forEach(pin -> profilePins.put(pin.number(), pin.name()));
            assertEquals(pins, profilePins, portId);
        });
        Port pcs = seed.port("PCS").orElseThrow();
        assertEquals(SignalKind.CAN_H, pcs.pin(4).orElseThrow().signal());
        assertEquals(SignalKind.CAN_GND, pcs.pin(3).orElseThrow().signal());
        assertEquals(SignalKind.RS485_A, pcs.pin(7).orElseThrow().signal());
        assertEquals(SignalKind.NC, pcs.pin(1).orElseThrow().signal());
        assertEquals(List.of("RUN", "ALM", "SOC"), seed.leds().stream().map(LedIndicator::name).toList());
    }

    @Test
    void seedInverterPortMatchesTheBriefWithEveryNoteAndTheSupplyLimit() {
        InverterProfile inverter = (InverterProfile) REGISTRY.find("seed.hybrid-inverter").orElseThrow();
        Port com = inverter.port("COM").orElseThrow();
        Map<Integer, List<String>> brief = briefInverterPort();
        assertEquals(16, brief.size(), "rows read from the brief's multifunction port table");
        assertEquals(16, com.pins().size());
        brief.forEach((number, definitionAndNote) -> {
            Pin pin = com.pin(number).orElseThrow();
            assertEquals(definitionAndNote.get(0), pin.name(), "pin " + number);
            assertTrue(pin.note().startsWith(definitionAndNote.get(1)), "pin " + number + " note: " + pin.note());
        });
        Pin vcc = com.pin(16).orElseThrow();
        assertEquals(SignalKind.SUPPLY, vcc.signal());
        assertEquals(new Pin.SupplyRating(12, 400, 5), vcc.supply().orElseThrow());
        assertEquals(SignalKind.CAN_H, com.pin(7).orElseThrow().signal());
        assertEquals(SignalKind.SIGNAL_GND, com.pin(9).orElseThrow().signal());
        assertEquals(SignalKind.RS485_B, com.pin(11).orElseThrow().signal());
    }

    @Test
    void pylontechAlarmCatalogueCoversBothLevels() {
        BatteryProfile pylontech = (BatteryProfile) REGISTRY.find("pylontech.us5000").orElseThrow();
        assertEquals(7, pylontech.alarms().stream().filter(a -> a.level() == AlarmLevel.PROTECTION)
                .count());
        assertEquals(7, pylontech.alarms().stream().filter(a -> a.level() == AlarmLevel.WARNING)
                .count());
        assertEquals(15, pylontech.limits().orElseThrow().cellsInSeries());
    }
}
