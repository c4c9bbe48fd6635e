package org.bmsw.testdata;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two connected pseudo-terminals made by socat ({@code socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B}):
 * bytes written to one end come out of the other, as on a null-modem cable. The links are created in a
 * directory of the caller's; {@link #close()} (or {@link #kill()}, which is what an unplugged adapter looks like
 * to the ports) ends socat. Needs socat on the PATH (Debian package {@code socat}).
 */
public final class PtyPair implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;

    private final Process socat;
    private final Path endA;
    private final Path endB;
    private final List<AutoCloseable> streams = new ArrayList<>();

    private PtyPair(Process socat, Path endA, Path endB) {
        this.socat = socat;
        this.endA = endA;
        this.endB = endB;
    }

    /**
     * Starts socat with links {@code directory/a} and {@code directory/b} (creating the directory) and waits
     * until both exist.
     */
    public static PtyPair start(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path endA = directory.resolve("a");
        Path endB = directory.resolve("b");
        Process socat;
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + endA,
                    "pty,raw,echo=0,link=" + endB).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("socat.log").toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot start socat, which the pty tests need; is it installed (apt-get install "
                    + "socat)? " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!(Files.exists(endA) && Files.exists(endB))) {
            if (!socat.isAlive()) {
                throw new IOException("socat exited with " + socat.exitValue() + ": "
                        + Files.readString(directory.resolve("socat.log")));
            }
            if (System.nanoTime() > deadline) {
                socat.destroyForcibly();
                throw new IOException("socat made no pty links within " + START_TIMEOUT_MS + " ms");
            }
            sleep(10);
        }
        return new PtyPair(socat, endA, endB);
    }

    /** The end the transport under test opens. */
    public Path endA() {
        return endA;
    }

    /** The end the test (or a simulated peer) uses. */
    public Path endB() {
        return endB;
    }

    /** A stream writing into end B (so the bytes come out of end A). Closed with the pair. */
    public OutputStream outputB() {
        try {
            OutputStream out = Files.newOutputStream(endB);
            streams.add(out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stream reading what was written into end A. Closed with the pair. */
    public InputStream inputB() {
        try {
            InputStream in = Files.newInputStream(endB);
            streams.add(in);
            return in;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends socat at once (SIGKILL), as if the cable were pulled; the ptys report an error to readers. */
    public void kill() {
        socat.destroyForcibly();
        try {
            socat.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        kill();
        for (AutoCloseable stream : streams) {
            try {
                stream.close();
            } catch (Exception e) {
                // the pty is gone already
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
