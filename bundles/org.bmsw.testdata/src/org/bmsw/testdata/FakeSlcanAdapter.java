package org.bmsw.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The adapter side of an SLCAN link, on end B of a {@link PtyPair}: answers commands as a LAWICEL adapter does
 * (CR for OK, BEL for the commands told to fail, {@code z}/{@code Z} after a transmitted frame) and writes
 * whatever frames the test gives it. Real bytes through a real pty; only the CAN side is missing.
 * <p>
 * {@link #onBus} adds a bus with a bit rate of its own: while the host has the channel open ({@code O} or
 * {@code L}) at that rate, the adapter delivers the bus's frame periodically and answers {@code F} with no flags;
 * open at another rate it delivers nothing and {@code F} answers bus error and error passive, as a controller
 * that cannot follow the bus reports. {@link #answeringStatus} sets what {@code F} answers while the channel is open at
 * the bus's rate: an adapter whose receive FIFO overran. Each transmitted frame is kept with its arrival time, for
 * tests of timing ({@link #transmittedFrameNanos()}).
 */
public final class FakeSlcanAdapter implements AutoCloseable {

    private final InputStream fromTransport;
    private final OutputStream toTransport;
    private final Thread thread;
    private final List<String> commands = new ArrayList<>();
    private final List<String> transmittedFrames = new ArrayList<>();
    private final List<Long> transmittedFrameNanos = new ArrayList<>();
    private final Set<String> failingCommands = new HashSet<>();
    private volatile boolean silent;
    /** The bus's own bit rate (0: no bus), its frame line and period. */
    private volatile int busBitrateBps;
    private volatile String busFrame;
    private volatile int busPeriodMs;
    /** What the host set up: the rate of its last Sn and whether the channel is open. */
    private volatile int selectedBitrateBps;
    private volatile boolean channelOpen;
    /** The answers to F at the bus's rate, in turn, the last one repeated; empty: F00. */
    private final List<String> statusAnswers = new ArrayList<>();
    private int statusAnswered;
    /** LAWICEL flags for a controller at the wrong bit rate: bus error (bit 7), error passive (bit 5). */
    public static final String WRONG_RATE_FLAGS = "FA0";
    /**
     * The bit rates of LAWICEL's S0-S8, the adapter's own table: a test double sharing the table of the code under
     * test could not catch a wrong entry in it.
     */
    private static final int[] BITRATES_BPS = { 10_000, 20_000, 50_000, 100_000, 125_000, 250_000, 500_000, 800_000,
            1_000_000 };

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

    /**
     * Puts the adapter on a bus running at {@code bitrateBps} whose traffic is {@code frameLine} (without CR) every
     * {@code periodMs}: delivered only while the host has the channel open at that rate.
     */
    public FakeSlcanAdapter onBus(int bitrateBps, String frameLine, int periodMs) {
        busFrame = frameLine;
        busPeriodMs = periodMs;
        busBitrateBps = bitrateBps;
        Thread bus = new Thread(this::driveBus, "fake CAN bus at " + bitrateBps);
        bus.setDaemon(true);
        bus.start();
        return this;
    }

    private boolean atBusRate() {
        return channelOpen && selectedBitrateBps == busBitrateBps;
    }

    private void driveBus() {
        try {
            while (!thread.isInterrupted() && thread.isAlive()) {
                if (atBusRate()) {
                    write(busFrame + "\r");
                }
                Thread.sleep(busPeriodMs);
            }
        } catch (IOException | InterruptedException e) {
            // the pty went away, or the test ended
        }
    }

    /**
     * Answers {@code F} at the bus's rate with {@code flagLines} in turn (e.g. {@code "F08"}: data overrun), then
     * with the last one again.
     */
    public FakeSlcanAdapter answeringStatus(String... flagLines) {
        synchronized (statusAnswers) {
            statusAnswers.addAll(List.of(flagLines));
        }
        return this;
    }

    private String statusAnswer() {
        synchronized (statusAnswers) {
            if (statusAnswers.isEmpty()) {
                return "F00";
            }
            return statusAnswers.get(Math.min(statusAnswered++, statusAnswers.size() - 1));
        }
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

    /** When each of {@link #transmittedFrames()} arrived, in {@link System#nanoTime()}. */
    public synchronized List<Long> transmittedFrameNanos() {
        return new ArrayList<>(transmittedFrameNanos);
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
                    if (frame) {
                        transmittedFrames.add(text);
                        transmittedFrameNanos.add(System.nanoTime());
                    } else {
                        commands.add(text);
                    }
                    notifyAll();
                }
                if (silent) {
                    continue;
                }
                boolean fails;
                synchronized (failingCommands) {
                    fails = failingCommands.contains(text);
                }
                if (!fails && !frame) {
                    track(text);
                }
                if (!fails && busBitrateBps > 0 && text.equals("F")) {
                    write((channelOpen && !atBusRate() ? WRONG_RATE_FLAGS : atBusRate() ? statusAnswer() : "F00")
                            + "\r");
                    continue;
                }
                write(fails ? "\u0007" : frame ? (Character.isUpperCase(text.charAt(0)) ? "Z\r" : "z\r") : "\r");
            }
        } catch (IOException e) {
            // the pty went away: the test killed socat or closed the pair
        }
    }

    /** Follows the host's setup: {@code Sn} selects a rate, {@code O}/{@code L} open the channel, {@code C} closes it. */
    private void track(String command) {
        if (command.length() == 2 && command.charAt(0) == 'S' && Character.isDigit(command.charAt(1))) {
            int index = command.charAt(1) - '0';
            selectedBitrateBps = index < BITRATES_BPS.length ? BITRATES_BPS[index] : 0;
        } else if (command.equals("O") || command.equals("L")) {
            channelOpen = true;
        } else if (command.equals("C")) {
            channelOpen = false;
        }
    }

    /** Waits until {@code count} frames were transmitted to the adapter (or the time is up). */
    public synchronized void awaitTransmittedFrames(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (transmittedFrames.size() < count && System.nanoTime() < deadline) {
            wait(50);
        }
    }

    /** The frames transmitted so far, after waiting until there are {@code count} (or 10 s are up). */
    public List<String> transmittedFrames(int count) throws InterruptedException {
        awaitTransmittedFrames(count, 10_000);
        return transmittedFrames();
    }

    /** Waits until {@code count} commands arrived. */
    public synchronized void awaitCommands(int count, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (commands.size() < count && System.nanoTime() < deadline) {
            wait(50);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
