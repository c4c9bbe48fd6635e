package org.bmsw.sim.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.dbc.DbcCodec;
import org.bmsw.protocol.dbc.DbcSignal;

/**
 * Encodes a {@link BatteryState} into CAN frames with the protocol bundle's own DBC definitions (the ones its
 * decoder reads), so the simulator and the decoder cannot disagree on a bit. Signals map by the same convention
 * as decoding: canonical quantity and request names, {@code protection_<alarm>}/{@code warning_<alarm>} (1 bit =
 * active; 2-bit SMA pairs = 01 raised, 10 cleared), ASCII signals from text.
 */
public final class CanFrames {

    /** Pylon 0x359 bytes 5-6: "PN". */
    private static final double PYLON_MARKER = 'P' | 'N' << 8;
    /** Sunny Island "charging procedure" when an external BMS is in charge (SMA-TI 6). */
    private static final double SMA_EXTERNAL_BMS_PROCEDURE = 10;
    private static final double SMA_OPERATING = 1;

    private final CanProtocol protocol;
    private final DbcCodec codec;
    private final Set<String> unsupported = new LinkedHashSet<>();

    public CanFrames(String protocolId) {
        protocol = CanProtocol.builtIn(protocolId, List.of());
        codec = protocol.codec();
    }

    /** The battery's cycle: Pylon 0x351 0x355 0x356 0x359 0x35C 0x35E; SMA 0x351 0x355 0x356 0x35A 0x35E 0x35F. */
    public List<TraceRecord> batteryFrames(BatteryState state, String channel, long timestampNs) {
        boolean pylon = protocol.id().equals(CanProtocol.PYLON);
        int[] ids = pylon ? new int[] { 0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E }
                : new int[] { 0x351, 0x355, 0x356, 0x35A, 0x35E, 0x35F };
        noteUnsupportedAlarms(state, pylon ? 0x359 : 0x35A);
        List<TraceRecord> frames = new ArrayList<>(ids.length);
        for (int id : ids) {
            frames.add(frame(id, state, channel, timestampNs, Map.of()));
        }
        return frames;
    }

    /**
     * The inverter's frames: Pylon 0x305 keep-alive (all zeros); Sunny Island 0x305 (what it measures, here the
     * battery's own values from {@code seen}), 0x306 (operating with external BMS), 0x307 (relays).
     */
    public List<TraceRecord> inverterFrames(BatteryState seen, String channel, long timestampNs) {
        if (protocol.id().equals(CanProtocol.PYLON)) {
            return List.of(frame(0x305, BatteryState.EMPTY, channel, timestampNs, Map.of()));
        }
        Map<String, Double> si = new HashMap<>();
        seen.get(Quantity.VOLTAGE).ifPresent(v -> si.put("inverter_voltage_V", v));
        seen.get(Quantity.CURRENT).ifPresent(v -> si.put("inverter_current_A", v));
        seen.get(Quantity.TEMPERATURE).ifPresent(v -> si.put("inverter_temperature_C", v));
        seen.get(Quantity.SOC).ifPresent(v -> si.put("inverter_soc_pct", v));
        seen.get(Quantity.SOH).ifPresent(v -> si.put("inverter_soh_pct", v));
        seen.get(Quantity.CHARGE_VOLTAGE_LIMIT).ifPresent(v -> si.put("inverter_charge_voltage_setpoint_V", v));
        si.put("inverter_charging_procedure", SMA_EXTERNAL_BMS_PROCEDURE);
        si.put("inverter_operating_state", SMA_OPERATING);
        return List.of(frame(0x305, BatteryState.EMPTY, channel, timestampNs, si),
                frame(0x306, BatteryState.EMPTY, channel, timestampNs, si),
                frame(0x307, BatteryState.EMPTY, channel, timestampNs, si));
    }

    /** Alarms the scenario raised that this protocol has no bit for, e.g. {@code contactor/protection (pylon-can)}. */
    public synchronized Set<String> unsupportedAlarms() {
        return new LinkedHashSet<>(unsupported);
    }

    private synchronized void noteUnsupportedAlarms(BatteryState state, int alarmFrame) {
        for (Alarm alarm : state.alarms()) {
            String signal = alarm.level().canonicalName() + "_" + alarm.name().canonicalName();
            if (codec.signalIndex(alarmFrame, false, signal) < 0) {
                unsupported.add(alarm + " (" + protocol.id() + ")");
            }
        }
    }

    private TraceRecord frame(int id, BatteryState state, String channel, long timestampNs,
            Map<String, Double> extra) {
        int m = codec.messageIndex(id, 0);
        if (m < 0) {
            throw new IllegalStateException(protocol.id() + " defines no message 0x" + Integer.toHexString(id));
        }
        Map<String, Double> values = new HashMap<>(extra);
        List<DbcSignal> texts = new ArrayList<>();
        for (int i = codec.firstSignal(m); i < codec.firstSignal(m) + codec.signalCount(m); i++) {
            String name = protocol.outputName(i);
            Double value = value(name, state, codec.signal(i).length() == 2);
            if (name.equals("manufacturer")) {
                texts.add(codec.signal(i)); // 64 bits of ASCII do not fit a double: written below, byte by byte
            } else if (value != null) {
                values.put(codec.signalName(i), value);
            } else if (name.equals("marker")) {
                values.put(codec.signalName(i), PYLON_MARKER);
            }
        }
        byte[] payload = codec.encode(m, values);
        for (DbcSignal signal : texts) {
            byte[] ascii = state.manufacturer().orElse("").getBytes(StandardCharsets.US_ASCII);
            int from = signal.startBit() / 8;
            int width = signal.length() / 8;
            for (int b = 0; b < width && from + b < payload.length; b++) {
                payload[from + b] = b < ascii.length ? ascii[b] : (byte) ' '; // space-padded like "PYLON   "
            }
        }
        return TraceRecord.can(timestampNs, channel, id, payload);
    }

    /**
     * The physical value a signal named {@code name} carries for {@code state}; null when it has none. Pylon
     * sends HiResSOC as 0 (not sent), SMA sends the SOC there.
     */
    private Double value(String name, BatteryState state, boolean pair) {
        var quantity = Quantity.byName(name);
        if (quantity.isPresent()) {
            var value = state.get(quantity.get());
            if (value.isEmpty() && quantity.get() == Quantity.SOC_HIRES && protocol.id().equals(CanProtocol.SMA)) {
                value = state.get(Quantity.SOC); // SMA-TI: the SI prefers HiResSOC when it is sent
            }
            return value.isPresent() ? value.getAsDouble() : null;
        }
        var request = Request.byName(name);
        if (request.isPresent()) {
            return state.get(request.get()).orElse(false) ? 1.0 : 0.0;
        }
        AlarmLevel level = name.startsWith("protection_") ? AlarmLevel.PROTECTION
                : name.startsWith("warning_") ? AlarmLevel.WARNING : null;
        if (level != null) {
            var alarm = AlarmName.byName(name.substring(name.indexOf('_') + 1));
            boolean active = alarm.isPresent() && state.alarms().contains(new Alarm(alarm.get(), level));
            if (pair) {
                return active ? 1.0 : 2.0; // SMA pair: 01 raised, 10 cleared ("AA" = all clear)
            }
            return active ? 1.0 : 0.0;
        }
        return null;
    }
}
