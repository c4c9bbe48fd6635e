package org.bmsw.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulated battery refuses real ports unless the port is acknowledged by name; ptys need nothing. */
class SafetyTest {

    @TempDir
    Path directory;

    private final TransportRegistry registry = SimTransports.addTo(TransportRegistry.withBuiltInProviders());

    @Test
    void aRealPortIsRefusedWithTheReasonAndAcceptedWithTheAcknowledgement() throws Exception {
        for (String uri : new String[] { "serial:/dev/ttyS0", "slcan:/dev/ttyS0?bitrate=500000",
                "slcan-adapter:/dev/ttyUSB0" }) {
            UnsafeTargetException refusal = assertThrows(UnsafeTargetException.class,
                    () -> SimTransports.checkBatteryTarget(registry, uri, false));
            assertTrue(refusal.getMessage().startsWith(uri + " may reach real equipment"), refusal.getMessage());
            assertTrue(refusal.getMessage().contains("can make a real inverter charge or discharge"));
            String port = TransmitInterlock.portOf(uri);
            assertEquals(port, refusal.port());
            assertTrue(refusal.getMessage().endsWith("acknowledge the port by name: --transmit-to " + port
                    + " on the command line, or the checklist naming " + port + " in the window"), refusal.getMessage());
            try (TransmitInterlock.Acknowledgement acknowledged = TransmitInterlock.acknowledge(port)) {
                assertEquals(EndpointKind.REAL_DEVICE, SimTransports.checkBatteryTarget(registry, uri, false));
            }
            assertEquals(EndpointKind.REAL_DEVICE, SimTransports.checkBatteryTarget(registry, uri, true));
        }
    }

    @Test
    void ptyEndsAndLoopbackNeedNoAcknowledgement() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            assertEquals(EndpointKind.PSEUDO_TERMINAL,
                    SimTransports.checkBatteryTarget(registry, "slcan-adapter:" + pty.endB(), false));
            assertEquals(EndpointKind.PSEUDO_TERMINAL,
                    SimTransports.checkBatteryTarget(registry, "serial:" + pty.endA(), false));
        }
        assertEquals(EndpointKind.LOOPBACK,
                SimTransports.checkBatteryTarget(registry, "modbus-tcp://127.0.0.1:5020?unit=1", false));
    }
}
