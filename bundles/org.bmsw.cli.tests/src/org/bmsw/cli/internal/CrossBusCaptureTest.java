package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.sim.BmsSimulator;
import org.bmsw.sim.InverterModel;
import org.bmsw.sim.ModbusDevice;
import org.bmsw.sim.ModbusSimulator;
import org.bmsw.sim.Plant;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimClock;
import org.bmsw.sim.SimProtocol;
import org.bmsw.sim.SimTransports;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A site end to end with real parts: the simulated battery speaks Pylon CAN through an SLCAN adapter on one end of a
 * socat pty pair, the simulated inverter serves the Deye LP1 register map over Modbus TCP on loopback, both on one
 * plant (the current the inverter drives is the current the battery reports). One {@code bmsw capture} records the
 * adapter's end of the pty and polls the inverter, into one store on one clock; {@code bmsw analyze} then judges the
 * inverter by its own measurements with a reaction time. The battery lowers CCL from 50 A to 25 A at 3 s while the
 * site asks for 40 A: an inverter that follows within a second or two passes, one that ignores CCL fails.
 * <p>
 * The simulators run in the test's JVM (one plant cannot be shared between processes); everything between them and
 * the capture goes through the pty and the TCP socket, as on a site.
 */
@Timeout(120)
class CrossBusCaptureTest {

    private static final String SCENARIO = """
            set voltage_V=52.0 soc_pct=60 temperature_C=25 module_count=2 current_A=40
            set charge_voltage_limit_V=56.8 discharge_voltage_limit_V=46.0 charge_current_limit_A=50
            set discharge_current_limit_A=100 charge_enable=true discharge_enable=true
            at 3 set charge_current_limit_A=25
            """;
    private static final int SECONDS = 13;
    private static final String MAP = "builtin:deye-hybrid-lp1";

    @TempDir
    Path directory;

    /** What one site's capture and analysis gave. */
    private record Site(Path store, int analyzeExit, JsonObject report, String captureErr, String analyzeOut) {
    }

    private Site capture(String name, InverterModel.Settings inverter) throws Exception {
        Path store = directory.resolve(name + ".bmst");
        Scenario scenario = Scenario.parse(name + ".scenario", SCENARIO);
        Plant plant = new Plant(scenario, new InverterModel(inverter));
        int port = ModbusCaptureCommandTest.freePort();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the adapter end from a registry of its own: the simulator's providers are OSGi services in the product
        TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());
        SimClock clock = SimClock.system(); // the capture stamps on arrival: the plant runs in real time
        try (PtyPair pty = PtyPair.start(directory.resolve(name));
                Transport adapter = registry.create("slcan-adapter:" + pty.endB());
                ModbusDevice inverterDevice = ModbusDevice.tcp(RegisterMap.builtIn(MAP), 1,
                        InetAddress.getLoopbackAddress(), port)) {
            adapter.open(); // the adapter answers the capture's C, S6, O
            ModbusSimulator inverterSim = new ModbusSimulator(plant, clock).inverter(inverterDevice);
            inverterSim.tick(); // the inverter's registers hold the plant's values from the first poll
            CompletableFuture<Integer> capture = CompletableFuture.supplyAsync(() -> new Bmsw("0.1.0").execute(
                    new String[] { "capture", "--source", "slcan:" + pty.endA() + "?bitrate=500000", "--source",
                            "modbus-tcp://127.0.0.1:" + port + "?unit=1", "--map", MAP, "--out", store.toString(),
                            "--duration", Integer.toString(SECONDS) },
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                            StandardCharsets.UTF_8)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!err.toString(StandardCharsets.UTF_8).contains("recording") && System.nanoTime() < deadline) {
                Thread.sleep(20); // until the capture has opened both sources
            }
            try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, adapter, plant, clock)) {
                CompletableFuture<Void> polled = CompletableFuture.runAsync(() -> {
                    try {
                        inverterSim.run(Duration.ofSeconds(SECONDS), () -> capture.isDone());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                battery.run(Duration.ofSeconds(SECONDS), capture::isDone);
                polled.get(30, TimeUnit.SECONDS);
            }
            assertEquals(Bmsw.EXIT_OK, capture.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        }
        Path json = directory.resolve(name + ".json");
        ByteArrayOutputStream analyzeOut = new ByteArrayOutputStream();
        ByteArrayOutputStream analyzeErr = new ByteArrayOutputStream();
        int code = new Bmsw("0.1.0").execute(new String[] { "analyze", store.toString(), "--map", MAP,
                "--reaction-s", "5", "--json", json.toString(), "--fail-on", "error" }, new PrintStream(analyzeOut,
                        true, StandardCharsets.UTF_8), new PrintStream(analyzeErr, true, StandardCharsets.UTF_8));
        assertTrue(Files.exists(json), analyzeErr.toString(StandardCharsets.UTF_8));
        return new Site(store, code, JsonParser.parseString(Files.readString(json)).getAsJsonObject(),
                err.toString(StandardCharsets.UTF_8), analyzeOut.toString(StandardCharsets.UTF_8));
    }

    private static List<JsonObject> objects(JsonObject report, String member) {
        List<JsonObject> list = new ArrayList<>();
        for (JsonElement element : report.getAsJsonArray(member)) {
            list.add(element.getAsJsonObject());
        }
        return list;
    }

    /** The limit change of CCL judged against what the inverter measured. */
    private static JsonObject inverterCclChange(JsonObject report) {
        List<JsonObject> changes = objects(report, "limit_changes").stream()
                .filter(c -> c.get("limit").getAsString().equals("charge_current_limit_A")
                        && c.get("measured").getAsString().equals("inverter_current_A")).toList();
        assertEquals(1, changes.size(), report.get("limit_changes").toString());
        return changes.get(0);
    }

    @Test
    void anInverterThatSettlesWithinTheReactionTimePasses() throws Exception {
        Site site = capture("obedient", InverterModel.Settings.obedient().withReactionLagS(1).withRampAps(20));
        // one store, a channel per source, both on the wall clock
        try (TraceStore store = TraceStore.open(site.store())) {
            Set<String> buses = new TreeSet<>();
            for (StoreChannel channel : store.channels()) {
                buses.add(channel.bus().name());
            }
            assertEquals(Set.of("CAN", "SERIAL"), buses, store.channels().toString());
            long first = store.record(0).timestampNs();
            long last = store.record(store.size() - 1).timestampNs();
            assertTrue(first > 1_600_000_000L * 1_000_000_000L, "wall-clock times");
            assertTrue(last - first > 8_000_000_000L && last - first < 30_000_000_000L, (last - first) + " ns");
        }
        assertTrue(site.captureErr().contains("channel a: slcan:"), site.captureErr());
        assertEquals(Bmsw.EXIT_OK, site.analyzeExit(), site.analyzeOut() + site.report().get("findings"));
        JsonObject change = inverterCclChange(site.report());
        assertEquals(50, change.get("from").getAsDouble(), 1e-9);
        assertEquals(25, change.get("to").getAsDouble(), 1e-9);
        assertEquals("within", change.get("outcome").getAsString());
        // the inverter acts 1 s after the report and ramps 15 A in 0.75 s; polled once a second
        double reaction = change.get("reaction_s").getAsDouble();
        assertTrue(reaction >= 1 && reaction <= 5, "observed reaction " + reaction + " s in " + change);
        assertEquals(0, objects(site.report(), "findings").stream()
                .filter(f -> f.get("check").getAsString().startsWith("compliance.")).count());
        // the battery's own word on the CAN channel is judged too, and followed as fast
        assertTrue(objects(site.report(), "limit_changes").stream().anyMatch(c -> c.get("measured").getAsString()
                .equals("current_A") && c.get("channel").getAsString().equals("a")
                && c.get("outcome").getAsString().equals("within")), site.report().get("limit_changes").toString());
    }

    @Test
    void anInverterThatIgnoresCclFailsWithTheLimitChangeAndTheExcess() throws Exception {
        Site site = capture("ignores-ccl", InverterModel.Settings.obedient().withReactionLagS(1).withRampAps(20)
                .ignoring("ccl"));
        assertEquals(Bmsw.EXIT_FINDINGS, site.analyzeExit(), site.analyzeOut() + site.report().get("limit_changes"));
        JsonObject finding = objects(site.report(), "findings").stream()
                .filter(f -> f.get("check").getAsString().equals("compliance.charge_current")
                        && f.get("quantity").getAsString().equals("inverter_current_A")).findFirst().orElseThrow(
                                () -> new AssertionError(site.report().get("findings").toString()));
        assertEquals(40, finding.get("worst_value").getAsDouble(), 0.01);
        assertEquals(25, finding.get("limit").getAsDouble(), 1e-9);
        JsonObject reaction = finding.getAsJsonObject("reaction");
        assertNotNull(reaction, finding.toString());
        assertEquals("charge_current_limit_A", reaction.get("limit").getAsString());
        assertEquals(50, reaction.get("from").getAsDouble(), 1e-9);
        assertEquals(25, reaction.get("to").getAsDouble(), 1e-9);
        assertTrue(reaction.get("reaction_s").isJsonNull(), "never within the limit: " + reaction);
        assertEquals(5, reaction.get("allowance_s").getAsDouble(), 1e-9);
        assertEquals(14, reaction.get("excess").getAsDouble(), 0.01); // 40 A against 25 A and its 1 A tolerance
        assertTrue(finding.get("message").getAsString().startsWith("the inverter measured charging at up to 40 A"),
                finding.toString());
        assertEquals("not settled", inverterCclChange(site.report()).get("outcome").getAsString());
        JsonArray checks = site.report().getAsJsonArray("checks");
        assertTrue(checks.toString().contains("compliance.charge_current"), checks.toString());
    }
}
