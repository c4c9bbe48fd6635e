import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.protocol.SignalSink;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcCodec;

/**
 * The decode benchmark's Java side, one measurement per process so the script takes wall time and peak RSS with
 * /usr/bin/time exactly as for the peers. Both modes decode with the built-in {@code pylon-can} definition through
 * {@link DbcCodec}'s non-allocating path into a {@link SignalSink} that counts the canonical signals (and sums them,
 * so the JIT cannot drop the decoding):
 *
 * <pre>
 * java DecodeBench e2e LOG [REPEATS]     candump text in (CandumpLogParser through Traces.read), signals out
 * java DecodeBench import LOG STORE      import the log into a trace store (done once, not timed here)
 * java DecodeBench store STORE [REPEATS] every record of the store through StoreCursor into the codec
 * </pre>
 *
 * Each repeat prints one line {@code key value ...}; repeats > 1 show the steady state after JIT warm-up.
 */
public final class DecodeBench {

    /** Counts every signal, and the canonical ones separately; sums the canonical quantities' values. */
    static final class CountingSink implements SignalSink {
        private final boolean[] canonical;
        private final boolean[] quantity;
        long signals;
        long canonicalSignals;
        double canonicalSum;

        CountingSink(CanProtocol protocol) {
            canonical = new boolean[protocol.codec().signalCount()];
            quantity = new boolean[canonical.length];
            for (int i = 0; i < canonical.length; i++) {
                canonical[i] = protocol.isCanonical(i);
                quantity[i] = protocol.quantityOf(i) != null; // not the manufacturer's text bytes read as a number
            }
        }

        @Override
        public void signal(int signalIndex, double value) {
            signals++;
            if (canonical[signalIndex]) {
                canonicalSignals++;
                if (quantity[signalIndex]) {
                    canonicalSum += value;
                }
            }
        }
    }

    /** Reader frames straight into the codec: no record, no message object per frame. */
    static final class DecodingFrameSink implements FrameSink {
        private final DbcCodec codec;
        private final CountingSink sink;
        private boolean[] can = new boolean[8];
        long frames;
        long decodedFrames;

        DecodingFrameSink(DbcCodec codec, CountingSink sink) {
            this.codec = codec;
            this.sink = sink;
        }

        @Override
        public void channel(int channelIndex, String name, BusKind bus) {
            if (channelIndex >= can.length) {
                can = java.util.Arrays.copyOf(can, channelIndex * 2 + 1);
            }
            can[channelIndex] = bus == BusKind.CAN;
        }

        @Override
        public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload, int offset,
                int length) {
            frames++;
            if (can[channelIndex] && codec.decode(identifier, flags, payload, offset, length, sink) >= 0) {
                decodedFrames++;
            }
        }
    }

    public static void main(String[] args) throws IOException {
        int repeats = args.length > 2 && !args[0].equals("import") ? Integer.parseInt(args[2]) : 1;
        switch (args[0]) {
        case "e2e" -> endToEnd(Path.of(args[1]), repeats);
        case "import" -> importLog(Path.of(args[1]), Path.of(args[2]));
        case "store" -> fromStore(Path.of(args[1]), repeats);
        default -> throw new IllegalArgumentException("unknown mode " + args[0] + " (e2e, import, store)");
        }
    }

    private static CanProtocol protocol() {
        return CanProtocol.builtIn(CanProtocol.PYLON, List.of());
    }

    private static void endToEnd(Path log, int repeats) throws IOException {
        CanProtocol protocol = protocol();
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            CountingSink sink = new CountingSink(protocol);
            DecodingFrameSink frames = new DecodingFrameSink(protocol.codec(), sink);
            ReadReport report = Traces.read(log, TraceFormat.CANDUMP_LOG, frames, ReadOptions.LENIENT);
            long elapsed = System.nanoTime() - start;
            System.out.printf("e2e frames %d bad %d decoded_frames %d signals %d canonical %d canonical_sum %.1f"
                    + " seconds %.3f frames_per_s %.0f%n", frames.frames, report.skippedLines(), frames.decodedFrames,
                    sink.signals, sink.canonicalSignals, sink.canonicalSum, elapsed / 1e9,
                    frames.frames / (elapsed / 1e9));
        }
    }

    private static void importLog(Path log, Path store) throws IOException {
        long start = System.nanoTime();
        Traces.Conversion result = Traces.convert(log, store, TraceFormat.STORE, ReadOptions.LENIENT);
        long elapsed = System.nanoTime() - start;
        System.out.printf("import frames %d seconds %.3f store_bytes %d%n", result.framesWritten(), elapsed / 1e9,
                Files.size(store));
    }

    private static void fromStore(Path path, int repeats) throws IOException {
        CanProtocol protocol = protocol();
        DbcCodec codec = protocol.codec();
        try (TraceStore store = TraceStore.open(path)) {
            List<StoreChannel> channels = store.channels();
            boolean[] can = new boolean[channels.size()];
            for (int c = 0; c < can.length; c++) {
                can[c] = channels.get(c).bus() == BusKind.CAN;
            }
            byte[] buffer = new byte[4096];
            for (int i = 0; i < repeats; i++) {
                long start = System.nanoTime();
                CountingSink sink = new CountingSink(protocol);
                long frames = 0;
                long decodedFrames = 0;
                StoreCursor cursor = store.cursor();
                while (cursor.next()) {
                    frames++;
                    if (!can[cursor.channelIndex()]) {
                        continue;
                    }
                    int length = cursor.length();
                    int message = length <= 8
                            ? codec.decode(cursor.identifier(), cursor.flags(), cursor.inlinePayload(), length, sink)
                            : codec.decode(cursor.identifier(), cursor.flags(), buffer, 0, cursor.payload(buffer, 0),
                                    sink); // CAN FD: the payload does not fit the inline long
                    if (message >= 0) {
                        decodedFrames++;
                    }
                }
                long elapsed = System.nanoTime() - start;
                System.out.printf("store frames %d decoded_frames %d signals %d canonical %d canonical_sum %.1f"
                        + " seconds %.3f frames_per_s %.0f%n", frames, decodedFrames, sink.signals,
                        sink.canonicalSignals, sink.canonicalSum, elapsed / 1e9, frames / (elapsed / 1e9));
            }
        }
    }
}
