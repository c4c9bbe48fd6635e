import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.detect.ProtocolDetector;
import org.bmsw.protocol.filter.TraceFilter;
import org.bmsw.protocol.filter.TraceRows;

/**
 * The Trace view's filter as one process, for a whole-process time beside the C parse floor: open the trace store,
 * detect its protocol from the first records (as the workbench's session does), run the filter over every row
 * with {@code TraceRows.filter} (the code the view's filter job runs) and print the matching rows' count. Any
 * cache the filter builds is built inside the run.
 *
 * <pre>
 * java FilterBench import LOG STORE              candump log to trace store (not timed by the script)
 * java -Xmx128m FilterBench filter STORE EXPR    prints "rows N matches M seconds S"
 * </pre>
 */
public final class FilterBench {

    private static final int DETECTION_RECORDS = 20_000;

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
        case "import" -> {
            Traces.Conversion conversion = Traces.convert(Path.of(args[1]), Path.of(args[2]), TraceFormat.STORE,
                    ReadOptions.LENIENT);
            System.out.printf(Locale.ROOT, "import frames %d store_MB %d%n", conversion.framesWritten(),
                    Files.size(Path.of(args[2])) >> 20);
        }
        case "filter" -> {
            long start = System.nanoTime();
            TraceFilter filter = TraceFilter.parse(args[2]);
            try (TraceStore store = TraceStore.open(Path.of(args[1]))) {
                String spec = detect(store);
                int[] rows = TraceRows.filter(store, () -> DecoderRegistry.getDefault().create(spec), filter,
                        store.size(), null);
                System.out.printf(Locale.ROOT, "rows %d matches %d protocol %s seconds %.3f%n", store.size(),
                        rows.length, spec, (System.nanoTime() - start) / 1e9);
            }
        }
        default -> throw new IllegalArgumentException("usage: FilterBench import LOG STORE | filter STORE EXPR");
        }
    }

    /** As the engine's detection on a store: the protocol from the first records. */
    private static String detect(TraceStore store) {
        ProtocolDetector detector = new ProtocolDetector();
        StoreCursor rows = store.cursor();
        int seen = 0;
        while (seen < DETECTION_RECORDS && rows.next()) {
            detector.accept(rows.toRecord());
            seen++;
            if (seen % 256 == 0 && detector.isDecided() && detector.spanNs() > 2_000_000_000L) {
                break;
            }
        }
        return detector.result().isKnown() ? detector.result().decoderSpec() : DecoderSpec.AUTO;
    }
}
