package org.bmsw.pinout;

import static org.bmsw.pinout.CableProposerTest.BRIEF_CABLE;
import static org.bmsw.pinout.CableProposerTest.SEED_BATTERY_PCS;
import static org.bmsw.pinout.CableProposerTest.SEED_INVERTER_COM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.junit.jupiter.api.Test;

/** Every check, tripped by the brief's cable with one mistake a technician makes. */
class WiringCheckerTest {

    private static List<Finding> failing(Wire... wires) {
        return WiringChecker.check(new Cable(SEED_BATTERY_PCS, SEED_INVERTER_COM, List.of(wires))).stream()
                .filter(Finding::fails).toList();
    }

    /** The brief's cable with wires replaced (same pin on end A) and added. */
    private static Wire[] briefWith(Wire... changes) {
        List<Wire> wires = new ArrayList<>(BRIEF_CABLE);
        for (Wire change : changes) {
            wires.removeIf(w -> w.pinA() == change.pinA());
            wires.add(change);
        }
        return wires.toArray(Wire[]::new);
    }

    private static List<String> checks(List<Finding> findings) {
        return findings.stream().map(Finding::check).toList();
    }

    @Test
    void canHighAndLowSwapped() {
        List<Finding> findings = failing(briefWith(new Wire(4, 8, ""), new Wire(5, 7, "")));
        assertEquals(List.of("can-h-l-swapped", "can-h-l-swapped"), checks(findings));
        assertEquals("CAN_H and CAN_L are swapped: battery pin 4 (CAN1_H) goes to inverter pin 8 (CAN0_L). Swap these"
                + " two wires: CAN_H must meet CAN_H and CAN_L meet CAN_L.", findings.get(0).message());
        assertEquals(List.of("battery pin 4 (CAN1_H)", "inverter pin 8 (CAN0_L)"), findings.get(0).pins());
    }

    @Test
    void rs485SwappedExplainsTheNamingTrap() {
        List<Finding> findings = failing(briefWith(new Wire(7, 11, ""), new Wire(8, 10, "")));
        assertEquals("rs485-a-b-swapped", findings.get(0).check());
        assertTrue(findings.get(0).message().startsWith("RS485 A and B are swapped: battery pin 7 (485A) goes to"
                + " inverter pin 11 (485TX0-). Beware the naming trap"), findings.get(0).message());
    }

    @Test
    void canWiredToRs485() {
        List<Finding> findings = failing(briefWith(new Wire(4, 10, "")));
        assertTrue(checks(findings).contains("can-to-rs485"), findings.toString());
        assertTrue(checks(findings).contains("pin-used-twice"), "inverter pin 10 now has two wires: " + findings);
    }

    @Test
    void missingSignalGroundNamesThePinsToConnect() {
        List<Wire> withoutGround = new ArrayList<>(BRIEF_CABLE);
        withoutGround.removeIf(w -> w.pinA() == 3);
        List<Finding> findings = failing(withoutGround.toArray(Wire[]::new));
        assertEquals(List.of("missing-signal-ground"), checks(findings));
        assertEquals(List.of("battery pin 3 (CAN1_G)", "inverter pin 9 (GND.S)"), findings.get(0).pins());
        assertEquals(Finding.Severity.WARNING, findings.get(0).severity());
    }

    @Test
    void dataLineOntoGround() {
        // CAN_H to the inverter's temperature-sensor ground (pin 12) instead of CAN0_H (pin 7)
        List<Finding> findings = failing(briefWith(new Wire(4, 12, "")));
        assertEquals(List.of("signal-to-ground", "line-missing"), checks(findings));
        assertEquals("a data line is shorted to ground: battery pin 4 (CAN1_H) goes to inverter pin 12 (GND.S).",
                findings.get(0).message());
    }

    @Test
    void supplyOntoASignalPin() {
        List<Finding> findings = failing(briefWith(new Wire(7, 16, "")));
        assertTrue(checks(findings).contains("supply-on-signal"), findings.toString());
        Finding supply = findings.stream().filter(f -> f.check().equals("supply-on-signal")).findFirst().orElseThrow();
        assertTrue(supply.message().startsWith("inverter pin 16 (VCC) is a supply output (12 V, at most 400 mA); wired"
                + " to battery pin 7 (485A)"), supply.message());
    }

    @Test
    void switchOutputOntoASignalPin() {
        assertEquals(List.of("switch-on-signal"), checks(failing(briefWith(new Wire(6, 13, "")))));
    }

    @Test
    void pinUsedTwice() {
        List<Wire> wires = new ArrayList<>(BRIEF_CABLE);
        wires.add(new Wire(3, 12, ""));
        List<Finding> findings = failing(wires.toArray(Wire[]::new));
        assertEquals(List.of("pin-used-twice"), checks(findings));
        assertEquals("battery pin 3 (CAN1_G) has 2 wires on it; one pin takes one wire.", findings.get(0).message());
    }

    @Test
    void notConnectedPinWired() {
        List<Finding> findings = failing(briefWith(new Wire(1, 12, "")));
        assertEquals(List.of("nc-wired"), checks(findings));
    }

    @Test
    void halfABusIsNotALink() {
        List<Finding> findings = failing(new Wire(4, 7, ""), new Wire(3, 9, ""));
        assertEquals(List.of("line-missing"), checks(findings));
        assertEquals("CAN bus CAN1 to CAN0: CAN_L is not wired; the bus needs both lines.", findings.get(0).message());
    }

    @Test
    void pinThePortDoesNotHave() {
        List<Finding> findings = failing(briefWith(new Wire(9, 12, "")));
        assertEquals("battery port seed.lv-battery:PCS has no pin 9", findings.get(0).message());
    }

    /** A battery and an inverter whose profiles say how each terminates its CAN bus C. */
    private static Cable terminatedLink(String batteryKind, String inverterKind, Terminator... terminators) {
        ProfileRegistry registry = new ProfileRegistry();
        registry.add(source("b.xml", "<battery xmlns=\"urn:bmsw:profile:1\" id=\"t.battery\" vendor=\"T\" model=\"B\">"
                + "<port id=\"P\" connector=\"rj45\"><pin number=\"4\" name=\"H\" signal=\"can-h\" bus=\"C\"/>"
                + "<pin number=\"5\" name=\"L\" signal=\"can-l\" bus=\"C\"/>"
                + "<termination bus=\"C\" kind=\"" + batteryKind + "\" resistance-ohm=\"120\"/></port>"
                + "<protocol port=\"P\" layer=\"can\" bitrate-bps=\"500000\" decoder=\"pylon-can\" role=\"sender\"/></battery>"));
        registry.add(source("i.xml", "<inverter xmlns=\"urn:bmsw:profile:1\" id=\"t.inverter\" vendor=\"T\" model=\"I\">"
                + "<port id=\"P\" connector=\"rj45\"><pin number=\"4\" name=\"H\" signal=\"can-h\" bus=\"C\"/>"
                + "<pin number=\"5\" name=\"L\" signal=\"can-l\" bus=\"C\"/>"
                + "<termination bus=\"C\" kind=\"" + inverterKind + "\"/></port>"
                + "<protocol port=\"P\" layer=\"can\" bitrate-bps=\"500000\" decoder=\"pylon-can\" role=\"listener\"/></inverter>"));
        assertEquals(List.of(), registry.problems());
        Cable cable = CableProposer.propose(PortRef.parse("t.battery:P", registry), PortRef.parse("t.inverter:P", registry))
                .cable();
        return new Cable(cable.endA(), cable.endB(), cable.wires(), List.of(terminators));
    }

    private static List<Finding> failing(Cable cable) {
        return WiringChecker.check(cable).stream().filter(Finding::fails).toList();
    }

    @Test
    void terminationMissingAtOneEndWhenTheProfilesSaySo() {
        List<Finding> findings = failing(terminatedLink("built-in", "none"));
        assertEquals(List.of("termination-missing"), checks(findings));
        assertTrue(findings.get(0).message().startsWith("CAN bus C to C: nothing terminates the bus at the inverter end;"
                + " 1 of the 2 ends needed (the battery's built-in terminator). With both devices off, CAN_H to CAN_L now"
                + " measures about 120 ohm instead of 60 ohm."), findings.get(0).message());
        assertEquals(List.of("battery pin 4 (H)", "battery pin 5 (L)", "inverter pin 4 (H)", "inverter pin 5 (L)"),
                findings.get(0).pins());
    }

    @Test
    void aTerminatingPlugAtTheUnterminatedEndCompletesTheBus() {
        assertEquals(List.of(), failing(terminatedLink("built-in", "none",
                new Terminator(Terminator.End.B, "C", Terminator.By.CABLE, 120))));
    }

    @Test
    void terminationDoubledByTheCableOnTopOfTheDevice() {
        // the plug sits at the battery end, which terminates already; the inverter end stays open
        List<Finding> findings = failing(terminatedLink("built-in", "none",
                new Terminator(Terminator.End.A, "C", Terminator.By.CABLE, 120)));
        assertEquals(List.of("termination-doubled", "termination-missing"), checks(findings));
        // two 120 ohm in parallel: 60 ohm
        assertEquals("CAN bus C to C is terminated twice at the battery end: the battery's built-in terminator, a 120 ohm"
                + " resistor in the cable at the battery end (bus C). With both devices off, CAN_H to CAN_L now measures"
                + " about 60 ohm, which looks right on a meter, but both terminators sit at one end.",
                findings.get(0).message().substring(0, findings.get(0).message().indexOf(" A CAN link")));
    }

    @Test
    void terminationDoubledWhenBothDevicesTerminateAndTheCableToo() {
        List<Finding> findings = failing(terminatedLink("built-in", "built-in",
                new Terminator(Terminator.End.B, "C", Terminator.By.CABLE, 120)));
        assertEquals(List.of("termination-doubled"), checks(findings));
        // three 120 ohm in parallel: 40 ohm
        assertTrue(findings.get(0).message().contains("at the inverter end: the battery's built-in terminator, the"
                + " inverter's built-in terminator, a 120 ohm resistor in the cable at the inverter end (bus C). With both"
                + " devices off, CAN_H to CAN_L now measures about 40 ohm instead of 60 ohm."), findings.get(0).message());
    }

    @Test
    void aSwitchableDeviceCountsWhenTheCableSaysItsSwitchIsOn() {
        List<Finding> unknown = WiringChecker.check(terminatedLink("built-in", "switchable"));
        assertEquals(List.of("termination-switch", "termination"), checks(unknown));
        assertTrue(unknown.stream().noneMatch(Finding::fails), unknown.toString());
        assertEquals(List.of(), failing(terminatedLink("built-in", "switchable",
                new Terminator(Terminator.End.B, "C", Terminator.By.DEVICE_SWITCH, 120))));
        assertEquals(List.of("termination-doubled"), checks(failing(terminatedLink("built-in", "switchable",
                new Terminator(Terminator.End.B, "C", Terminator.By.DEVICE_SWITCH, 120),
                new Terminator(Terminator.End.B, "C", Terminator.By.CABLE, 120)))));
    }

    @Test
    void terminatorsTravelInTheWireList() {
        Cable cable = terminatedLink("built-in", "none", new Terminator(Terminator.End.B, "C", Terminator.By.CABLE, 120));
        String csv = WireList.csv(cable);
        assertTrue(csv.contains("\n# termination: end=b bus=C by=cable resistance_ohm=120\n" + WireList.CSV_HEADER), csv);
        assertEquals(cable, WireList.readCable("cable.csv", csv, cable.endA(), cable.endB()));
        assertEquals("cable.csv:2: by 'plug' is not cable or device-switch", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> WireList.readTerminators("cable.csv",
                        "a_pin,b_pin\n# termination: end=a bus=C by=plug\n")).getMessage());
    }

    private static ProfileSource source(String path, String xml) {
        return new ProfileSource(new ProfileOrigin("test", path),
                () -> new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                ProfileSource.FileLookup.none());
    }
}
