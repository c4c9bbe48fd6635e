package org.bmsw.pinout;

import static org.bmsw.pinout.CableProposerTest.SEED_BATTERY_PCS;
import static org.bmsw.pinout.CableProposerTest.SEED_INVERTER_COM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cable and the trace together: real traces, and silent or error-only ones written with the formats writers. */
class CableDiagnosisTest {

    private static final Cable SEED = CableProposer.propose(SEED_BATTERY_PCS, SEED_INVERTER_COM).cable();
    /** The seed cable's CAN wires, as the brief wires them. */
    private static final List<String> SEED_CAN_PINS = List.of("battery pin 4 (CAN1_H)", "inverter pin 7 (CAN0_H)",
            "battery pin 5 (CAN1_L)", "inverter pin 8 (CAN0_L)", "battery pin 3 (CAN1_G)", "inverter pin 9 (GND.S)");

    @TempDir
    Path directory;

    private List<TraceRecord> read(Path file) throws Exception {
        return Traces.readAll(file, ReadOptions.LENIENT);
    }

    /** Records written as a candump log and read back, as a site trace would be. */
    private List<TraceRecord> written(List<TraceRecord> records) throws Exception {
        Path file = directory.resolve("site.log");
        Traces.write(file, TraceFormat.CANDUMP_LOG, records);
        return read(file);
    }

    @Test
    void aRealTraceWithBatteryFramesSaysTheCableWorks() throws Exception {
        // Eco-Worthy Cubix 100, passive capture: 16 frames, all from the battery (grep -c '^can0 ')
        TraceFacts facts = TraceFacts.of(read(TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt",
                directory)));
        assertEquals(new TraceFacts(BusKind.CAN, 0, 16, 0, 0), facts);
        List<Finding> findings = CableDiagnosis.diagnose(SEED, facts);
        assertEquals(List.of("battery-heard"), findings.stream().map(Finding::check).toList());
        assertEquals("16 frames from the battery in 0 s: the cable works.", findings.get(0).message());
    }

    @Test
    void aRealTraceWithTheInvertersKeepAliveCountsItApart() throws Exception {
        // Victron GX with a CAN BMS: 28 whole frames (grep -c '^  can8 ' is 29, the last one is cut off), of which
        // 0x305 and 0x307 come from the GX
        TraceFacts facts = TraceFacts.of(read(TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt",
                directory)));
        assertEquals(26, facts.batteryFrames());
        assertEquals(2, facts.otherFrames());
    }

    @Test
    void onlyTheInverterHeardNamesTheCanWiresToCheck() throws Exception {
        // the GX trace's own 0x305 and 0x307 frames, once a second for 10 s, with the battery silent
        List<TraceRecord> inverterOnly = read(TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt",
                directory)).stream().filter(r -> r.identifier() == 0x305 || r.identifier() == 0x307).toList();
        List<TraceRecord> records = new ArrayList<>();
        for (int second = 0; second <= 10; second++) {
            for (TraceRecord frame : inverterOnly) {
                records.add(TraceRecord.can(second * 1_000_000_000L, "can0", frame.identifier(), frame.payload()));
            }
        }
        TraceFacts facts = TraceFacts.of(written(records));
        assertEquals(new TraceFacts(BusKind.CAN, 10, 0, 22, 0), facts);
        List<Finding> findings = CableDiagnosis.diagnose(SEED, facts);
        assertEquals(1, findings.size());
        assertEquals("no-battery-frames", findings.get(0).check());
        assertEquals("no frame from the battery in 10 s (the inverter is heard: 22 frames): check CAN_H battery pin 4"
                + " → inverter pin 7, CAN_L 5 → 8, ground 3 → 9; check termination; check that the battery is on and set"
                + " to the protocol the inverter expects (bit rate mismatch (the profiles say 500 kbit/s; check the"
                + " inverter's battery type setting and the adapter)).", findings.get(0).message());
        assertEquals(SEED_CAN_PINS, findings.get(0).pins());
    }

    @Test
    void onlyErrorFramesNameSwappedLinesBitRateAndTermination() throws Exception {
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // SocketCAN error class 0x004 (controller problem), 0x080 (bus error): what a wrong bit rate gives
            records.add(new TraceRecord(i * 100_000_000L, "can0", BusKind.CAN, i % 2 == 0 ? 0x004 : 0x080,
                    FrameFlags.ERROR, new byte[8]));
        }
        TraceFacts facts = TraceFacts.of(written(records));
        assertEquals(new TraceFacts(BusKind.CAN, 4.9, 0, 0, 50), facts);
        List<Finding> findings = CableDiagnosis.diagnose(SEED, facts);
        assertEquals("only-error-frames", findings.get(0).check());
        assertEquals("only error frames (50) in 4.9 s, no frame from the battery: the bus is there but nobody decodes it."
                + " Check: CAN_H and CAN_L swapped (CAN_H battery pin 4 → inverter pin 7, CAN_L 5 → 8, ground 3 → 9);"
                + " bit rate mismatch (the profiles say 500 kbit/s; check the inverter's battery type setting and the"
                + " adapter); termination missing (with both devices off, measure about 60 ohm between CAN_H and CAN_L).",
                findings.get(0).message());

        Cable swapped = SEED.withWires(List.of(new Wire(4, 8, "blue"), new Wire(5, 7, "white-blue"),
                new Wire(3, 9, "white-green")));
        String message = CableDiagnosis.diagnose(swapped, facts).get(0).message();
        assertTrue(message.contains("CAN_H battery pin 4 → inverter pin 8, CAN_L 5 → 7, ground 3 → 9"), message);
        assertTrue(message.endsWith(" The cable itself fails its check (can-h-l-swapped): fix that first."), message);
    }

    @Test
    void errorFramesBesideBatteryFramesMeanAMarginalLink() throws Exception {
        List<TraceRecord> records = new ArrayList<>(read(TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt",
                directory)));
        records.add(new TraceRecord(0, "can0", BusKind.CAN, 0x080, FrameFlags.ERROR, new byte[8]));
        Finding finding = CableDiagnosis.diagnose(SEED, TraceFacts.of(written(records))).get(0);
        assertEquals("error-frames", finding.check());
        assertTrue(finding.message().startsWith("1 error frames among 17 in 0 s: the battery is heard but the link is"
                + " marginal."), finding.message());
    }

    @Test
    void anEmptyTraceNamesTheWiresOfEveryBusTheCableCarries() throws Exception {
        Path empty = Files.writeString(directory.resolve("empty.log"), "");
        TraceFacts facts = TraceFacts.of(read(empty));
        assertEquals(new TraceFacts(null, 0, 0, 0, 0), facts);
        List<Finding> findings = CableDiagnosis.diagnose(SEED, facts);
        assertEquals(List.of("no-battery-frames", "no-battery-frames"), findings.stream().map(Finding::check).toList());
        assertTrue(findings.get(0).message().startsWith("no frame from the battery in the trace (it is empty): check CAN_H"
                + " battery pin 4 → inverter pin 7, CAN_L 5 → 8, ground 3 → 9; check termination;"),
                findings.get(0).message());
        // the inverter's GND.S (pin 9) serves its CAN and its RS485 bus
        assertTrue(findings.get(1).message().startsWith("no frame from the battery in the trace (it is empty): check"
                + " ground battery pin 3 → inverter pin 9, RS485 A 7 → 10, RS485 B 8 → 11; check that the battery is on"
                + " and set to the protocol the inverter expects (bit rate mismatch (the profiles say 115200 bit/s;"),
                findings.get(1).message());
    }
}
