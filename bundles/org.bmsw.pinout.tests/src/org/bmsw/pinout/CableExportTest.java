package org.bmsw.pinout;

import static org.bmsw.pinout.CableProposerTest.SEED_BATTERY_PCS;
import static org.bmsw.pinout.CableProposerTest.SEED_INVERTER_COM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CableExportTest {

    private static final Cable SEED = CableProposer.propose(SEED_BATTERY_PCS, SEED_INVERTER_COM).cable();

    @Test
    void csvWireListReadsBackToTheSameWires() {
        String csv = WireList.csv(SEED);
        assertTrue(csv.startsWith("# a = battery seed.lv-battery:PCS, b = inverter seed.hybrid-inverter:COM\n"
                + WireList.CSV_HEADER + "\n4,CAN1_H,can-h,7,CAN0_H,can-h,blue\n"), csv);
        assertEquals(SEED.wires(), WireList.readCsv("cable.csv", csv));
        assertEquals(List.of("seed.lv-battery:PCS", "seed.hybrid-inverter:COM"), WireList.ports(csv).orElseThrow());
        assertTrue(WireList.ports("a_pin,b_pin\n4,7\n").isEmpty());
    }

    @Test
    void handWrittenWireListWithOnlyThePinColumns() {
        assertEquals(List.of(new Wire(4, 7, ""), new Wire(5, 8, "")),
                WireList.readCsv("cable.csv", "b_pin,a_pin\r\n7,4\r\n\r\n8,5\r\n"));
    }

    @Test
    void badWireListLinesAreNamedByFileAndLine() {
        assertEquals("cable.csv:3: a_pin 'four' is not a pin number", assertThrows(IllegalArgumentException.class,
                () -> WireList.readCsv("cable.csv", "# my cable\na_pin,b_pin\nfour,7\n")).getMessage());
        assertEquals("cable.csv:1: the first line must be a header naming the columns a_pin and b_pin, e.g. "
                + WireList.CSV_HEADER, assertThrows(IllegalArgumentException.class,
                        () -> WireList.readCsv("cable.csv", "4,7\n")).getMessage());
    }

    @Test
    void markdownWireList() {
        assertEquals("| battery seed.lv-battery:PCS pin | signal | inverter seed.hybrid-inverter:COM pin | signal | colour |\n"
                + "|---|---|---|---|---|\n"
                + "| 4 (CAN1_H) | can-h | 7 (CAN0_H) | can-h | blue |\n", WireList.markdown(SEED).lines().limit(3)
                        .reduce("", (a, b) -> a + b + "\n"));
    }

    @Test
    void wireVizYamlHasBothConnectorsAndTheConnections() {
        String yaml = CableDrawings.wireViz(SEED);
        assertTrue(yaml.contains("  X1:\n    type: RJ45\n    pins: [1, 2, 3, 4, 5, 6, 7, 8]\n"
                + "    pinlabels: [\"NC\", \"NC\", \"CAN1_G\", \"CAN1_H\", \"CAN1_L\", \"HSS8\", \"485A\", \"485B\"]\n"), yaml);
        assertTrue(yaml.contains("  X2:\n    type: Terminal block\n"), yaml);
        assertTrue(yaml.contains("cables:\n  W1:\n    wirecount: 5\n    colors: [BU, WHBU, WHGN, WHBN, BN]\n"), yaml);
        assertTrue(yaml.endsWith("connections:\n  -\n    - X1: [4, 5, 3, 7, 8]\n    - W1: [1, 2, 3, 4, 5]\n"
                + "    - X2: [7, 8, 9, 10, 11]\n"), yaml);
    }

    @Test
    void svgDrawsEveryWireAndMarksPinsWithProblems() {
        String clean = CableDrawings.svg(SEED, WiringChecker.check(SEED));
        assertEquals(5, clean.split("<path ", -1).length - 1);
        assertTrue(!clean.contains("#c00000"), "no problem, no red");
        Cable swapped = new Cable(SEED_BATTERY_PCS, SEED_INVERTER_COM, List.of(new Wire(4, 8, "blue"),
                new Wire(5, 7, "white-blue")));
        String marked = CableDrawings.svg(swapped, WiringChecker.check(swapped));
        assertTrue(marked.contains("fill=\"#c00000\" font-weight=\"bold\"> 4  CAN1_H     can-h</text>"), marked);
    }
}
