package org.bmsw.pinout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.FrameSink;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.Traces;

/**
 * What a live session or a trace says about the link, as far as the cable is concerned: how long it was watched,
 * how many frames came from the battery, how many from others (the inverter), how many were error frames.
 *
 * @param bus the kind of link watched; null when nothing at all was captured
 * @param durationS how long the link was watched, in seconds
 */
public record TraceFacts(BusKind bus, double durationS, long batteryFrames, long otherFrames, long errorFrames) {

    /**
     * What inverters send in Pylon, SMA and Victron CAN (protocols.md, "0x305"): the keep-alive 0x305 and the
     * Sunny Island's / GX's 0x306-0x307. Every other data frame on a battery link comes from the battery.
     */
    public static final Set<Integer> INVERTER_CAN_IDS = Set.of(0x305, 0x306, 0x307);

    /** The facts of a recorded trace; a trace without records has no bus kind and lasts 0 s. */
    public static TraceFacts of(Iterable<TraceRecord> records) {
        Tally tally = new Tally();
        for (TraceRecord record : records) {
            tally.add(record.timestampNs(), record.bus(), record.identifier(), record.flags());
        }
        return tally.facts();
    }

    /**
     * The facts of a trace file of any format, counted frame by frame (a site trace may hold millions of frames).
     *
     * @throws IOException naming the file when it cannot be read
     */
    public static TraceFacts read(Path trace) throws IOException {
        Tally tally = new Tally();
        List<BusKind> buses = new ArrayList<>();
        Traces.read(trace, new FrameSink() {
            @Override
            public void channel(int channelIndex, String name, BusKind bus) {
                buses.add(bus);
            }

            @Override
            public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                    int payloadOffset, int length) {
                tally.add(timestampNs, buses.get(channelIndex), identifier, flags);
            }
        }, ReadOptions.LENIENT);
        return tally.facts();
    }

    /** Counts frame by frame, for traces too big to hold as records (a {@code FrameSink} feeds it). */
    public static final class Tally {
        private BusKind bus;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;
        private long battery;
        private long other;
        private long errors;

        public void add(long timestampNs, BusKind frameBus, int identifier, int flags) {
            bus = bus == null ? frameBus : bus;
            first = Math.min(first, timestampNs);
            last = Math.max(last, timestampNs);
            if (FrameFlags.isSet(flags, FrameFlags.ERROR)) {
                errors++;
            } else if (fromBattery(frameBus, identifier, flags)) {
                battery++;
            } else {
                other++;
            }
        }

        public TraceFacts facts() {
            return new TraceFacts(bus, bus == null ? 0 : (last - first) / 1e9, battery, other, errors);
        }
    }

    /**
     * A CAN data frame not in {@link #INVERTER_CAN_IDS} and not sent by the workbench; on a serial line, the bytes
     * received (the polls are what the workbench or the inverter sends).
     */
    static boolean fromBattery(BusKind bus, int identifier, int flags) {
        if (FrameFlags.isSet(flags, FrameFlags.TX)) {
            return false;
        }
        return bus == BusKind.SERIAL || !INVERTER_CAN_IDS.contains(identifier) || FrameFlags.isSet(flags, FrameFlags.EXTENDED);
    }
}
