package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --transmit-to PORT}, the command line's acknowledgement for the transmit interlock: a simulator or an
 * SLCAN adapter in normal mode on a port that may reach real equipment is refused naming the port, and goes ahead
 * when the option names that port; {@code capture} says how the adapter was opened.
 */
@Timeout(90)
class TransmitOptionsTest extends CommandLineTest {

    @TempDir
    Path directory;


    @Test
    void aSimulatedBatteryOrInverterOnARealPortIsRefusedNamingThePortAndTheOption() {
        assertEquals(Bmsw.EXIT_FAILED, run("simulate", "bms", "--protocol", "pylon-can", "--source",
                "serial:/dev/ttyUSB7?baud=9600", "--duration", "1"));
        assertTrue(err().startsWith("bmsw simulate: refused: a simulated battery would transmit on /dev/ttyUSB7 "
                + "(serial:/dev/ttyUSB7?baud=9600), which may reach real equipment"), err());
        assertTrue(err().contains("--transmit-to /dev/ttyUSB7 on the command line"), err());
        assertTrue(err().contains("disconnect the loads and the real battery first"), err());
        assertEquals(Bmsw.EXIT_FAILED, run("simulate", "inverter", "--protocol", "pylon-can", "--source",
                "slcan:/dev/ttyACM7?bitrate=500000&listenOnly=false", "--duration", "1"));
        assertTrue(err().startsWith("bmsw simulate: refused: a simulated inverter would transmit on /dev/ttyACM7"),
                err());
    }

    @Test
    void transmitToMustNameTheSourcesPort() {
        assertEquals(Bmsw.EXIT_USAGE, run("simulate", "bms", "--protocol", "pylon-can", "--source",
                "serial:/dev/ttyUSB7", "--transmit-to", "/dev/ttyUSB8", "--duration", "1"));
        assertTrue(err().startsWith("bmsw simulate: --transmit-to /dev/ttyUSB8 does not name the source's port "
                + "/dev/ttyUSB7; to transmit there give --transmit-to /dev/ttyUSB7"), err());
        // named (by path or by name), the interlock lets it through: what stops it now is the missing device
        assertEquals(Bmsw.EXIT_FAILED, run("simulate", "bms", "--protocol", "pylon-can", "--source",
                "serial:/dev/ttyUSB7", "--transmit-to", "ttyUSB7", "--duration", "1"));
        assertTrue(err().startsWith("bmsw simulate: serial:/dev/ttyUSB7: "), err());
        assertTrue(!err().contains("refused"), err());
        assertTrue(!TransmitInterlock.isAcknowledged("/dev/ttyUSB7"), "withdrawn when the command ends");
    }

    @Test
    void theOldAcknowledgementStillWorksWithANote() {
        assertEquals(Bmsw.EXIT_FAILED, run("simulate", "bms", "--protocol", "pylon-can", "--source",
                "serial:/dev/ttyUSB7", SimulateCommand.ACKNOWLEDGE, "--duration", "1"));
        assertTrue(err().startsWith("bmsw simulate: --i-have-disconnected-loads is deprecated; use --transmit-to "
                + "/dev/ttyUSB7, which names the port"), err());
        assertTrue(!err().contains("refused"), err());
    }

    /** The adapter on a pty made to look real: normal mode needs --transmit-to, listen-only needs nothing. */
    @Test
    void captureInNormalModeOnARealPortNeedsTransmitToAndSaysWhichModeItOpened() throws Exception {
        TransportRegistry registry = TransportRegistry.getDefault();
        try (PtyPair pty = PtyPair.start(directory);
                Transport adapter = registry.create("slcan-adapter:" + pty.endB());
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                        uri -> uri.startsWith("slcan:" + pty.endA()) ? EndpointKind.REAL_DEVICE : null)) {
            adapter.open();
            String normal = "slcan:" + pty.endA() + "?bitrate=500000&listenOnly=false";
            assertEquals(Bmsw.EXIT_FAILED, run("capture", "--source", normal, "--out",
                    directory.resolve("refused.bmst").toString(), "--duration", "1", "--protocol", "pylon-can"));
            assertTrue(err().startsWith("bmsw capture: refused: opening the adapter in normal mode (listenOnly=false, "
                    + "it ACKs every frame on the bus) would transmit on " + pty.endA()), err());
            assertTrue(err().contains("--transmit-to " + pty.endA()), err());
            assertTrue(java.nio.file.Files.notExists(directory.resolve("refused.bmst")), "a refusal leaves no file");

            assertEquals(Bmsw.EXIT_OK, run("capture", "--source", normal, "--transmit-to", pty.endA().toString(),
                    "--out", directory.resolve("normal.bmst").toString(), "--duration", "1", "--protocol", "pylon-can"),
                    err());
            assertTrue(err().contains("(slcan:" + pty.endA() + ": open at 500000 bit/s, normal mode (transmits ACKs))"),
                    err());

            CompletableFuture<Integer> listening = CompletableFuture.supplyAsync(() -> run("capture", "--source",
                    "slcan:" + pty.endA() + "?bitrate=500000", "--out", directory.resolve("passive.bmst").toString(),
                    "--duration", "1", "--protocol", "pylon-can"));
            assertEquals(Bmsw.EXIT_OK, listening.get(60, TimeUnit.SECONDS), err());
            assertTrue(err().contains("(slcan:" + pty.endA() + ": open at 500000 bit/s, listen-only)"), err());
        }
    }
}
