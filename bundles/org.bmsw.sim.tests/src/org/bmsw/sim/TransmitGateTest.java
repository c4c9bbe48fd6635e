package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.rs485.PylonRs485;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulators ask the transmit interlock themselves, whatever the transport does: each test drives one
 * simulator path over a transport that would send anything (a stand-in for a vendor's transport with no gate of its
 * own) on a real-looking port, and fails if that path transmits without the port acknowledged by name.
 */
@Timeout(60)
class TransmitGateTest {

    private static final String PORT = "/dev/ttyUSB9";

    @TempDir
    Path directory;

    /** A transport on a real port that sends whatever it is given, with no check of its own. */
    private static final class UngatedTransport extends AbstractTransport {
        final List<TraceRecord> sent = new CopyOnWriteArrayList<>();

        UngatedTransport(String uri) {
            super(uri, "ttyUSB9");
        }

        @Override
        public void open() {
            changeState(TransportState.OPEN, uri() + ": open");
        }

        @Override
        public void close() {
            changeState(TransportState.CLOSED, uri() + ": closed");
        }

        @Override
        public void send(TraceRecord record) {
            sent.add(record);
        }

        void receive(TraceRecord record) {
            deliver(record);
        }
    }

    private static UngatedTransport realPort(String scheme) {
        UngatedTransport transport = new UngatedTransport(scheme + ":" + PORT);
        transport.open();
        assertEquals(EndpointKind.REAL_DEVICE, transport.endpointKind());
        return transport;
    }

    private static void assertRefusal(TransmitRefusedException refused, String action) {
        assertEquals(PORT, refused.port());
        assertTrue(refused.getMessage().startsWith("refused: " + action + " would transmit on " + PORT),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--transmit-to " + PORT), refused.getMessage());
    }

    @Test
    void aSimulatedCanBatterySendsNothingToARealPortUntilItIsAcknowledged() throws Exception {
        UngatedTransport port = realPort("slcan");
        try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, port, Scenario.constant(), new ManualClock())) {
            assertRefusal(assertThrows(TransmitRefusedException.class, battery::tick), "a simulated battery");
            assertEquals(List.of(), port.sent);
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(PORT)) {
                battery.tick();
            }
            assertEquals(6, port.sent.size(), "one Pylon cycle once acknowledged");
        }
    }

    @Test
    void aSimulatedRs485BatteryDoesNotAnswerOnARealPortUntilItIsAcknowledged() throws Exception {
        UngatedTransport port = realPort("serial");
        TraceRecord poll = TraceRecord.serial(0, "ttyUSB9", false, PylonRs485.frame(InverterSimulator.VER, 2,
                PylonRs485.CID1_BATTERY, PylonRs485.ANALOG_VALUES, new byte[] { 2 }).getBytes(StandardCharsets.US_ASCII));
        try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_RS485, port, Scenario.constant(),
                new ManualClock())) {
            port.receive(poll); // answered on the reader thread: the refusal comes out of the next tick
            assertRefusal(assertThrows(TransmitRefusedException.class, battery::tick), "a simulated battery");
            assertEquals(List.of(), port.sent);
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(PORT)) {
                port.receive(poll);
            }
            assertEquals(1, port.sent.size(), "the answer once acknowledged");
        }
    }

    @Test
    void aSimulatedCanInverterSendsNoKeepAliveToARealPortUntilItIsAcknowledged() throws Exception {
        UngatedTransport port = realPort("slcan");
        try (InverterSimulator inverter = new InverterSimulator(SimProtocol.PYLON_CAN, port, new ManualClock())) {
            assertRefusal(assertThrows(TransmitRefusedException.class, inverter::tick), "a simulated inverter");
            assertEquals(List.of(), port.sent);
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge("ttyUSB9")) {
                inverter.tick();
            }
            assertEquals(0x305, port.sent.get(0).identifier());
        }
    }

    @Test
    void aSimulatedRs485InverterDoesNotPollARealPortUntilItIsAcknowledged() throws Exception {
        UngatedTransport port = realPort("serial");
        try (InverterSimulator inverter = new InverterSimulator(SimProtocol.PYLON_RS485, port, new ManualClock())
                .responseTimeout(Duration.ofMillis(10))) {
            assertRefusal(assertThrows(TransmitRefusedException.class, inverter::poll), "a simulated inverter");
            assertEquals(List.of(), port.sent);
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(PORT)) {
                inverter.poll();
            }
            assertEquals(3, port.sent.size(), "0x42, 0x44 and 0x92 once acknowledged");
        }
    }

    /** With real parts: the simulated adapter on a pty made to look like a USB adapter by the test hook. */
    @Test
    void aSimulatedBatteryBehindTheSlcanAdapterSchemeIsRefusedOnARealLookingPty() throws Exception {
        TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());
        try (PtyPair pty = PtyPair.start(directory);
                Transport adapter = registry.create("slcan-adapter:" + pty.endB());
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                        uri -> uri.contains(pty.endB().toString()) ? EndpointKind.REAL_DEVICE : null)) {
            adapter.open();
            UnsafeTargetException early = assertThrows(UnsafeTargetException.class,
                    () -> SimTransports.checkBatteryTarget(registry, adapter.uri(), false));
            assertEquals(pty.endB().toString(), early.port());
            try (BmsSimulator battery = new BmsSimulator(SimProtocol.PYLON_CAN, adapter, Scenario.constant(),
                    new ManualClock())) {
                TransmitRefusedException refused = assertThrows(TransmitRefusedException.class, battery::tick);
                assertEquals(pty.endB().toString(), refused.port());
                assertEquals(0, battery.status().framesSent());
            }
        }
    }
}
