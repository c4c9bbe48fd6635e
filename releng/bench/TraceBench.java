import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;

/**
 * The trace benchmark's Java side, one measurement per process so the script can take wall time and peak RSS
 * with /usr/bin/time exactly as for the peers:
 *
 * <pre>
 * java TraceBench parse LOG [REPEATS]   parse a candump log, summing the 0x356 current like parse_floor.c
 * java TraceBench import LOG STORE      import the log into a trace store
 * java TraceBench open STORE [ROWS]     open the store and read ROWS random rows (run it with -Xmx256m)
 * </pre>
 *
 * Each prints one line {@code key value ...} with its own in-process times next to the frame counts.
 */
public final class TraceBench {

    /** Sums what parse_floor.c sums, so the JIT cannot drop the parsing. */
    static final class CurrentSum implements FrameSink {
        long frames;
        long currentSum;
        long timeSum;

        @Override
        public void channel(int channelIndex, String name, BusKind bus) {
        }

        @Override
        public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
                int length) {
            frames++;
            timeSum += timestampNs / 1000;
            if (identifier == 0x356 && length >= 4) {
                currentSum += (short) ((payload[offset + 2] & 0xFF) | payload[offset + 3] << 8);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
        case "parse" -> parse(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
        case "import" -> importLog(Path.of(args[1]), Path.of(args[2]));
        case "open" -> open(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1000);
        default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void parse(Path log, int repeats) throws IOException {
        for (int i = 0; i < repeats; i++) { // repeats > 1 show the steady state after JIT warm-up
            long start = System.nanoTime();
            CurrentSum sum = new CurrentSum();
            ReadReport report = Traces.read(log, TraceFormat.CANDUMP_LOG, sum, ReadOptions.LENIENT);
            long elapsed = System.nanoTime() - start;
            System.out.printf("parse frames %d bad %d current_sum %d tsum %d seconds %.3f lines_per_s %.0f%n",
                    sum.frames, report.skippedLines(), sum.currentSum, sum.timeSum, elapsed / 1e9,
                    report.lines() / (elapsed / 1e9));
        }
    }

    private static void importLog(Path log, Path store) throws IOException {
        long start = System.nanoTime();
        Traces.Conversion result = Traces.convert(log, store, TraceFormat.STORE, ReadOptions.LENIENT);
        long elapsed = System.nanoTime() - start;
        System.out.printf("import frames %d seconds %.3f lines_per_s %.0f store_bytes %d%n", result.framesWritten(),
                elapsed / 1e9, result.read().lines() / (elapsed / 1e9), Files.size(store));
    }

    private static void open(Path path, int rows) throws IOException {
        long start = System.nanoTime();
        try (TraceStore store = TraceStore.open(path)) {
            StoreCursor cursor = store.cursor();
            cursor.moveTo(store.size() - 1);
            long firstRowNs = System.nanoTime() - start;
            Random random = new Random(1);
            byte[] payload = new byte[4096];
            long check = 0;
            long randomStart = System.nanoTime();
            for (int i = 0; i < rows; i++) {
                cursor.moveTo((long) (random.nextDouble() * store.size()));
                check += cursor.timestampNs() + cursor.payload(payload, 0);
            }
            long randomNs = System.nanoTime() - randomStart;
            cursor.moveTo(store.size() - 1);
            long middleNs = store.startTimeNs() + (cursor.timestampNs() - store.startTimeNs()) / 2;
            long seekStart = System.nanoTime();
            long row = store.seek(middleNs);
            long seekNs = System.nanoTime() - seekStart;
            System.out.printf("open rows %d open_and_last_row_ms %.3f random_row_us %.3f seek_us %.1f seek_row %d"
                    + " max_heap_mb %d check %d%n", store.size(), firstRowNs / 1e6, randomNs / 1e3 / rows,
                    seekNs / 1e3, row, Runtime.getRuntime().maxMemory() >> 20, check);
        }
    }
}
