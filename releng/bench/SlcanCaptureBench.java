import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.bmsw.core.store.TraceStore;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.capture.LiveCapture;

/**
 * Live capture benchmark: an SLCAN adapter played on end B of a socat pty pair writes Pylon CAN frames as fast as
 * the pty takes them (or at a set rate); on end A the workbench's own path — the slcan: transport, LiveCapture into
 * the trace store, the pylon-can decoder — receives them. Every 0x355 frame is a probe whose SOC counts 0..99; the
 * latency is from just before the probe's line is written to the moment the decoder has the SOC in the battery
 * state; probes of the first {@link #WARM_UP_NS 2 s} are left out (JIT warm-up). The same writer feeds python-can's
 * slcan reader in the script's peer row ({@code writer} mode).
 *
 * <pre>
 * SlcanCaptureBench bmsw   END_A END_B FRAMES RATE STORE   (RATE 0: as fast as possible)
 * SlcanCaptureBench writer END_B FRAMES RATE PROBE_LOG     (only the adapter side; probe send times to PROBE_LOG)
 * </pre>
 */
public final class SlcanCaptureBench {

    // a Pylon cycle from the Eco-Worthy capture (without 0x355, the probe), the inverter's keep-alive, a stranger
    private static final String[] FILLER = { "t351848 02D007D007C001", "t356879 14000071000000", "t359800000000 02504E00",
            "t35C8C000000000000000", "t35E8 50594C4F4E202020", "t30580000000000000000", "t12380102030405060708" };

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        if (args[0].equals("writer")) {
            long[] sent = runWriter(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), null);
            try (PrintStream out = new PrintStream(Files.newOutputStream(Path.of(args[4])))) {
                for (long ns : sent) {
                    out.println(ns);
                }
            }
            return;
        }
        Path endA = Path.of(args[1]);
        Path endB = Path.of(args[2]);
        int frames = Integer.parseInt(args[3]);
        int rate = Integer.parseInt(args[4]);
        Path store = Path.of(args[5]);
        int probes = probesIn(frames, rate);
        long[] decodedAt = new long[probes];
        AtomicInteger probesSeen = new AtomicInteger();
        AtomicLong firstNs = new AtomicLong();
        TransportRegistry registry = TransportRegistry.withBuiltInProviders();
        // the writer answers the transport's C, S6 and O before it starts sending
        Thread adapter = new Thread(() -> {
            try {
                runWriter(endB, frames, rate, firstNs);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }, "adapter");
        adapter.start();
        long startNs;
        try (LiveCapture capture = new LiveCapture(registry.create("slcan:" + endA + "?bitrate=500000"), store,
                DecoderRegistry.getDefault().create("pylon-can"))) {
            capture.addMessageListener(message -> {
                if (message.id().equals("0x355")) {
                    DecodedSignal soc = message.signal("soc_pct");
                    int index = probesSeen.getAndIncrement();
                    // the SOC is in the state now: the decoder folds before it hands the message on
                    if (index < probes && soc != null && (int) soc.value() == index % 100) {
                        decodedAt[index] = System.nanoTime();
                    }
                }
            });
            capture.start();
            while (capture.status().frames() < frames && adapter.isAlive()) {
                Thread.sleep(1);
            }
            adapter.join();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (capture.status().frames() < frames && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long endNs = System.nanoTime();
            startNs = firstNs.get();
            capture.close();
            long captured = capture.status().frames();
            long stored;
            try (TraceStore opened = TraceStore.open(store)) {
                stored = opened.size();
            }
            long[] latencies = new long[probes];
            int measured = 0;
            long warmedUpNs = startNs + WARM_UP_NS;
            for (int i = 0; i < probes; i++) {
                if (decodedAt[i] != 0 && SENT[i] >= warmedUpNs) {
                    latencies[measured++] = decodedAt[i] - SENT[i];
                }
            }
            if (System.getenv("BMSW_BENCH_TRACE") != null) {
                for (int i = 0; i < measured; i++) {
                    if (latencies[i] > 2_000_000) {
                        System.err.println("probe " + i + " latency_us " + latencies[i] / 1000);
                    }
                }
            }
            long[] sorted = Arrays.copyOf(latencies, measured);
            Arrays.sort(sorted);
            double seconds = (endNs - startNs) / 1e9;
            System.out.printf("frames_sent %d frames_captured %d frames_stored %d lost %d errors %d dropped %d%n", frames,
                    captured, stored, frames - stored, capture.status().errors(), capture.status().dropped());
            System.out.printf("wall_s %.3f frames_per_s %.0f%n", seconds, captured / seconds);
            System.out.printf("probes %d measured_after_warm_up %d latency_p50_us %.0f latency_p99_us %.0f latency_max_us %.0f%n",
                    probes, measured, percentile(sorted, 50) / 1e3, percentile(sorted, 99) / 1e3,
                    measured == 0 ? 0 : sorted[measured - 1] / 1e3);
        }
    }

    static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** One probe every 10 ms of sending at a set rate, one every 1000 frames at full speed. */
    static int probeEvery(int rate) {
        return rate == 0 ? 1000 : Math.max(1, rate / 100);
    }

    static int probesIn(int frames, int rate) {
        return frames / probeEvery(rate);
    }

    static long[] SENT = new long[0];

    /** Probes sent in the first 2 s are not counted: the JIT compiles the path while they pass. */
    static final long WARM_UP_NS = 2_000_000_000L;

    /** Sleeps (never spins: on 2 cores a spinning writer would steal the reader's and socat's time). */
    static void waitUntil(long dueNs) {
        long wait;
        while ((wait = dueNs - System.nanoTime()) > 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
    }

    /** Answers commands with CR until the channel is opened, then writes FRAMES lines; returns the probes' times. */
    static long[] runWriter(Path end, int frames, int rate, AtomicLong firstNs) throws IOException {
        int every = probeEvery(rate);
        long[] sent = new long[probesIn(frames, rate)];
        SENT = sent;
        try (InputStream in = new FileInputStream(end.toFile()); OutputStream out = new FileOutputStream(end.toFile())) {
            StringBuilder command = new StringBuilder();
            while (true) { // the host's C, S6, O: answer each with CR; after O the channel is open
                int b = in.read();
                if (b < 0) {
                    throw new IOException("pty closed before the channel was opened");
                }
                if (b == '\r') {
                    out.write('\r');
                    out.flush();
                    if (command.toString().equals("O") || command.toString().equals("L")) {
                        break;
                    }
                    command.setLength(0);
                } else {
                    command.append((char) b);
                }
            }
            byte[][] filler = new byte[FILLER.length][];
            for (int i = 0; i < FILLER.length; i++) {
                filler[i] = (FILLER[i].replace(" ", "") + "\r").getBytes(StandardCharsets.US_ASCII);
            }
            byte[] batch = new byte[64 * 32];
            int batchLength = 0;
            long startNs = System.nanoTime();
            if (firstNs != null) {
                firstNs.set(startNs);
            }
            int probe = 0;
            for (int i = 0; i < frames; i++) {
                if (i % every == every - 1 && probe < sent.length) {
                    out.write(batch, 0, batchLength); // the probe goes out alone, its time taken just before
                    batchLength = 0;
                    if (rate > 0) { // paced: wait for the probe's slot
                        waitUntil(startNs + (long) (i * 1e9 / rate));
                    }
                    byte[] line = String.format("t3556%02X006400%04X\r", probe % 100, 0)
                            .getBytes(StandardCharsets.US_ASCII);
                    sent[probe++] = System.nanoTime();
                    out.write(line);
                    continue;
                }
                byte[] line = filler[i % filler.length];
                System.arraycopy(line, 0, batch, batchLength, line.length);
                batchLength += line.length;
                if (batchLength > batch.length - 32 || rate > 0) {
                    if (rate > 0) {
                        waitUntil(startNs + (long) (i * 1e9 / rate));
                    }
                    out.write(batch, 0, batchLength);
                    batchLength = 0;
                }
            }
            out.write(batch, 0, batchLength);
            out.flush();
        }
        return sent;
    }
}
