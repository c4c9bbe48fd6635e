package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.testdata.FakeSlcanAdapter;
import org.bmsw.testdata.PtyPair;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bmsw send} and {@code bmsw play} against an SLCAN adapter played on end B of a socat pty pair: the exact
 * {@code t}/{@code T}/{@code r} lines it receives, their order and spacing, normal mode ({@code O}), bytes on a
 * serial pty with {@code --hex}, and the refusal of a real-looking port without {@code --transmit-to} (nothing
 * reaches the adapter then, not even a command).
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SendPlayCommandTest extends CommandLineTest {

    @TempDir
    Path directory;


    /** The time between the adapter's receiving frames {@code from} and {@code to}. */
    private static long millisBetween(FakeSlcanAdapter adapter, int from, int to) {
        List<Long> nanos = adapter.transmittedFrameNanos();
        return (nanos.get(to) - nanos.get(from)) / 1_000_000;
    }

    @Test
    void sendPutsTheFrameOnTheBusEveryPeriodInNormalMode() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            String to = "slcan:" + pty.endA() + "?bitrate=500000";
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "351#1402C012C012C201", "--period", "100", "--count",
                    "3"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35181402C012C012C201", "t35181402C012C012C201"),
                    adapter.transmittedFrames(3));
            assertEquals(List.of("C", "S6", "O"), adapter.commands().subList(0, 3), "normal mode, not listen-only");
            long gapMs = millisBetween(adapter, 0, 2);
            assertTrue(gapMs >= 180, "two periods of 100 ms: " + gapMs);
            assertEquals("bmsw send: sent 351#1402C012C012C201 3 times to " + to + "&listenOnly=false\n", err());

            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "1234ABCD#DEAD"), err());
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "305#R"), err());
            assertEquals(List.of("T1234ABCD2DEAD", "r3050"), adapter.transmittedFrames(5).subList(3, 5));
            assertTrue(err().startsWith("bmsw send: sent 305#R once to "), err());
        }
    }

    @Test
    void playSendsTheTracesFramesInOrderWithTheirTimingScaledBySpeed() throws Exception {
        Path trace = directory.resolve("site.txt");
        Files.writeString(trace, """
                (1000.000000) can0 351#1402C012C012C201
                (1000.100000) can0 356#1014E8FF0A01
                (1000.200000) can1 355#5000640000
                (1000.600000) can0 355#5100640000
                (1000.700000) can0 18FF50E5#0102
                """);
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty)) {
            String to = "slcan:" + pty.endA() + "?bitrate=500000";
            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--speed", "2", "--ids",
                    "351,0x355,18ff50e5", "--channel", "can0"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35555100640000", "T18FF50E520102"),
                    adapter.transmittedFrames(3));
            // each frame at its own time after the first (a late frame does not push the later ones back)
            long secondAtMs = millisBetween(adapter, 0, 1);
            long thirdAtMs = millisBetween(adapter, 0, 2);
            assertTrue(secondAtMs >= 270 && thirdAtMs >= 320 && thirdAtMs < 3_000,
                    "600 ms then 700 ms of trace at speed 2, after the first frame: " + secondAtMs + ", " + thirdAtMs);
            assertTrue(err().startsWith("bmsw play: played 3 frames of " + trace + " to " + to
                    + "&listenOnly=false in "), err());
            assertTrue(err().contains("; skipped: 2 left out by --ids/--channel"), err());

            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--speed", "max"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35661014E8FF0A01", "t35555000640000", "t35555100640000",
                    "T18FF50E520102"), adapter.transmittedFrames(8).subList(3, 8),
                    "every frame, both channels, at max speed");
        }
    }

    @Test
    void hexBytesGoToASerialPort() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            InputStream bytes = pty.inputB();
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", "serial:" + pty.endA() + "?baud=9600", "--hex",
                    "7E 32 30 0D"), err());
            assertArrayEquals(new byte[] { 0x7E, 0x32, 0x30, 0x0D }, bytes.readNBytes(4));
            assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", "serial:" + pty.endA(), "351#11"));
            assertTrue(err().startsWith("bmsw send: serial:" + pty.endA() + " is a serial port: give the bytes with "
                    + "--hex BYTES, not a CAN frame"), err());
        }
    }

    /** The gate per call site: remove the interlock from send or play and the adapter sees commands and frames. */
    @Test
    void aRealLookingPortIsRefusedWithoutTransmitToAndNothingReachesIt() throws Exception {
        Path trace = directory.resolve("one.txt");
        Files.writeString(trace, "(1.000000) can0 351#1402C012C012C201\n");
        try (PtyPair pty = PtyPair.start(directory.resolve("pty"));
                FakeSlcanAdapter adapter = new FakeSlcanAdapter(pty);
                AutoCloseable real = TransmitInterlock.overrideEndpointKindForTests(
                        uri -> uri.startsWith("slcan:" + pty.endA()) ? EndpointKind.REAL_DEVICE : null)) {
            String to = "slcan:" + pty.endA() + "?bitrate=500000";
            assertEquals(Bmsw.EXIT_FAILED, run("send", "--to", to, "351#11"));
            assertTrue(err().startsWith("bmsw send: refused: sending frames would transmit on " + pty.endA() + " ("
                    + to + "&listenOnly=false), which may reach real equipment"), err());
            assertTrue(err().contains("--transmit-to " + pty.endA() + " on the command line"), err());
            assertEquals(Bmsw.EXIT_FAILED, run("play", trace.toString(), "--to", to));
            assertTrue(err().startsWith("bmsw play: refused: playing a trace would transmit on " + pty.endA()), err());
            Thread.sleep(300);
            assertEquals(List.of(), adapter.commands(), "the port was not even opened");
            assertEquals(List.of(), adapter.transmittedFrames(0));

            assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", to, "--transmit-to", "/dev/ttyACM9", "351#11"));
            assertTrue(err().startsWith("bmsw send: --transmit-to /dev/ttyACM9 does not name the port of --to, "
                    + pty.endA()), err());

            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "--transmit-to", pty.endA().toString(), "351#11"),
                    err());
            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--transmit-to",
                    pty.endA().getFileName().toString()), err());
            assertEquals(List.of("t351111", "t35181402C012C012C201"), adapter.transmittedFrames(2));
            assertFalse(TransmitInterlock.isAcknowledged(pty.endA().toString()), "withdrawn when the command ends");
        }
    }

    @Test
    void usageErrorsNameTheOption() {
        assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", "slcan:/dev/ttyACM9", "35#11"));
        assertTrue(err().startsWith("bmsw send: \"35#11\": the identifier takes 3 hex digits (11-bit) or 8 (29-bit), "
                + "not 2"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", "slcan:/dev/ttyACM9"));
        assertTrue(err().startsWith("bmsw send: give a frame ID#DATA (CAN) or --hex BYTES"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", "slcan:/dev/ttyACM9", "351#11", "--period", "0"));
        assertTrue(err().startsWith("bmsw send: --period takes milliseconds above 0, not 0"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("send", "351#11"));
        assertTrue(err().startsWith("bmsw send: Missing required option: '--to=URI'"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("play", "x.txt", "--to", "slcan:/dev/ttyACM9", "--speed", "fast"));
        assertTrue(err().startsWith("bmsw play: --speed takes a factor above 0 (1 as recorded, 10 ten times as fast) "
                + "or max, not 'fast'"), err());
        assertEquals(Bmsw.EXIT_USAGE, run("play", "x.txt", "--to", "slcan:/dev/ttyACM9", "--ids", "351,xyz"));
        assertTrue(err().startsWith("bmsw play: --ids takes hex CAN identifiers separated by commas (351,355 or "
                + "0x351), not 'xyz'"), err());
        assertEquals(Bmsw.EXIT_FAILED, run("play", directory.resolve("none.txt").toString(), "--to",
                "slcan:/dev/ttyACM9"));
        assertEquals("bmsw play: " + directory.resolve("none.txt") + ": no such file\n", err());
    }
}
