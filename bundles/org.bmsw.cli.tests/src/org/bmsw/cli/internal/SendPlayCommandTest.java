package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
@Timeout(90)
class SendPlayCommandTest {

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Bmsw("0.1.0").execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A LAWICEL adapter's side of the link: CR to commands, z/Z to frames, every line kept with its arrival time. */
    private static final class Adapter implements AutoCloseable {
        final List<String> commands = new ArrayList<>();
        final List<String> frames = new ArrayList<>();
        final List<Long> frameNs = new ArrayList<>();
        private final Thread thread;

        Adapter(PtyPair pty) {
            InputStream in = pty.inputB();
            OutputStream reply = pty.outputB();
            thread = new Thread(() -> {
                StringBuilder line = new StringBuilder();
                try {
                    int b;
                    while ((b = in.read()) >= 0) {
                        if (b != '\r') {
                            line.append((char) b);
                            continue;
                        }
                        String text = line.toString();
                        line.setLength(0);
                        boolean frame = !text.isEmpty() && "tTrR".indexOf(text.charAt(0)) >= 0;
                        synchronized (this) {
                            if (frame) {
                                frames.add(text);
                                frameNs.add(System.nanoTime());
                            } else {
                                commands.add(text);
                            }
                            notifyAll();
                        }
                        reply.write((frame ? (Character.isUpperCase(text.charAt(0)) ? "Z\r" : "z\r") : "\r")
                                .getBytes(StandardCharsets.US_ASCII));
                        reply.flush();
                    }
                } catch (IOException e) {
                    // the pair was closed
                }
            }, "test SLCAN adapter");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized List<String> frames(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (frames.size() < count && System.currentTimeMillis() < deadline) {
                wait(50);
            }
            return new ArrayList<>(frames);
        }

        synchronized List<String> commands() {
            return new ArrayList<>(commands);
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    @Test
    void sendPutsTheFrameOnTheBusEveryPeriodInNormalMode() throws Exception {
        try (PtyPair pty = PtyPair.start(directory); Adapter adapter = new Adapter(pty)) {
            String to = "slcan:" + pty.endA() + "?bitrate=500000";
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "351#1402C012C012C201", "--period", "100", "--count",
                    "3"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35181402C012C012C201", "t35181402C012C012C201"),
                    adapter.frames(3));
            assertEquals(List.of("C", "S6", "O"), adapter.commands().subList(0, 3), "normal mode, not listen-only");
            long gapMs = (adapter.frameNs.get(2) - adapter.frameNs.get(0)) / 1_000_000;
            assertTrue(gapMs >= 180, "two periods of 100 ms: " + gapMs);
            assertEquals("bmsw send: sent 351#1402C012C012C201 3 times to " + to + "&listenOnly=false\n", err());

            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "1234ABCD#DEAD"), err());
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "305#R"), err());
            assertEquals(List.of("T1234ABCD2DEAD", "r3050"), adapter.frames(5).subList(3, 5));
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
        try (PtyPair pty = PtyPair.start(directory.resolve("pty")); Adapter adapter = new Adapter(pty)) {
            String to = "slcan:" + pty.endA() + "?bitrate=500000";
            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--speed", "2", "--ids",
                    "351,0x355,18ff50e5", "--channel", "can0"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35555100640000", "T18FF50E520102"), adapter.frames(3));
            long firstToSecondMs = (adapter.frameNs.get(1) - adapter.frameNs.get(0)) / 1_000_000;
            long secondToThirdMs = (adapter.frameNs.get(2) - adapter.frameNs.get(1)) / 1_000_000;
            assertTrue(firstToSecondMs >= 270 && secondToThirdMs >= 30 && secondToThirdMs < firstToSecondMs,
                    "600 ms then 100 ms of trace at speed 2: " + firstToSecondMs + ", " + secondToThirdMs);
            assertTrue(err().startsWith("bmsw play: played 3 frames of " + trace + " to " + to
                    + "&listenOnly=false in "), err());
            assertTrue(err().contains("; skipped: 2 left out by --ids/--channel"), err());

            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--speed", "max"), err());
            assertEquals(List.of("t35181402C012C012C201", "t35661014E8FF0A01", "t35555000640000", "t35555100640000",
                    "T18FF50E520102"), adapter.frames(8).subList(3, 8), "every frame, both channels, at max speed");
        }
    }

    @Test
    void hexBytesGoToASerialPort() throws Exception {
        try (PtyPair pty = PtyPair.start(directory)) {
            InputStream bytes = pty.inputB();
            assertEquals(Bmsw.EXIT_OK, run("send", "--to", "serial:" + pty.endA() + "?baud=9600", "--hex",
                    "7E 32 30 0D"), err());
            byte[] received = new byte[4];
            int n = 0;
            while (n < 4) {
                n += bytes.read(received, n, 4 - n);
            }
            assertArrayEquals(new byte[] { 0x7E, 0x32, 0x30, 0x0D }, received);
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
        try (PtyPair pty = PtyPair.start(directory.resolve("pty")); Adapter adapter = new Adapter(pty);
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
            assertEquals(List.of(), adapter.frames(0));

            assertEquals(Bmsw.EXIT_USAGE, run("send", "--to", to, "--transmit-to", "/dev/ttyACM9", "351#11"));
            assertTrue(err().startsWith("bmsw send: --transmit-to /dev/ttyACM9 does not name the port of --to, "
                    + pty.endA()), err());

            assertEquals(Bmsw.EXIT_OK, run("send", "--to", to, "--transmit-to", pty.endA().toString(), "351#11"),
                    err());
            assertEquals(Bmsw.EXIT_OK, run("play", trace.toString(), "--to", to, "--transmit-to",
                    pty.endA().getFileName().toString()), err());
            assertEquals(List.of("t351111", "t35181402C012C012C201"), adapter.frames(2));
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
