package org.bmsw.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.internal.serial.SerialTransportProvider;
import org.bmsw.transport.spi.AbstractTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportRegistryTest {

    /** The time the loopback transport's clock always reads, so its events' times are known. */
    static final long LOOPBACK_NOW_NS = 1_700_000_000_123_000_000L;

    /**
     * What a vendor's provider looks like: a scheme of its own, its transport built on the SPI's
     * {@link AbstractTransport} with a clock of its own; registered without OSGi here, as a service in
     * {@code TransportServicesTest}.
     */
    static final class LoopbackProvider implements TransportProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("loop");
        }

        @Override
        public String usage() {
            return "loop:NAME";
        }

        @Override
        public Transport create(URI uri) throws TransportException {
            UriParameters parameters = UriParameters.parse(uri, Set.of());
            return new AbstractTransport(uri.toString(), parameters.target(), () -> LOOPBACK_NOW_NS) {
                @Override
                public void open() {
                    changeState(TransportState.OPEN, "open");
                }

                @Override
                public void close() {
                    changeState(TransportState.CLOSED, "closed");
                }

                @Override
                public void send(TraceRecord record) throws TransportException {
                    requireOpen();
                    recordsSent.incrementAndGet();
                    deliver(new TraceRecord(now(), channel(), record.bus(), record.identifier(), record.flags(),
                            record.payload())); // echo what is sent, stamped on arrival
                }
            };
        }
    }

    @Test
    void builtInProvidersCoverTheDocumentedSchemes() {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        assertEquals(List.of("modbus-rtu", "modbus-tcp", "replay", "serial", "slcan", "socketcan"), List.copyOf(registry.schemes()));
    }

    @Test
    void aVendorProviderRegisteredProgrammaticallyIsFoundAndWorks() throws Exception {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        LoopbackProvider vendor = new LoopbackProvider();
        registry.register(vendor);
        assertSame(vendor, registry.providerFor(new URI("LOOP:x")));
        List<StateEvent> events = new java.util.ArrayList<>();
        Transport transport = registry.create("loop:bench");
        transport.addStateListener(events::add);
        TransportException closed = assertThrows(TransportException.class,
                () -> transport.send(TraceRecord.can(1, "bench", 0x351, (byte) 1)));
        assertEquals("loop:bench: cannot send, transport is closed", closed.getMessage());
        transport.open();
        List<TraceRecord> received = new java.util.ArrayList<>();
        transport.addRecordListener(received::add);
        transport.addRecordListener(record -> {
            throw new IllegalStateException("a broken listener does not stop the others");
        });
        transport.send(TraceRecord.can(1, "bench", 0x351, (byte) 1));
        assertEquals(TransportState.OPEN, transport.state());
        assertEquals("bench", transport.channel());
        assertEquals(List.of(TraceRecord.can(LOOPBACK_NOW_NS, "bench", 0x351, (byte) 1)), received);
        transport.close();
        assertEquals(List.of(new StateEvent("loop:bench", TransportState.OPEN, "open", LOOPBACK_NOW_NS),
                new StateEvent("loop:bench", TransportState.CLOSED, "closed", LOOPBACK_NOW_NS)), events);
        assertEquals(new TransportStatistics(1, 1, 0, 0, 1), transport.statistics());
        registry.unregister(vendor);
        TransportException gone = assertThrows(TransportException.class, () -> registry.create("loop:bench"));
        assertEquals("loop:bench: no transport for scheme loop (known: modbus-rtu, modbus-tcp, replay, serial, slcan, socketcan)",
                gone.getMessage());
    }

    @Test
    void aRegistryHoldsExactlyTheProvidersItIsBuiltWith() throws Exception {
        TransportRegistry registry = TransportRegistry.of(new LoopbackProvider(), new SerialTransportProvider());
        assertEquals(List.of("loop", "serial"), List.copyOf(registry.schemes()));
        assertEquals(EndpointKind.REAL_DEVICE, registry.endpointKind("serial:/dev/ttyUSB0"));
        assertTrue(new TransportRegistry().schemes().isEmpty());
    }

    @Test
    void twoProvidersCannotClaimOneScheme() {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> registry.register(new SerialTransportProvider()));
        assertTrue(e.getMessage().startsWith("scheme serial of "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "slcan:/dev/ttyACM0?bitrate=123 | slcan:/dev/ttyACM0?bitrate=123: bitrate 123 is not one of 10000, 20000, 50000, 100000, 125000, 250000, 500000, 750000, 800000, 1000000",
            "slcan:/dev/ttyACM0 | slcan:/dev/ttyACM0: bitrate missing; add ?bitrate=500000 (or 250000, ... the bus's rate), or ?bitrate=auto to find it by listening",
            "slcan:/dev/ttyACM0?bitrate=500000&bitrate=250000 | slcan:/dev/ttyACM0?bitrate=500000&bitrate=250000: parameter bitrate given twice",
            "serial:/dev/ttyUSB0?baudrate=9600 | serial:/dev/ttyUSB0?baudrate=9600: unknown parameter 'baudrate' (known: baud, dataBits, dtr, parity, pauseMs, rts, stopBits)",
            "serial:/dev/ttyUSB0?baud=fast | serial:/dev/ttyUSB0?baud=fast: baud 'fast' is not a whole number",
            "serial:/dev/ttyUSB0?parity=red | serial:/dev/ttyUSB0?parity=red: parity 'red' is not one of none, odd, even, mark, space",
            "serial:/dev/ttyUSB0?dataBits=9 | serial:/dev/ttyUSB0?dataBits=9: dataBits 9 is not one of 5, 6, 7, 8",
            "modbus-rtu:/dev/ttyUSB1?unit=300 | modbus-rtu:/dev/ttyUSB1?unit=300: unit 300 is out of range 0..247",
            "modbus-tcp:/no-host?unit=1 | modbus-tcp:/no-host?unit=1: no host; write modbus-tcp://HOST:PORT, e.g. modbus-tcp://192.168.1.50:502",
            "can0 | can0: no scheme; use one of modbus-rtu, modbus-tcp, replay, serial, slcan, socketcan, e.g. slcan:/dev/ttyACM0?bitrate=500000",
            "kvaser:can0 | kvaser:can0: no transport for scheme kvaser (known: modbus-rtu, modbus-tcp, replay, serial, slcan, socketcan)",
            "socketcan:/dev/can0 | socketcan:/dev/can0: '/dev/can0' is not a network interface name; use socketcan:can0 (ip link lists the CAN interfaces)",
            "slcan:/dev/tty ACM0 | slcan:/dev/tty ACM0: not a transport URI (Illegal character in path at index 14)",
    })
    void badUrisGiveErrorsNamingTheUriAndTheWayOut(String uri, String message) {
        TransportException e = assertThrows(TransportException.class,
                () -> TransportRegistry.withBuiltInProviders().create(uri));
        assertEquals(message, e.getMessage());
    }

    @Test
    void validUrisCreateClosedTransportsOfTheRightKind() throws Exception {
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        for (String uri : List.of("serial:/dev/ttyUSB0?baud=115200&parity=none", "slcan:/dev/ttyACM0?bitrate=500000",
                "modbus-rtu:/dev/ttyUSB1?baud=9600&unit=1", "modbus-tcp://127.0.0.1:502?unit=1", "serial:COM3?baud=9600")) {
            Transport transport = registry.create(uri);
            assertEquals(TransportState.CLOSED, transport.state(), uri);
            assertEquals(uri, transport.uri());
            transport.close(); // closing a transport never opened is harmless
        }
        assertEquals("ttyACM0", registry.create("slcan:/dev/ttyACM0?bitrate=800000").channel());
        assertEquals("COM3", registry.create("serial:COM3").channel());
        assertInstanceOf(ModbusMaster.class, registry.create("modbus-tcp://127.0.0.1?unit=3"));
        assertEquals(3, ((ModbusMaster) registry.create("modbus-tcp://127.0.0.1?unit=3")).unitId());
        assertEquals("127.0.0.1:502", registry.create("modbus-tcp://127.0.0.1?unit=3").channel());
    }

    @Test
    void uriParametersReadTargetsOfEveryUriShape() throws Exception {
        UriParameters serial = UriParameters.parse(new URI("serial:/dev/ttyUSB0?baud=115200&parity=even"),
                Set.of("baud", "parity"));
        assertEquals("/dev/ttyUSB0", serial.target());
        assertEquals("serial:/dev/ttyUSB0", serial.label());
        assertEquals(115200, serial.integer("baud", 9600, 50, 1_000_000));
        assertEquals("even", serial.choice("parity", "none", "none", "even", "odd"));
        UriParameters windows = UriParameters.parse(new URI("serial:COM3?baud=9600"), Set.of("baud"));
        assertEquals("COM3", windows.target());
        assertEquals("serial:COM3", windows.label());
        UriParameters tcp = UriParameters.parse(new URI("modbus-tcp://10.0.0.5:1502?unit=7"), Set.of("unit"));
        assertEquals("10.0.0.5:1502", tcp.target());
        assertEquals("modbus-tcp://10.0.0.5:1502", tcp.label());
        assertEquals(7, tcp.integer("unit", 1, 0, 255));
        UriParameters flags = UriParameters.parse(new URI("slcan:/dev/x?timestamps=on&listenOnly=no"),
                Set.of("timestamps", "listenOnly"));
        assertTrue(flags.bool("timestamps", false));
        assertEquals(false, flags.bool("listenOnly", true));
    }
}
