package org.bmsw.transport.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bmsw.testdata.PtyPair;

/**
 * The adapter side of an SLCAN link, on end B of a {@link PtyPair}: answers commands as a LAWICEL adapter does
 * (CR for OK, BEL for the commands told to fail, {@code z}/{@code Z} after a transmitted frame) and writes
 * whatever frames the test gives it. Real bytes through a real pty; only the CAN side is missing.
 */
public final class FakeSlcanAdapter implements AutoCloseable {

    private final InputStream fromTransport;
    private final OutputStream toTransport;
    private final Thread thread;
    private final List<String> commands = new ArrayList<>();
    private final List<String> transmittedFrames = new ArrayList<>();
    private final Set<String> failingCommands = new HashSet<>();
    private volatile boolean silent;

    public FakeSlcanAdapter(PtyPair pty) {
        this.fromTransport = new java.io.BufferedInputStream(pty.inputB());
        this.toTransport = pty.outputB();
        this.thread = new Thread(this::serve, "fake SLCAN adapter on " + pty.endB());
        thread.setDaemon(true);
        thread.start();
    }

    /** Answer BEL to {@code command} (e.g. {@code "S6"}). */
    public FakeSlcanAdapter failing(String command) {
        synchronized (failingCommands) {
            failingCommands.add(command);
        }
        return this;
    }

    /** Answer nothing at all, like a port with no adapter behind it. */
    public FakeSlcanAdapter silent() {
        silent = true;
        return this;
    }

    /** The commands received (lines that are not frames), without CR. */
    public synchronized List<String> commands() {
        return new ArrayList<>(commands);
    }

    /** The frame lines received, without CR. */
    public synchronized List<String> transmittedFrames() {
        return new ArrayList<>(transmittedFrames);
    }

    /** Writes {@code text} to the transport as is (frames, garbage, replies). */
    public void write(String text) throws IOException {
        synchronized (toTransport) {
            toTransport.write(text.getBytes(StandardCharsets.ISO_8859_1));
            toTransport.flush();
        }
    }

    private void serve() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = fromTransport.read()) >= 0) {
                if (b != '\r') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1);
                line.reset();
                boolean frame = !text.isEmpty() && "tTrRdDbB".indexOf(text.charAt(0)) >= 0;
                synchronized (this) {
                    (frame ? transmittedFrames : commands).add(text);
                    notifyAll();
                }
                if (silent) {
                    continue;
                }
                boolean fails;
                synchronized (failingCommands) {
                    fails = failingCommands.contains(text);
                }
                write(fails ? "\u0007" : frame ? (Character.isUpperCase(text.charAt(0)) ? "Z\r" : "z\r") : "\r");
            }
        } catch (IOException e) {
            // the pty went away: the test killed socat or closed the pair
        }
    }

    /** Waits until {@code count} frames were transmitted to the adapter. */
    public synchronized void awaitTransmittedFrames(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (transmittedFrames.size() < count && System.currentTimeMillis() < deadline) {
            wait(50);
        }
    }

    /** Waits until {@code count} commands arrived. */
    public synchronized void awaitCommands(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (commands.size() < count && System.currentTimeMillis() < deadline) {
            wait(50);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
