package org.bmsw.sim.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import org.bmsw.core.state.Alarm;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.rs485.PylonFrame;
import org.bmsw.protocol.rs485.PylonRs485;

/**
 * Answers an inverter's Pylontech RS485 polls as a battery (spec V3.3, {@code protocols.md} section 5), with
 * LENGTH and CHKSUM from {@link PylonRs485#frame}. Modules sit at ADR 2, 3, ... (group 0); a 0x42 query with
 * INFO {@code FF} is answered by ADR 2 with one block per module. Each module has 15 cells and 5 temperatures
 * (BMS board + 4 cell groups); the pack's current and capacity are split evenly between the modules.
 */
public final class PylonResponder {

    public static final int FIRST_ADDRESS = 2;
    public static final int ALL_MODULES = 0xFF;
    private static final int CELLS = 15;
    private static final int TEMPERATURES = 5;
    /** "0x11 seen in all real frames" (protocols.md 5): unread switch and alarm changes. */
    private static final int INFOFLAG = 0x11;
    private static final int RTN_OK = 0x00;
    private static final int RTN_CHKSUM = 0x02;
    private static final int RTN_LCHKSUM = 0x03;
    private static final int RTN_CID2_INVALID = 0x04;

    private final Set<String> unsupported = new LinkedHashSet<>();

    /** The response frame {@code ~...\r}, or null when no module has the request's address. */
    public String respond(PylonFrame request, BatteryState state) {
        int modules = moduleCount(state);
        int adr = request.adr();
        if (adr < FIRST_ADDRESS || adr >= FIRST_ADDRESS + modules) {
            return null; // nobody at this address: a real bus stays silent too
        }
        if (!request.lchksumValid()) {
            return PylonRs485.frame(request.ver(), adr, PylonRs485.CID1_BATTERY, RTN_LCHKSUM, new byte[0]);
        }
        if (!request.chksumValid()) {
            return PylonRs485.frame(request.ver(), adr, PylonRs485.CID1_BATTERY, RTN_CHKSUM, new byte[0]);
        }
        int command = request.infoLength() > 0 ? request.infoByte(0) : adr;
        Info info = new Info();
        switch (request.cid2()) {
        case PylonRs485.ANALOG_VALUES -> {
            info.u8(INFOFLAG);
            if (command == ALL_MODULES && adr == FIRST_ADDRESS) {
                info.u8(modules);
                for (int m = 0; m < modules; m++) {
                    analogBlock(info, state, m, modules);
                }
            } else {
                info.u8(adr);
                analogBlock(info, state, adr - FIRST_ADDRESS, modules);
            }
        }
        case PylonRs485.ALARM_INFO -> alarmInfo(info, state, adr);
        case PylonRs485.SYSTEM_PARAMETERS -> systemParameters(info, state);
        case PylonRs485.PROTOCOL_VERSION -> {
            // the answer is the frame's VER; no INFO
        }
        case PylonRs485.MANUFACTURER_INFO -> {
            info.ascii("US5000", 10);
            info.u8(1);
            info.u8(0);
            info.ascii(state.manufacturer().orElse(""), 20);
        }
        case PylonRs485.CHARGE_DISCHARGE_INFO -> {
            info.u8(adr);
            info.u16(mV(state, Quantity.CHARGE_VOLTAGE_LIMIT));
            info.u16(mV(state, Quantity.DISCHARGE_VOLTAGE_LIMIT));
            info.u16(dA(state, Quantity.CHARGE_CURRENT_LIMIT));
            info.u16(dA(state, Quantity.DISCHARGE_CURRENT_LIMIT));
            info.u8(bit(state, Request.CHARGE_ENABLE, 7) | bit(state, Request.DISCHARGE_ENABLE, 6)
                    | bit(state, Request.FORCE_CHARGE_REQUEST_I, 5) | bit(state, Request.FORCE_CHARGE_REQUEST_II, 4)
                    | bit(state, Request.FULL_CHARGE_REQUEST, 3));
        }
        case PylonRs485.SERIAL_NUMBER -> {
            info.u8(adr);
            info.ascii(String.format("BMSWSIM%09d", adr), 16);
        }
        case PylonRs485.FIRMWARE_VERSION -> {
            info.u8(adr);
            info.u8(1);
            info.u8(0);
            info.u8(1);
            info.u8(0);
            info.u8(0);
        }
        default -> {
            return PylonRs485.frame(request.ver(), adr, PylonRs485.CID1_BATTERY, RTN_CID2_INVALID, new byte[0]);
        }
        }
        return PylonRs485.frame(request.ver(), adr, PylonRs485.CID1_BATTERY, RTN_OK, info.bytes());
    }

    /** Alarms the scenario raised that 0x44 cannot carry, e.g. {@code contactor/protection (pylon-rs485)}. */
    public synchronized Set<String> unsupportedAlarms() {
        return new LinkedHashSet<>(unsupported);
    }

    static int moduleCount(BatteryState state) {
        return (int) Math.max(1, Math.min(16, Math.round(state.get(Quantity.MODULE_COUNT).orElse(1))));
    }

    private static void analogBlock(Info info, BatteryState state, int module, int modules) {
        int packMv = mV(state, Quantity.VOLTAGE);
        int minCell = (int) Math.round(state.get(Quantity.MIN_CELL_VOLTAGE).orElse(packMv / (double) CELLS));
        int maxCell = (int) Math.round(state.get(Quantity.MAX_CELL_VOLTAGE).orElse(minCell));
        info.u8(CELLS);
        for (int c = 0; c < CELLS; c++) {
            info.u16(c == 0 ? minCell : c == 1 ? maxCell : (minCell + maxCell) / 2);
        }
        double pack = state.get(Quantity.TEMPERATURE).orElse(25);
        double low = state.get(Quantity.MIN_CELL_TEMPERATURE).orElse(pack);
        double high = state.get(Quantity.MAX_CELL_TEMPERATURE).orElse(pack);
        // the decoder's pack temperature is the mean of the 4 cell groups: low, high and two that restore it
        double rest = (4 * pack - low - high) / 2;
        info.u8(TEMPERATURES);
        for (double celsius : new double[] { pack, low, high, rest, rest }) {
            info.u16((int) Math.round(celsius * 10) + 2731);
        }
        info.u16(share(Math.round(state.get(Quantity.CURRENT).orElse(0) * 10), module, modules));
        info.u16(packMv);
        long totalMah = Math.round(state.get(Quantity.INSTALLED_CAPACITY).orElse(100) * 1000 / modules);
        long remainMah = Math.round(totalMah * state.get(Quantity.SOC).orElse(0) / 100);
        if (totalMah > 0xFFFF) {
            info.u16(0xFFFF); // capacity 1 fields unused when user-defined items = 4
            info.u8(4);
            info.u16(0xFFFF);
            info.u16(0);
            info.u24(remainMah);
            info.u24(totalMah);
        } else {
            info.u16((int) remainMah);
            info.u8(2);
            info.u16((int) totalMah);
            info.u16(0);
        }
    }

    /** Module {@code module}'s part of {@code total} (integer units), the remainder going to the first modules. */
    private static int share(long total, int module, int modules) {
        long base = Math.floorDiv(total, modules);
        long remainder = total - base * modules;
        return (int) (base + (module < remainder ? 1 : 0));
    }

    private void alarmInfo(Info info, BatteryState state, int adr) {
        Set<Alarm> alarms = state.alarms();
        info.u8(INFOFLAG);
        info.u8(adr);
        info.u8(CELLS);
        for (int c = 0; c < CELLS; c++) {
            info.u8(c == 0 && has(alarms, AlarmName.BMS_INTERNAL, AlarmLevel.WARNING) ? 0xF0 : 0);
        }
        info.u8(TEMPERATURES);
        for (int t = 0; t < TEMPERATURES; t++) {
            info.u8(t != 1 ? 0 : status(alarms, AlarmName.LOW_TEMPERATURE, AlarmName.HIGH_TEMPERATURE));
        }
        info.u8(status(alarms, null, AlarmName.CHARGE_OVER_CURRENT));
        info.u8(status(alarms, AlarmName.LOW_VOLTAGE, AlarmName.HIGH_VOLTAGE));
        info.u8(status(alarms, null, AlarmName.DISCHARGE_OVER_CURRENT));
        int status1 = 0;
        status1 |= protection(alarms, AlarmName.LOW_VOLTAGE, 7);
        status1 |= protection(alarms, AlarmName.HIGH_CHARGE_TEMPERATURE, 6);
        status1 |= protection(alarms, AlarmName.HIGH_TEMPERATURE, 5);
        status1 |= protection(alarms, AlarmName.DISCHARGE_OVER_CURRENT, 4);
        status1 |= protection(alarms, AlarmName.CHARGE_OVER_CURRENT, 2);
        status1 |= protection(alarms, AlarmName.HIGH_VOLTAGE, 0);
        info.u8(status1);
        info.u8(0x06); // Status2: charge and discharge MOSFET on
        double current = state.get(Quantity.CURRENT).orElse(0);
        info.u8((current > 0.1 ? 0x80 : 0) | (current < -0.1 ? 0x40 : 0)
                | (state.get(Quantity.SOC).orElse(0) >= 100 ? 0x08 : 0));
        info.u8(0);
        info.u8(0);
        for (Alarm alarm : alarms) {
            if (!carried(alarm)) {
                synchronized (this) {
                    unsupported.add(alarm + " (pylon-rs485)");
                }
            }
        }
    }

    private static boolean carried(Alarm alarm) {
        Set<AlarmName> warnings = Set.of(AlarmName.BMS_INTERNAL, AlarmName.LOW_TEMPERATURE, AlarmName.HIGH_TEMPERATURE,
                AlarmName.CHARGE_OVER_CURRENT, AlarmName.LOW_VOLTAGE, AlarmName.HIGH_VOLTAGE,
                AlarmName.DISCHARGE_OVER_CURRENT);
        Set<AlarmName> protections = Set.of(AlarmName.LOW_VOLTAGE, AlarmName.HIGH_CHARGE_TEMPERATURE,
                AlarmName.HIGH_TEMPERATURE, AlarmName.DISCHARGE_OVER_CURRENT, AlarmName.CHARGE_OVER_CURRENT,
                AlarmName.HIGH_VOLTAGE);
        return (alarm.level() == AlarmLevel.WARNING ? warnings : protections).contains(alarm.name());
    }

    private static boolean has(Set<Alarm> alarms, AlarmName name, AlarmLevel level) {
        return alarms.contains(new Alarm(name, level));
    }

    /** A 0x44 status byte: 01 below the lower limit, 02 above the upper one (warnings). */
    private static int status(Set<Alarm> alarms, AlarmName below, AlarmName above) {
        if (above != null && has(alarms, above, AlarmLevel.WARNING)) {
            return 0x02;
        }
        return below != null && has(alarms, below, AlarmLevel.WARNING) ? 0x01 : 0;
    }

    private static int protection(Set<Alarm> alarms, AlarmName name, int bit) {
        return has(alarms, name, AlarmLevel.PROTECTION) ? 1 << bit : 0;
    }

    private static void systemParameters(Info info, BatteryState state) {
        info.u8(INFOFLAG);
        info.u16(3650); // cell high voltage limit, LFP
        info.u16(3100); // cell low voltage (alarm)
        info.u16(2900); // cell under voltage (protect)
        info.u16(550 + 2731); // charge high temperature 55 °C
        info.u16(0 + 2731); // charge low temperature 0 °C
        info.u16(dA(state, Quantity.CHARGE_CURRENT_LIMIT));
        info.u16(mV(state, Quantity.CHARGE_VOLTAGE_LIMIT));
        info.u16(mV(state, Quantity.DISCHARGE_VOLTAGE_LIMIT) + 1500);
        info.u16(mV(state, Quantity.DISCHARGE_VOLTAGE_LIMIT));
        info.u16(600 + 2731); // discharge high temperature 60 °C
        info.u16(-100 + 2731); // discharge low temperature -10 °C
        info.u16(dA(state, Quantity.DISCHARGE_CURRENT_LIMIT));
    }

    private static int mV(BatteryState state, Quantity quantity) {
        return (int) Math.round(state.get(quantity).orElse(0) * 1000);
    }

    private static int dA(BatteryState state, Quantity quantity) {
        return (int) Math.round(state.get(quantity).orElse(0) * 10);
    }

    private static int bit(BatteryState state, Request request, int bit) {
        return state.get(request).orElse(false) ? 1 << bit : 0;
    }

    /** INFO bytes, big-endian as the protocol sends them. */
    private static final class Info {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int value) {
            out.write(value & 0xFF);
        }

        void u16(int value) {
            u8(value >> 8);
            u8(value);
        }

        void u24(long value) {
            u8((int) (value >> 16));
            u8((int) (value >> 8));
            u8((int) value);
        }

        void ascii(String text, int width) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < width; i++) {
                u8(i < bytes.length ? bytes[i] : 0);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
