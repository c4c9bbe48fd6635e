package org.bmsw.protocol.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.LayoutMismatch;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcCodec;
import org.bmsw.protocol.modbus.ModbusFramer;
import org.bmsw.protocol.rs485.PylonFramer;

/**
 * Names the protocol, layout and variant of a trace, lists the identifiers its layout requires that are missing,
 * and compares measured periods with expected ones. Feed records with {@link #accept}, then ask {@link #result()};
 * memory stays bounded (per-identifier counters, not the records; every 11-bit identifier, but at most
 * {@link #MAX_EXTENDED_IDS} 29-bit ones, so a bus full of random 29-bit traffic cannot fill the heap).
 */
public final class ProtocolDetector {

    /** 29-bit identifiers counted one by one; later new ones are only counted together. */
    public static final int MAX_EXTENDED_IDS = 1024;

    private static final int[] PYLON_12 = {0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E};
    private static final int[] PYLON_13 = {0x351, 0x355, 0x356, 0x35A, 0x35E, 0x35F};
    private static final int[] SMA = {0x351, 0x355, 0x356, 0x35A, 0x35E};

    /** Distinct payloads kept per identifier to try layouts on (with the last one). */
    static final int MAX_SAMPLES = 4;

    private static final class IdStats {
        int count;
        long first;
        long last;
        /** The last payload; its own array unless a sample holds it too. */
        byte[] payload;
        boolean payloadSampled;
        final List<byte[]> samples = new ArrayList<>(1);

        /**
         * Takes {@code bytes[offset .. offset+length)} as the last payload. A battery repeats most frames unchanged:
         * the same bytes as last time change nothing, and nothing is allocated for them.
         */
        void sample(byte[] bytes, int offset, int length) {
            if (payload != null && payload.length == length && java.util.Arrays.equals(payload, 0, length, bytes,
                    offset, offset + length)) {
                return; // sampled already when it first came, or the samples were full then
            }
            if (payload == null || payload.length != length || payloadSampled) {
                payload = new byte[length];
            }
            System.arraycopy(bytes, offset, payload, 0, length);
            payloadSampled = false;
            if (samples.size() < MAX_SAMPLES && !sampled(payload)) { // a loop: this runs for every changed frame
                samples.add(payload);
                payloadSampled = true;
            }
        }

        private boolean sampled(byte[] frame) {
            for (byte[] sample : samples) {
                if (java.util.Arrays.equals(sample, frame)) {
                    return true;
                }
            }
            return false;
        }

        List<byte[]> frames() {
            List<byte[]> frames = new ArrayList<>(samples);
            if (frames.stream().noneMatch(s -> java.util.Arrays.equals(s, payload))) {
                frames.add(payload);
            }
            return frames;
        }
    }

    /** Every 11-bit identifier by its value: one array read per frame, it runs for every record of a pass. */
    private final IdStats[] standard = new IdStats[TraceRecord.MAX_STANDARD_ID + 1];
    /**
     * The 29-bit identifiers, open addressing on primitive keys (a bus may send a fresh one in every seventh
     * frame): twice {@link #MAX_EXTENDED_IDS} slots, so a lookup ends after a few probes.
     */
    private final int[] extendedKeys = new int[2 * MAX_EXTENDED_IDS];
    private final IdStats[] extendedStats = new IdStats[2 * MAX_EXTENDED_IDS];
    private int extendedIds;
    private final Map<String, PylonFramer> pylonFramers = new HashMap<>();
    private final Map<String, ModbusFramer> modbusFramers = new HashMap<>();
    private int pylonValid;
    private int pylonInvalid;
    private int modbusFrames;
    private boolean bit7Seen;
    private boolean bit3Seen;
    private int records;
    private long untrackedFrames;
    private long firstNs = Long.MAX_VALUE;
    private long lastNs = Long.MIN_VALUE;

    public static Detection detect(Iterable<TraceRecord> trace) {
        ProtocolDetector detector = new ProtocolDetector();
        trace.forEach(detector::accept);
        return detector.result();
    }

    public void accept(TraceRecord record) {
        byte[] payload = record.payload();
        accept(record.timestampNs(), record.channel(), record.bus(), record.identifier(), record.flags(), payload, 0,
                payload.length);
    }

    /**
     * As {@link #accept(TraceRecord)} for a frame given by its fields (see
     * {@link org.bmsw.protocol.Decoder#fold(long, String, BusKind, int, int, byte[], int, int)}): allocates only for an
     * identifier's first frame and when its bytes change.
     */
    public void accept(long timestampNs, String channel, BusKind bus, int identifier, int flags, byte[] payload,
            int offset, int length) {
        records++;
        firstNs = Math.min(firstNs, timestampNs);
        lastNs = Math.max(lastNs, timestampNs);
        if (bus == BusKind.SERIAL) {
            pylonFramers.computeIfAbsent(channel, c -> new PylonFramer()).feed(payload, offset, length, frame -> {
                if (frame.isValid()) {
                    pylonValid++;
                } else {
                    pylonInvalid++;
                }
            });
            modbusFramers.computeIfAbsent(channel, c -> ModbusFramer.rtu()).feed(payload, offset, length,
                    frame -> modbusFrames++);
            return;
        }
        if ((flags & (FrameFlags.RTR | FrameFlags.ERROR)) != 0) {
            return;
        }
        boolean isExtended = (flags & FrameFlags.EXTENDED) != 0;
        int slot = isExtended ? extendedSlot(identifier) : -1;
        IdStats stats = isExtended ? extendedStats[slot] : standard[identifier];
        if (stats == null) {
            if (isExtended && extendedIds >= MAX_EXTENDED_IDS) {
                untrackedFrames++;
                return;
            }
            stats = new IdStats();
            if (isExtended) {
                extendedKeys[slot] = identifier;
                extendedStats[slot] = stats;
                extendedIds++;
            } else {
                standard[identifier] = stats;
            }
        }
        if (stats.count++ == 0) {
            stats.first = timestampNs;
        }
        stats.last = timestampNs;
        stats.sample(payload, offset, length);
        if (identifier == 0x359 && !isExtended && length >= 4) {
            bit7Seen |= (payload[offset + 1] & 0x80) != 0 || (payload[offset + 3] & 0x80) != 0;
            bit3Seen |= (payload[offset + 1] & 0x08) != 0 || (payload[offset + 3] & 0x08) != 0;
        }
    }

    /** The slot of a 29-bit identifier: where it is, or the free slot where it goes. */
    private int extendedSlot(int identifier) {
        int mask = extendedKeys.length - 1;
        int slot = (identifier * 0x9E3779B9) >>> 16 & mask;
        while (extendedStats[slot] != null && extendedKeys[slot] != identifier) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /**
     * Every identifier's counters in identifier order, 11-bit ones first (as a report lists them); the key carries
     * bit 32 for a 29-bit identifier.
     */
    private Map<Long, IdStats> canStats() {
        Map<Long, IdStats> all = new TreeMap<>();
        for (int id = 0; id < standard.length; id++) {
            if (standard[id] != null) {
                all.put((long) id, standard[id]);
            }
        }
        for (int slot = 0; slot < extendedStats.length; slot++) {
            if (extendedStats[slot] != null) {
                all.put(extendedKeys[slot] | 1L << 32, extendedStats[slot]);
            }
        }
        return all;
    }

    /** Records seen so far. */
    public int records() {
        return records;
    }

    /** Trace time between the first and the last record seen. */
    public long spanNs() {
        return records == 0 ? 0 : lastNs - firstNs;
    }

    /** True once the evidence suffices to pick a protocol (the auto decoder stops buffering then). */
    public boolean isDecided() {
        if (pylonValid >= 2 || modbusFrames >= 2) {
            return true;
        }
        return has(0x351) && has(0x356) && (has(0x359) || has(0x35C) || has(0x35A) && has(0x35E));
    }

    public Detection result() {
        List<String> evidence = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        Map<Long, IdStats> can = canStats();
        if (can.isEmpty()) {
            if (pylonValid > 0 && pylonValid >= modbusFrames) {
                evidence.add(pylonValid + " Pylontech RS485 frames with valid checksums"
                        + (pylonInvalid > 0 ? ", " + pylonInvalid + " with bad ones" : ""));
                return new Detection("pylon-rs485", "", variants, evidence, List.of(), List.of(), List.of());
            }
            if (modbusFrames > 0) {
                evidence.add(modbusFrames + " Modbus RTU frames with valid CRCs");
                return new Detection("modbus", "rtu", variants, evidence, List.of(), List.of(), List.of());
            }
            if (pylonInvalid > 0) {
                evidence.add(pylonInvalid + " Pylontech RS485 frames, all with bad checksums");
                return new Detection("pylon-rs485", "", variants, evidence, List.of(), List.of(), List.of());
            }
            evidence.add("no CAN frame, no valid RS485 or Modbus frame in " + records + " records");
            return new Detection("unknown", "", variants, evidence, List.of(), List.of(), List.of());
        }
        String protocol;
        String layout;
        int[] required;
        if (has(0x359) || has(0x35C)) {
            protocol = CanProtocol.PYLON;
            layout = "1.2";
            required = PYLON_12;
            evidence.add("0x359/0x35C present: Pylontech CAN layout 1.2");
        } else if (has(0x35A) && manufacturer().startsWith("PYLON")) {
            protocol = CanProtocol.PYLON;
            layout = "1.3";
            required = PYLON_13;
            evidence.add("0x35A without 0x359 and manufacturer PYLON: Pylontech CAN layout 1.3");
        } else if (has(0x35A) || has(0x35B)) {
            protocol = CanProtocol.SMA;
            layout = "";
            required = SMA;
            evidence.add("0x35A alarm pairs without 0x359/0x35C, manufacturer '" + manufacturer().strip()
                    + "': SMA-style CAN");
        } else {
            protocol = CanProtocol.PYLON;
            layout = "";
            required = PYLON_12;
            evidence.add("neither 0x359/0x35C nor 0x35A seen: assuming Pylontech CAN (weak evidence)");
        }
        if (has(0x351) && has(0x356)) {
            byte[] limits = standard[0x351].payload;
            byte[] measured = standard[0x356].payload;
            if (limits.length >= 2 && measured.length >= 2) {
                double cvl = ((limits[0] & 0xFF) | (limits[1] & 0xFF) << 8) * 0.1;
                double centivolts = (short) ((measured[0] & 0xFF) | (measured[1] & 0xFF) << 8) * 0.01;
                if (cvl > 0 && centivolts < 0.3 * cvl && centivolts * 10 > 0.6 * cvl && centivolts * 10 < 1.2 * cvl) {
                    variants.add(CanProtocol.VARIANT_VOLTAGE_DV);
                    evidence.add(String.format("0x356 reads %.2f V at 0.01 V but %.1f V at 0.1 V against a %.1f V "
                            + "charge limit: voltage-0.1V", centivolts, centivolts * 10, cvl));
                }
            }
        }
        if (protocol.equals(CanProtocol.PYLON) && bit7Seen && !bit3Seen) {
            variants.add(CanProtocol.VARIANT_SYSTEM_ERROR_BIT7);
            evidence.add("0x359 byte1/byte3 bit7 set, bit3 never: system-error-bit7");
        }
        List<String> notUnderstood = layouts(can, protocol, variants, evidence);
        List<String> missing = new ArrayList<>();
        for (int id : required) {
            if (!has(id)) {
                missing.add(String.format("0x%03X", id));
            }
        }
        DbcCodec codec = CanProtocol.builtIn(protocol, variants).codec();
        List<String> unknown = new ArrayList<>();
        List<PeriodCheck> periods = new ArrayList<>();
        can.forEach((key, stats) -> {
            boolean extended = key >>> 32 != 0;
            int id = (int) (long) key;
            String text = extended ? String.format("0x%08X", id) : String.format("0x%03X", id);
            int message = codec.messageIndex(id, extended ? FrameFlags.EXTENDED : 0);
            if (message < 0) {
                unknown.add(text);
            } else if (stats.count >= 2 && stats.last > stats.first) {
                double measured = (stats.last - stats.first) / 1e6 / (stats.count - 1);
                periods.add(protocol.equals(CanProtocol.SMA)
                        // SMA-TI: values every second, never faster than 200 ms, timeout after 60 s
                        ? new PeriodCheck(text, 1000, 200, 60_000, measured, stats.count)
                        // Pylon: every 1 s (Battery-Emulator, setfirelabs); half to twice that passes
                        : new PeriodCheck(text, 1000, 500, 2000, measured, stats.count));
            }
        });
        if (untrackedFrames > 0) {
            unknown.add("and " + untrackedFrames + " frames of further 29-bit identifiers (not listed one by one)");
        }
        return new Detection(protocol, layout, variants, evidence, missing, unknown, periods, notUnderstood);
    }

    /**
     * Tries the frames kept of each identifier on the layout chosen; where they do not fit, on each variant that
     * redefines that identifier, adding the first that fits to {@code variants}. Returns the identifiers no known
     * layout fits, one line each with the first frame that does not fit and why.
     */
    private List<String> layouts(Map<Long, IdStats> can, String protocol, List<String> variants,
            List<String> evidence) {
        List<String> notUnderstood = new ArrayList<>();
        CanDecoder chosen = new CanDecoder(CanProtocol.builtIn(protocol, variants));
        for (Map.Entry<Long, IdStats> entry : can.entrySet()) {
            if (entry.getKey() >>> 32 != 0) {
                continue; // the built-in definitions are 11-bit
            }
            int id = (int) (long) entry.getKey();
            IdStats stats = entry.getValue();
            LayoutMismatch mismatch = firstMismatch(chosen, id, stats);
            if (mismatch == null) {
                continue;
            }
            String fitting = null;
            for (String variant : CanProtocol.variantsOf(protocol)) {
                if (!variants.contains(variant)
                        && CanProtocol.load("variant-" + variant + ".dbc").message(id, false) != null) {
                    List<String> tried = new ArrayList<>(variants);
                    tried.add(variant);
                    if (firstMismatch(new CanDecoder(CanProtocol.builtIn(protocol, tried)), id, stats) == null) {
                        fitting = variant;
                        break;
                    }
                }
            }
            if (fitting != null) {
                variants.add(fitting);
                chosen = new CanDecoder(CanProtocol.builtIn(protocol, variants));
                evidence.add(mismatch.text() + " does not fit, variant " + fitting + " does: " + fitting);
            } else {
                notUnderstood.add(mismatch.text() + " (" + stats.count + " frame" + (stats.count == 1 ? "" : "s")
                        + " of " + mismatch.id() + ")");
            }
        }
        return notUnderstood;
    }

    private static LayoutMismatch firstMismatch(CanDecoder decoder, int id, IdStats stats) {
        for (byte[] frame : stats.frames()) {
            DecodedMessage message = decoder.decode(0, "", id, 0, frame);
            if (message != null && message.isLayoutMismatch()) {
                return message.layoutMismatch();
            }
        }
        return null;
    }

    private boolean has(int id) {
        return standard[id] != null;
    }

    private String manufacturer() {
        IdStats stats = standard[0x35E];
        if (stats == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (byte b : stats.payload) {
            if (b == 0) {
                break;
            }
            text.append((char) (b & 0xFF));
        }
        return text.toString();
    }
}
