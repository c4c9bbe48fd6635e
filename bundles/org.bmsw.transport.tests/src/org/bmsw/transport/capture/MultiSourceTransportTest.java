package org.bmsw.transport.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.testing.Collector;
import org.junit.jupiter.api.Test;

/** Several sources as one transport: a channel each, their own timestamps, one state for the capture. */
class MultiSourceTransportTest {

    /** A source the test drives by hand. */
    private static final class Source extends AbstractTransport {
        int opens;
        boolean failOpen;
        final EndpointKind kind;

        Source(String uri, String channel, EndpointKind kind) {
            super(uri, channel);
            this.kind = kind;
        }

        @Override
        public void open() throws TransportException {
            requireOpenable();
            if (failOpen) {
                throw new TransportException(uri() + ": no such port");
            }
            opens++;
            changeState(TransportState.OPEN, "opened");
        }

        @Override
        public void close() {
            changeState(TransportState.CLOSED, "closed");
        }

        @Override
        public void send(TraceRecord record) {
        }

        @Override
        public EndpointKind endpointKind() {
            return kind;
        }

        void receive(TraceRecord record) {
            deliver(record);
        }

        void lose() {
            changeState(TransportState.LOST, "unplugged");
        }
    }

    @Test
    void eachSourceKeepsAChannelOfItsOwnAndItsTimestamps() throws Exception {
        Source can = new Source("slcan:/dev/ttyACM0", "ttyACM0", EndpointKind.REAL_DEVICE);
        Source modbus = new Source("modbus-tcp://127.0.0.1:502", "127.0.0.1:502", EndpointKind.LOOPBACK);
        Source twin = new Source("slcan:/dev/other/ttyACM0", "ttyACM0", EndpointKind.PSEUDO_TERMINAL);
        try (MultiSourceTransport all = new MultiSourceTransport(List.of(can, modbus, twin))) {
            assertEquals(List.of("ttyACM0", "127.0.0.1:502", "ttyACM0#2"), all.channels());
            Collector collector = new Collector();
            all.addRecordListener(collector);
            all.open();
            assertEquals(TransportState.OPEN, all.state());
            can.receive(TraceRecord.can(1_000, "ttyACM0", 0x351, new byte[] { 1, 2 }));
            modbus.receive(TraceRecord.serial(2_000, "127.0.0.1:502", false, (byte) 1, (byte) 3));
            twin.receive(TraceRecord.can(3_000, "ttyACM0", 0x356, new byte[] { 3 }));
            List<TraceRecord> records = collector.records();
            assertEquals(List.of("ttyACM0", "127.0.0.1:502", "ttyACM0#2"), records.stream().map(TraceRecord::channel)
                    .toList());
            assertEquals(List.of(1_000L, 2_000L, 3_000L), records.stream().map(TraceRecord::timestampNs).toList());
            assertEquals(BusKind.SERIAL, records.get(1).bus());
            assertEquals(0x356, records.get(2).identifier());
            assertEquals(3, all.statistics().recordsReceived());
            assertEquals(EndpointKind.REAL_DEVICE, all.endpointKind(), "the most real of the sources");
            assertThrows(TransportException.class, () -> all.send(records.get(0)));
        }
        assertEquals(TransportState.CLOSED, can.state());
        assertEquals(TransportState.CLOSED, modbus.state());
    }

    @Test
    void oneSourceAwayIsLostAndTheReopenOpensOnlyThatOne() throws Exception {
        Source can = new Source("slcan:/dev/ttyACM0", "ttyACM0", EndpointKind.PSEUDO_TERMINAL);
        Source modbus = new Source("modbus-tcp://127.0.0.1:502", "127.0.0.1:502", EndpointKind.LOOPBACK);
        try (MultiSourceTransport all = new MultiSourceTransport(List.of(can, modbus))) {
            Collector events = new Collector();
            all.addStateListener(events);
            all.open();
            modbus.lose();
            assertEquals(TransportState.LOST, all.state());
            assertTrue(events.events().get(events.events().size() - 1).reason()
                    .startsWith("modbus-tcp://127.0.0.1:502: unplugged"), events.events().toString());
            all.open(); // what the capture does every second while lost
            assertEquals(TransportState.OPEN, all.state());
            assertEquals(1, can.opens, "the source still open is left alone");
            assertEquals(2, modbus.opens);
        }
    }

    @Test
    void aSourceThatCannotBeOpenedAtFirstClosesTheOthersAndIsNamed() {
        Source can = new Source("slcan:/dev/ttyACM0", "ttyACM0", EndpointKind.PSEUDO_TERMINAL);
        Source modbus = new Source("modbus-tcp://127.0.0.1:502", "127.0.0.1:502", EndpointKind.LOOPBACK);
        modbus.failOpen = true;
        MultiSourceTransport all = new MultiSourceTransport(List.of(can, modbus));
        TransportException e = assertThrows(TransportException.class, all::open);
        assertEquals("modbus-tcp://127.0.0.1:502: no such port", e.getMessage());
        assertEquals(TransportState.CLOSED, can.state());
        assertThrows(IllegalArgumentException.class, () -> new MultiSourceTransport(List.of(can)));
    }
}
