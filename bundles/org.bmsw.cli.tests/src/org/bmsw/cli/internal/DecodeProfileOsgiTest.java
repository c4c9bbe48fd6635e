package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code --profile} with the profiles contributed to the running platform and plugin files read through OSGi.
 * Needs the OSGi framework and the extension registry: runs under the Tycho build, fails by design in
 * releng/scripts/quick-test.sh (DecodeCommandTest covers the same paths with a registry of its own).
 */
class DecodeProfileOsgiTest {

    @TempDir
    Path dir;

    @Test
    void pylontechUs5000ProfileDecodesItsCanBinding() throws IOException {
        Path log = dir.resolve("us5000.log");
        Files.writeString(log, """
                (1700000000.000000) can0 351#1402C012C012C201
                (1700000000.100000) can0 355#58005E00
                (1700000000.200000) can0 356#7A13F2FE6B01
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Bmsw("0.1.0.test").execute(
                new String[] { "state", log.toString(), "--profile", "pylontech.us5000", "--json" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(Bmsw.EXIT_OK, exit, errText);
        assertTrue(errText.startsWith("bmsw state: decoding with profile pylontech.us5000, binding 1 of 2: pylon-can"),
                errText);
        JsonObject state = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(53.2, state.get("charge_voltage_limit_V").getAsDouble(), 1e-9);
        assertEquals(88, state.get("soc_pct").getAsDouble(), 1e-9);
        assertEquals(49.86, state.get("voltage_V").getAsDouble(), 1e-9);
    }

    /**
     * The example vendor's profile from its installed plugin (Pylon CAN with the vendor's own 0x4A0 frame in a DBC)
     * decodes the same messages as the workbench's session does: both tests compare with one list.
     */
    @Test
    void theExampleVendorsDbcProfileDecodesTheSameMessagesAsTheWorkbench() throws IOException {
        Path log = TestData.copyTo("profiles/example-x48-100_candump.txt", dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Bmsw("0.1.0.test").execute(
                new String[] { "decode", log.toString(), "--profile", "example.x48-100", "--format", "jsonl" },
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(Bmsw.EXIT_OK, exit, errText);
        assertTrue(errText.contains("with binding 2 of 3: DBC dbc/example-x48.dbc"), errText);
        List<String> lines = new ArrayList<>();
        for (String json : out.toString(StandardCharsets.UTF_8).lines().toList()) {
            JsonObject message = JsonParser.parseString(json).getAsJsonObject();
            Map<String, Object> signals = new LinkedHashMap<>();
            message.getAsJsonObject("signals").entrySet().forEach(signal -> signals.put(signal.getKey(),
                    signal.getValue().getAsJsonPrimitive().isNumber() ? signal.getValue().getAsDouble()
                            : signal.getValue().getAsString()));
            lines.add(TestData.messageLine(message.get("id").getAsString(), message.get("message").getAsString(),
                    signals));
        }
        assertEquals(TestData.text("profiles/example-x48-100.messages.txt").lines()
                .filter(line -> !line.startsWith("#")).toList(), lines);
    }
}
