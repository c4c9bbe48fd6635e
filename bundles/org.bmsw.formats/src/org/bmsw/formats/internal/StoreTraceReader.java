package org.bmsw.formats.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bmsw.core.store.StoreChannel;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.core.store.StoreProblem;
import org.bmsw.core.store.TraceStore;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.ReadReport;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.TraceFormatException;

/** Replays a trace store into a sink through a cursor. */
public final class StoreTraceReader {

    private StoreTraceReader() {
    }

    public static ReadReport read(Path file, FrameSink sink, ReadOptions options) throws IOException {
        try (TraceStore store = TraceStore.open(file)) {
            List<String> problems = new ArrayList<>();
            for (StoreProblem problem : store.problems()) {
                problems.add(file + ": " + problem.describe());
            }
            if (options.strict() && !problems.isEmpty()) {
                throw new TraceFormatException(problems.get(0));
            }
            List<StoreChannel> channels = store.channels();
            for (int i = 0; i < channels.size(); i++) {
                sink.channel(i, channels.get(i).name(), channels.get(i).bus());
            }
            byte[] payload = new byte[4096];
            StoreCursor cursor = store.cursor();
            long frames = 0;
            while (cursor.next()) {
                int length = cursor.payload(payload, 0);
                sink.frame(cursor.timestampNs(), cursor.channelIndex(), cursor.identifier(), cursor.flags(), payload,
                        0, length);
                if (++frames % (1 << 20) == 0 && options.progressBytes() != null) {
                    options.progressBytes().accept(frames * 32); // about a slot per frame
                }
            }
            String note = problems.isEmpty() ? ""
                    : store.framesLost() + " frames lost to " + problems.size() + " damaged stretch"
                            + (problems.size() == 1 ? "" : "es") + " of the store";
            return new ReadReport(TraceFormat.STORE, frames, 0, 0, 0, Map.of(), problems, note);
        }
    }
}
