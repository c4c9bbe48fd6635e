package org.bmsw.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.store.TraceStore;
import org.bmsw.core.store.TraceStoreWriter;
import org.bmsw.profiles.ProfileOrigin;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.profiles.ProfileSource;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's one policy and one pass, on the Eco-Worthy Cubix 100 capture (16 frames of Pylon CAN V2.0.6,
 * decoded by hand in its source: CVL 0x0248 = 58.4 V, CCL and DCL 0x07D0 = 200.0 A, DVL 0x01C0 = 44.8 V, SOC 0x1E
 * = 30 %, SOH 0x64 = 100 %, 0x1479 = 52.41 V, 0x0071 = 11.3 °C, 2 modules).
 */
class TraceEngineTest {

    private static final String ECO_WORTHY = "traces/ecoworthy_cubix100_pylon_can_candump.txt";

    @TempDir
    Path dir;

    private final DecoderRegistry decoders = DecoderRegistry.standalone();
    private final TraceEngine engine = new TraceEngine(decoders, ProfileRegistry::new, ProfileFiles.none());

    @Test
    void autoDetectsPylonAndFoldsTheCaptureIntoTheValuesItsAuthorDecoded() throws EngineException {
        TraceInput input = engine.open(TestData.copyTo(ECO_WORTHY, dir));
        ResolvedDecoder decoder = engine.resolve(DecoderRequest.auto(), input);
        assertTrue(decoder.isAuto());
        List<DecodedMessage> messages = new ArrayList<>();
        long[] stateChanges = new long[1];
        PassResult result = engine.pass(input, decoder, PassOptions.DEFAULT, new PassConsumer() {
            @Override
            public void message(DecodedMessage message, long row) {
                messages.add(message);
            }

            @Override
            public boolean wantsState() {
                return true;
            }

            @Override
            public void stateChanged(long row, long timeNs, BatteryState state) {
                stateChanges[0]++;
            }
        });
        assertEquals("pylon-can", result.decoder().protocolId());
        assertEquals(16, result.records());
        assertEquals(List.of("can0"), result.channelsWithMessages());
        assertEquals(result.messages(), messages.size());
        assertTrue(stateChanges[0] > 0);
        BatteryState state = result.decoder().state();
        assertEquals(58.4, state.get(Quantity.CHARGE_VOLTAGE_LIMIT).getAsDouble(), 1e-9);
        assertEquals(200.0, state.get(Quantity.CHARGE_CURRENT_LIMIT).getAsDouble(), 1e-9);
        assertEquals(200.0, state.get(Quantity.DISCHARGE_CURRENT_LIMIT).getAsDouble(), 1e-9);
        assertEquals(44.8, state.get(Quantity.DISCHARGE_VOLTAGE_LIMIT).getAsDouble(), 1e-9);
        assertEquals(30.0, state.get(Quantity.SOC).getAsDouble(), 1e-9);
        assertEquals(100.0, state.get(Quantity.SOH).getAsDouble(), 1e-9);
        assertEquals(52.41, state.get(Quantity.VOLTAGE).getAsDouble(), 1e-9);
        assertEquals(11.3, state.get(Quantity.TEMPERATURE).getAsDouble(), 1e-9);
        assertEquals(2.0, state.get(Quantity.MODULE_COUNT).getAsDouble(), 1e-9);
    }

    @Test
    void aTypoInTheProtocolIsAUsageErrorNamingTheKnownIds() {
        EngineException e = assertThrows(EngineException.class,
                () -> engine.resolve(DecoderRequest.protocol("pylon-cam"), false));
        assertEquals(EngineException.Kind.USAGE, e.kind());
        assertEquals("unknown protocol 'pylon-cam'; known: modbus, pylon-can, pylon-rs485, sma-can, auto",
                e.getMessage());
        EngineException variant = assertThrows(EngineException.class,
                () -> engine.resolve(DecoderRequest.protocol("pylon-can+voltage-1V"), false));
        assertTrue(variant.getMessage().contains("voltage-1V"), variant.getMessage());
    }

    @Test
    void missingFilesAndChannelsAreNamed() throws EngineException {
        EngineException missing = assertThrows(EngineException.class, () -> engine.open(dir.resolve("site.log")));
        assertEquals(dir.resolve("site.log") + ": no such file", missing.getMessage());
        assertEquals(EngineException.Kind.INPUT, missing.kind());
        TraceInput input = engine.open(TestData.copyTo(ECO_WORTHY, dir));
        EngineException channel = assertThrows(EngineException.class, () -> engine.pass(input,
                engine.resolve(DecoderRequest.auto(), input), PassOptions.DEFAULT.withChannel("can7")));
        assertEquals(input.path() + ": no channel can7; it has can0", channel.getMessage());
    }

    /** A user's DBC redefines 0x355 (SOC in 0.5 % steps): its frames follow the DBC, every other the protocol. */
    @Test
    void aUserDbcTakesPrecedenceByIdentifierAndTheRestKeepsTheProtocol() throws Exception {
        Path dbc = TestData.copyTo("dbc/user-soc.dbc", dir);
        TraceInput input = engine.open(TestData.copyTo(ECO_WORTHY, dir));
        ResolvedDecoder decoder = engine.resolve(DecoderRequest.protocol("pylon-can").withDbc(dbc), input);
        assertTrue(decoder.description().startsWith("pylon-can, with user-soc.dbc first for its 1 message"),
                decoder.description());
        List<DecodedMessage> messages = new ArrayList<>();
        PassResult result = engine.pass(input, decoder, PassOptions.DEFAULT, new PassConsumer() {
            @Override
            public void message(DecodedMessage message, long row) {
                messages.add(message);
            }
        });
        // 0x355 byte 0 = 0x1E = 30 raw, x 0.5 = 15 %: the user's DBC; the limits still come from pylon-can
        assertEquals(15.0, result.decoder().state().get(Quantity.SOC).getAsDouble(), 1e-9);
        assertEquals(58.4, result.decoder().state().get(Quantity.CHARGE_VOLTAGE_LIMIT).getAsDouble(), 1e-9);
        assertTrue(messages.stream().anyMatch(m -> m.message().equals("MySoc")), messages.toString());
        assertTrue(messages.stream().noneMatch(m -> m.id().equals("0x355") && !m.message().equals("MySoc")));
    }

    /** A profile whose CAN binding is a DBC in its plugin: the engine reads it through {@link ProfileFiles}. */
    @Test
    void aProfileBindingWithADbcDecodesThroughThePluginsFile() throws Exception {
        String descriptor = """
                <?xml version="1.0" encoding="UTF-8"?>
                <battery xmlns="urn:bmsw:profile:1" id="test.x48" vendor="Test" model="X48">
                  <description>Test battery with its own DBC</description>
                  <source>TraceEngineTest</source>
                  <port id="BMS" label="BMS" connector="rj45">
                    <pin number="4" name="CAN-H" signal="can-h" bus="CAN"/>
                    <pin number="5" name="CAN-L" signal="can-l" bus="CAN"/>
                    <pin number="6" name="CAN-GND" signal="can-gnd" bus="CAN"/>
                  </port>
                  <protocol port="BMS" bus="CAN" layer="can" bitrate-bps="500000" dbc="dbc/x48.dbc" role="sender"/>
                </battery>
                """.strip();
        String dbc = """
                VERSION ""

                NS_ :

                BS_:

                BU_: BMS

                BO_ 883 CellExtremes: 8 BMS
                 SG_ min_cell_mV : 0|16@1+ (1,0) [0|5000] "mV" Vector__XXX
                 SG_ max_cell_mV : 16|16@1+ (1,0) [0|5000] "mV" Vector__XXX

                """;
        Map<String, String> files = Map.of("profiles/x48.xml", descriptor, "dbc/x48.dbc", dbc);
        ProfileRegistry profiles = new ProfileRegistry(decoders);
        assertEquals(List.of(), profiles.add(new ProfileSource(new ProfileOrigin("com.test.x48", "profiles/x48.xml"),
                () -> new ByteArrayInputStream(descriptor.getBytes(StandardCharsets.UTF_8)),
                path -> Optional.ofNullable(files.get(path))
                        .map(text -> () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))));
        TraceEngine withProfile = new TraceEngine(decoders, () -> profiles, (contributor, path) -> {
            assertEquals("com.test.x48", contributor);
            return new ByteArrayInputStream(files.get(path).getBytes(StandardCharsets.UTF_8));
        });
        TraceInput input = withProfile.open(TestData.copyTo(ECO_WORTHY, dir));
        ResolvedDecoder decoder = withProfile.resolve(DecoderRequest.profile("test.x48"), input);
        assertEquals("profile test.x48, binding 1 of 1: DBC dbc/x48.dbc on port BMS bus CAN (CAN, 500000 bit/s)",
                decoder.description());
        PassResult result = withProfile.pass(input, decoder, PassOptions.DEFAULT);
        // 0x373 = CA 0C CF 0C: min 0x0CCA = 3274 mV, max 0x0CCF = 3279 mV
        assertEquals(3274.0, result.decoder().state().get(Quantity.MIN_CELL_VOLTAGE).getAsDouble(), 1e-9);
        assertEquals(3279.0, result.decoder().state().get(Quantity.MAX_CELL_VOLTAGE).getAsDouble(), 1e-9);
        EngineException unknown = assertThrows(EngineException.class,
                () -> withProfile.resolve(DecoderRequest.profile("no.such"), input));
        assertEquals("unknown profile 'no.such'; known: test.x48 (bmsw profiles lists them)", unknown.getMessage());
        EngineException serial = assertThrows(EngineException.class,
                () -> withProfile.resolve(DecoderRequest.profile("test.x48"), true));
        assertTrue(serial.getMessage().startsWith("profile test.x48 has no RS485 or Modbus protocol binding"));
    }

    /** The workbench's path: import into a store, detect from its records, decode rows: the same state. */
    @Test
    void aStoreImportedFromTheTextDecodesToTheSameStateWithTheDetectedProtocol() throws Exception {
        TraceInput input = engine.open(TestData.copyTo(ECO_WORTHY, dir));
        Path storeFile = dir.resolve("eco.bmst");
        assertEquals(16, engine.importToStore(input, storeFile, PassOptions.DEFAULT).frames());
        BatteryState fromText = engine.pass(input, engine.resolve(DecoderRequest.auto(), input), PassOptions.DEFAULT)
                .decoder().state();
        try (TraceStore store = TraceStore.open(storeFile)) {
            ResolvedDecoder decoder = engine.resolve(DecoderRequest.auto(), store);
            assertEquals("pylon-can", decoder.spec());
            org.bmsw.protocol.Decoder running = decoder.newDecoder();
            List<Long> rows = new ArrayList<>();
            long next = engine.passStore(store, 0, store.size(), running, PassOptions.DEFAULT, new PassConsumer() {
                @Override
                public void record(TraceRecord record, long row) {
                    rows.add(row);
                }
            });
            assertEquals(16, next);
            assertEquals(1L, rows.get(0));
            assertEquals(16L, rows.get(15));
            assertEquals(fromText.toCanonicalMap(), running.state().toCanonicalMap());
        }
    }

    /** A live capture's store grows: the pass resumes at a row and stops when cancelled, at a 4096-row step. */
    @Test
    void aStorePassResumesAtARowAndStopsWhenCancelled() throws Exception {
        Path file = dir.resolve("soc.bmst");
        try (TraceStoreWriter writer = TraceStoreWriter.create(file, 0, "", List.of())) {
            for (int i = 0; i < 10_000; i++) { // 0x355 with SOC = i % 100 in bytes 0-1, SOH 100 % in bytes 2-3
                writer.append(TraceRecord.can(i * 1_000_000L, "can0", 0x355, (byte) (i % 100), (byte) 0, (byte) 100,
                        (byte) 0));
            }
        }
        try (TraceStore store = TraceStore.open(file)) {
            org.bmsw.protocol.Decoder decoder = decoders.create("pylon-can");
            List<Long> rows = new ArrayList<>();
            double[] lastSoc = new double[1];
            PassConsumer states = new PassConsumer() {
                @Override
                public boolean wantsState() {
                    return true;
                }

                @Override
                public void stateChanged(long row, long timeNs, BatteryState state) {
                    rows.add(row);
                    lastSoc[0] = state.get(Quantity.SOC).getAsDouble();
                }
            };
            assertEquals(5_000, engine.passStore(store, 100, 5_000, decoder, PassOptions.DEFAULT, states));
            assertEquals(10_000, engine.passStore(store, 5_000, 10_000, decoder, PassOptions.DEFAULT, states));
            assertEquals(9_900, rows.size()); // every 0x355 from index 100 on completes a message
            assertEquals(101L, rows.get(0)); // rows count from 1
            assertEquals(99.0, lastSoc[0], 1e-9); // index 9999: 9999 % 100
            assertEquals(4096, engine.passStore(store, 0, 10_000, decoders.create("pylon-can"),
                    PassOptions.DEFAULT.withCancel(() -> true), states));
        }
    }

    @Test
    void aCancelledImportLeavesNothingBehind() throws Exception {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 70_000; i++) {
            text.append("(").append(1700000000 + i / 1000).append('.').append(String.format("%06d", i % 1000 * 1000))
                    .append(") can0 351#4802D007D007C001\n");
        }
        Files.writeString(log, text);
        TraceInput input = engine.open(log);
        Path storeFile = dir.resolve("big.bmst");
        int[] asked = { 0 };
        assertThrows(CancellationException.class, () -> engine.importToStore(input, storeFile,
                PassOptions.DEFAULT.withCancel(() -> ++asked[0] > 0)));
        assertEquals(1, asked[0], "the read stops at the first check that says cancel, not at the end of the file");
        assertTrue(Files.notExists(storeFile));
        assertTrue(Files.notExists(dir.resolve("big.bmst.part")));
    }
}
