package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** {@code bmsw pinout} on the built-in profiles of the brief's battery and inverter. */
class PinoutCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    private int run(String... args) {
        return new Bmsw("0.1.0.202611241200").execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void proposesTheBriefsCableAndWritesEveryExport() throws Exception {
        Path svg = directory.resolve("cable.svg");
        Path wireViz = directory.resolve("cable.yml");
        Path csv = directory.resolve("cable.csv");
        assertEquals(Bmsw.EXIT_OK, run("pinout", "--battery", "seed.lv-battery:PCS", "--inverter",
                "seed.hybrid-inverter:COM", "--svg", svg.toString(), "--wireviz", wireViz.toString(), "--csv",
                csv.toString()), err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Cable from battery seed.lv-battery:PCS (a) to inverter seed.hybrid-inverter:COM (b):\n"
                + "  a 4 (CAN1_H)       -> b 7 (CAN0_H)       blue\n"), text);
        assertTrue(text.endsWith("Cable check passed.\n"), text);
        assertTrue(Files.readString(svg).startsWith("<svg "));
        assertTrue(Files.readString(wireViz).contains("    - X2: [7, 8, 9, 10, 11]\n"));
        assertTrue(Files.readString(csv).contains("\n8,485B,rs485-b,11,485TX0-,rs485-b,brown\n"));
    }

    @Test
    void checksAUsersCableAndFailsWithThePinsToFix() throws Exception {
        Path cable = directory.resolve("site-cable.csv");
        Files.writeString(cable, "# crimped on site\na_pin,b_pin\n4,8\n5,7\n3,9\n");
        assertEquals(Bmsw.EXIT_FAILED, run("pinout", "--battery", "seed.lv-battery:PCS", "--inverter",
                "seed.hybrid-inverter:COM", "--cable", cable.toString(), "--json"));
        JsonObject result = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(false, result.get("passed").getAsBoolean());
        JsonObject first = result.getAsJsonArray("findings").get(0).getAsJsonObject();
        assertEquals("can-h-l-swapped", first.get("check").getAsString());
        assertEquals(List.of("battery pin 4 (CAN1_H)", "inverter pin 8 (CAN0_L)"),
                first.getAsJsonArray("pins").asList().stream().map(JsonElement::getAsString).toList());
    }

    @Test
    void badCableFileNamesFileAndLine() throws Exception {
        Path cable = directory.resolve("cable.csv");
        Files.writeString(cable, "a_pin,b_pin\n4,seven\n");
        assertEquals(Bmsw.EXIT_FAILED, run("pinout", "--battery", "seed.lv-battery:PCS", "--inverter",
                "seed.hybrid-inverter:COM", "--cable", cable.toString()));
        assertEquals("bmsw pinout: " + cable + ":2: b_pin 'seven' is not a pin number\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTraceWithoutBatteryFramesNamesTheCablesCanWires() throws Exception {
        // the inverter's keep-alive only, once a second for 2 s: the battery is silent
        Path trace = Files.writeString(directory.resolve("site.log"), "(0.000000) can0 305#0000000000000000\n"
                + "(1.000000) can0 305#0000000000000000\n(2.000000) can0 305#0000000000000000\n");
        assertEquals(Bmsw.EXIT_FAILED, run("pinout", "--battery", "seed.lv-battery:PCS", "--inverter",
                "seed.hybrid-inverter:COM", "--trace", trace.toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("  note: trace " + trace + ": 0 frames from the battery, 3 from others, 0 error frames\n"),
                text);
        assertTrue(text.contains("ERROR [no-battery-frames] no frame from the battery in 2 s (the inverter is heard: 3"
                + " frames): check CAN_H battery pin 4 → inverter pin 7, CAN_L 5 → 8, ground 3 → 9; check termination;"),
                text);
        assertTrue(text.endsWith("Cable check FAILED.\n"), text);
    }

    @Test
    void aRealTraceWithBatteryFramesPasses() throws Exception {
        Path trace = org.bmsw.testdata.TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", directory);
        assertEquals(Bmsw.EXIT_OK, run("pinout", "--battery", "seed.lv-battery:PCS", "--inverter",
                "seed.hybrid-inverter:COM", "--trace", trace.toString()), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("INFO [battery-heard] 16 frames from the battery in 0 s:"
                + " the cable works.\n"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingPortIsAUsageError() {
        assertEquals(Bmsw.EXIT_USAGE, run("pinout", "--battery", "seed.lv-battery:PCS"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bmsw pinout: name two ports"));
    }
}
