import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.bmsw.protocol.DecoderSpec;
import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.detect.ProtocolDetector;
import org.bmsw.protocol.filter.TraceFilter;
import org.bmsw.protocol.filter.TraceRows;

/**
 * What the Trace view does with a big trace, without the UI: open the store, detect the protocol, build the first
 * screen (read and format the rows, decode them), jump to the middle and the end (by row and by time), the battery
 * state at the end (the 10 s window of TraceSession.stateAt), then two filter passes. Run in a fresh JVM with a small
 * -Xmx; prints one line per step with wall time and heap, then a summary line.
 *
 * <pre>
 * java ViewerBench import LOG STORE      candump log to trace store (the Open Trace import), timed
 * java -Xmx128m ViewerBench view STORE   the viewer steps
 * </pre>
 */
public final class ViewerBench {

    private static final int SCREEN_ROWS = 40;
    private static final long STATE_WINDOW_NS = 10_000_000_000L;
    private static final int STATE_WINDOW_MAX_ROWS = 200_000;
    private static final int DETECTION_RECORDS = 20_000;
    private static long sink;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
        case "import" -> {
            long start = System.nanoTime();
            Traces.Conversion conversion = Traces.convert(Path.of(args[1]), Path.of(args[2]), TraceFormat.STORE,
                    ReadOptions.LENIENT);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "import frames %d seconds %.3f store_MB %d%n",
                    conversion.framesWritten(), seconds, Files.size(Path.of(args[2])) >> 20);
        }
        case "view" -> view(Path.of(args[1]));
        default -> throw new IllegalArgumentException("usage: ViewerBench import LOG STORE | view STORE");
        }
    }

    private static void view(Path path) throws Exception {
        long start = System.nanoTime();
        List<String> steps = new ArrayList<>();
        Map<String, Double> times = new LinkedHashMap<>();
        long t = System.nanoTime();
        TraceStore store = TraceStore.open(path);
        step(steps, times, "open", t);

        t = System.nanoTime();
        String spec = detect(store);
        step(steps, times, "detect " + spec, t);

        t = System.nanoTime();
        screen(store, spec, 0);
        step(steps, times, "first screen", t);
        double openToScreen = (System.nanoTime() - start) / 1e9;

        t = System.nanoTime();
        screen(store, spec, store.size() / 2);
        step(steps, times, "jump to the middle row", t);

        t = System.nanoTime();
        screen(store, spec, store.size() - SCREEN_ROWS);
        step(steps, times, "jump to the end", t);

        t = System.nanoTime();
        StoreCursor cursor = store.cursor();
        cursor.moveTo(store.size() - 1);
        long middleTime = store.startTimeNs() + (cursor.timestampNs() - store.startTimeNs()) / 2;
        screen(store, spec, store.seek(middleTime));
        step(steps, times, "jump to the middle time", t);

        t = System.nanoTime();
        sink += stateAt(store, spec, store.size() - 1);
        step(steps, times, "battery state at the end (10 s window)", t);
        double interactive = (System.nanoTime() - start) / 1e9;

        t = System.nanoTime();
        int[] ids = TraceRows.filter(store, () -> DecoderRegistry.getDefault().create(spec), TraceFilter.parse("id == 0x351"),
                Long.MAX_VALUE, null);
        step(steps, times, "filter id == 0x351 (" + ids.length + " rows)", t);

        t = System.nanoTime();
        int[] low = TraceRows.filter(store, () -> DecoderRegistry.getDefault().create(spec), TraceFilter.parse("soc_pct < 40"),
                Long.MAX_VALUE, null);
        step(steps, times, "filter soc_pct < 40, decodes every row (" + low.length + " rows)", t);

        steps.forEach(System.out::println);
        System.out.printf(Locale.ROOT,
                "view rows %d open_to_first_screen_s %.3f interactive_s %.3f filter_id_s %.3f filter_signal_s %.3f"
                        + " peak_heap_MB %.1f max_heap_MB %d%n",
                store.size(), openToScreen, interactive, times.get("filter id"), times.get("filter soc_pct"),
                peakHeapBytes() / 1048576.0, Runtime.getRuntime().maxMemory() >> 20);
        store.close();
    }

    private static void step(List<String> steps, Map<String, Double> times, String name, long startNs) {
        double seconds = (System.nanoTime() - startNs) / 1e9;
        Runtime runtime = Runtime.getRuntime();
        steps.add(String.format(Locale.ROOT, "  %-55s %8.4f s  heap used %6.1f MB", name, seconds,
                (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0));
        times.put(name.startsWith("filter id") ? "filter id" : name.startsWith("filter soc") ? "filter soc_pct" : name,
                seconds);
    }

    /** As TraceSession.resolve: the protocol from the first records. */
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

    /** What the Trace view does for one screen: read each row's fields as text and decode the rows. */
    private static void screen(TraceStore store, String spec, long first) {
        StoreCursor cursor = store.cursor();
        List<String> channels = store.channels().stream().map(c -> c.name()).toList();
        DecodedMessage[][] decoded = TraceRows.decode(store, DecoderRegistry.getDefault().create(spec), first, SCREEN_ROWS);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < decoded.length; i++) {
            cursor.moveTo(first + i);
            text.setLength(0);
            text.append(first + i + 1).append(cursor.timestampNs()).append(channels.get(cursor.channelIndex()))
                    .append(cursor.bus() == BusKind.CAN ? Integer.toHexString(cursor.identifier()) : "RX");
            for (int b = 0; b < cursor.length(); b++) {
                text.append(Integer.toHexString(cursor.byteAt(b)));
            }
            for (DecodedMessage message : decoded[i]) {
                text.append(message.message()).append(message.signals().size());
            }
            sink += text.length();
        }
    }

    /** As TraceSession.snapshotAt: decode the 10 s before the row into a fresh decoder. */
    private static int stateAt(TraceStore store, String spec, long row) {
        StoreCursor at = store.cursor();
        at.moveTo(row);
        long first = Math.max(0, Math.max(store.seek(at.timestampNs() - STATE_WINDOW_NS), row - STATE_WINDOW_MAX_ROWS));
        Decoder decoder = DecoderRegistry.getDefault().create(spec);
        StoreCursor rows = store.cursor();
        rows.moveBefore(first);
        for (long r = first; r <= row && rows.next(); r++) {
            decoder.decode(rows.toRecord(), message -> {
            });
        }
        return decoder.state().toCanonicalMap().size();
    }

    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
