package org.bmsw.testdata;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated traces for the fleet tests: candump logs of one Pylontech-protocol battery and its inverter (the
 * frames of {@code releng/bench/gen_candump.py}, one pack), some with the inverter charging above the charge
 * current limit, and a file that is no trace at all. Deterministic: the same arguments write the same bytes.
 */
public final class FleetTraces {

    /** The charge current limit every generated battery sends in 0x351, in A. */
    public static final double CCL_A = 50.0;
    /** The current of an over-current episode, in A (above {@link #CCL_A}). */
    public static final double OVER_CURRENT_A = 62.5;

    private FleetTraces() {
    }

    /**
     * Writes {@code seconds} seconds of one battery: 0x351 limits (CCL 50 A), 0x355 SOC, 0x356 V/I/T, 0x359
     * alarms, 0x35C requests, 0x35E name, the inverter's 0x305 and unrelated traffic, once a second.
     *
     * @param overCurrentSeconds when above 0, the inverter charges at {@link #OVER_CURRENT_A} for that many
     *            seconds from the middle of the trace on
     */
    public static Path pylonCandump(Path file, int seconds, long seed, int overCurrentSeconds) {
        Random random = new Random(seed);
        double t = 1_700_000_000.0 + seed * 100_000;
        int soc = 30 + random.nextInt(60);
        int overFrom = seconds / 2;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int s = 0; s < seconds; s++) {
                t += 1.0;
                boolean over = overCurrentSeconds > 0 && s >= overFrom && s < overFrom + overCurrentSeconds;
                int deciAmps = over ? (int) Math.round(OVER_CURRENT_A * 10) : random.nextInt(1001) - 500;
                if (random.nextInt(50) == 0) {
                    soc = Math.max(0, Math.min(100, soc + (deciAmps > 0 ? 1 : -1)));
                }
                line(out, t, 0x351, le16(532), le16((int) (CCL_A * 10)), le16(500), le16(450));
                line(out, t + 0.0012, 0x355, le16(soc), le16(98));
                line(out, t + 0.0024, 0x356, le16(4900 + random.nextInt(401)), le16(deciAmps),
                        le16(150 + random.nextInt(201)));
                line(out, t + 0.0036, 0x359, new byte[] { 0, 0, 0, 0, 1, 0x50, 0x4E });
                line(out, t + 0.0048, 0x35C, new byte[] { (byte) 0xC0, 0 });
                line(out, t + 0.0060, 0x35E, "PYLON   ".getBytes(StandardCharsets.US_ASCII));
                line(out, t + 0.5, 0x305, new byte[8]);
                byte[] other = new byte[random.nextInt(9)];
                random.nextBytes(other);
                line(out, t + 0.6, 0x4F0, other);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
        return file;
    }

    /**
     * A fleet in {@code dir}: {@code count - 1} traces {@code site-NN.log} of {@code seconds} seconds each, every
     * fifth (sites 02, 07, 12, ...) with a 30-second over-current, and {@code site-NN.log} number {@code count}
     * written as binary noise, which no reader takes.
     *
     * @return the files, in name order
     */
    public static List<Path> fleet(Path dir, int count, int seconds) {
        List<Path> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (int i = 1; i <= count; i++) {
                Path file = dir.resolve(String.format(Locale.ROOT, "site-%02d.log", i));
                if (i == count) {
                    byte[] noise = new byte[4096];
                    new Random(i).nextBytes(noise);
                    Files.write(file, noise);
                } else {
                    pylonCandump(file, seconds, i, hasOverCurrent(i) ? 30 : 0);
                }
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(dir.toString(), e);
        }
        return files;
    }

    /** Whether site {@code i} of {@link #fleet} has an over-current episode. */
    public static boolean hasOverCurrent(int i) {
        return i % 5 == 2;
    }

    private static byte[] le16(int value) {
        return new byte[] { (byte) value, (byte) (value >> 8) };
    }

    private static void line(BufferedWriter out, double t, int id, byte[]... parts) throws IOException {
        StringBuilder hex = new StringBuilder();
        for (byte[] part : parts) {
            for (byte b : part) {
                hex.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        out.write(String.format(Locale.ROOT, "(%.6f) can0 %03X#%s\n", t, id, hex));
    }
}
