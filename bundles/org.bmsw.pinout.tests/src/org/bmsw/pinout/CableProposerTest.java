package org.bmsw.pinout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CableProposerTest {

    static final PortRef SEED_BATTERY_PCS = BuiltinProfiles.port("seed.lv-battery:PCS");
    static final PortRef SEED_INVERTER_COM = BuiltinProfiles.port("seed.hybrid-inverter:COM");

    /** The brief: 4 CAN1_H to 7 CAN0_H, 5 CAN1_L to 8 CAN0_L, 3 CAN1_G to 9 GND.S, 7 485A to 10, 8 485B to 11. */
    static final List<Wire> BRIEF_CABLE = List.of(new Wire(4, 7, "blue"), new Wire(5, 8, "white-blue"),
            new Wire(3, 9, "white-green"), new Wire(7, 10, "white-brown"), new Wire(8, 11, "brown"));

    @Test
    void seedBatteryToSeedInverterIsTheBriefsCableAndPassesEveryCheck() {
        CableProposer.Proposal proposal = CableProposer.propose(SEED_BATTERY_PCS, SEED_INVERTER_COM);
        assertEquals(BRIEF_CABLE, proposal.cable().wires());
        assertEquals(List.of("battery pins left free: 1 (NC), 2 (NC), 6 (HSS8)"), proposal.notes());
        List<Finding> findings = WiringChecker.check(proposal.cable());
        assertFalse(findings.stream().anyMatch(Finding::fails), findings.toString());
        assertEquals(List.of("termination"), findings.stream().map(Finding::check).toList(),
                "the profiles do not say how the seed devices terminate CAN");
    }

    @Test
    void twoSeedBatteriesGetAStraightPatchCableBetweenTheirCanPorts() {
        PortRef can = BuiltinProfiles.port("seed.lv-battery:CAN");
        CableProposer.Proposal proposal = CableProposer.propose(can, can);
        assertEquals(8, proposal.cable().wires().size());
        assertTrue(proposal.cable().wires().stream().allMatch(w -> w.pinA() == w.pinB()));
        assertEquals("white-orange", proposal.cable().wires().get(0).colour());
        assertTrue(proposal.notes().get(0).contains("straight patch cable"), proposal.notes().toString());
    }

    @Test
    void pylontechToAPylonCompatibleInverterWiresOnlyTheBusTheProtocolUses() {
        CableProposer.Proposal proposal = CableProposer.propose(BuiltinProfiles.port("pylontech.us5000:CAN"),
                BuiltinProfiles.port("generic.pylon-inverter:BMS"));
        assertEquals(List.of(new Wire(4, 4, "blue"), new Wire(5, 5, "white-blue"), new Wire(6, 6, "green")),
                proposal.cable().wires());
        assertFalse(WiringChecker.check(proposal.cable()).stream().anyMatch(Finding::fails));
    }

    @Test
    void unknownProfileOrPortIsNamed() {
        assertEquals("profile seed.lv-battery has no port 'RS485'; its ports: CAN, PCS, CAN-debug",
                assertThrows(IllegalArgumentException.class, () -> BuiltinProfiles.port("seed.lv-battery:RS485"))
                        .getMessage());
        assertEquals("'seed.lv-battery' is not PROFILE:PORT, e.g. seed.lv-battery:PCS",
                assertThrows(IllegalArgumentException.class, () -> BuiltinProfiles.port("seed.lv-battery")).getMessage());
    }
}
