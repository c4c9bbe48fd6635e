package org.bmsw.protocol.rs485;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.AlarmLevel;
import org.bmsw.core.state.AlarmName;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;

/**
 * Decodes Pylontech RS485 traffic (serial records, both directions, one channel or several) into messages and the
 * battery state. A response is read as the answer to the last request seen for its address; without one (a trace
 * that starts mid-conversation) its command is inferred from the shape of INFO and the message says so.
 * Frames with a bad LENGTH or CHKSUM are decoded and flagged but not folded into the state.
 */
public final class PylonRs485Decoder implements Decoder {

    public static final String ID = "pylon-rs485";

    private final Map<String, PylonFramer> framers = new HashMap<>();
    private final Map<Integer, Integer> pendingCommand = new HashMap<>();
    private final BatteryState.Builder state = BatteryState.builder();
    /** Once 0x96 has named the firmware, 0x51's software version no longer replaces it. */
    private boolean firmwareFromVersionCommand;

    @Override
    public String protocolId() {
        return ID;
    }

    @Override
    public List<String> variants() {
        return List.of("LCHKSUM computed as (-nibble sum) & 0xF (spec 2.3.2; not the 0x10 edge bug)",
                "0x42 temperatures: (raw - 2731) / 10 degC; first = BMS board, not in min/max cell temperature",
                "0x42 soc_pct: remaining / total capacity (capacity 2 fields when user-defined items = 4)",
                "0x92 discharge current limit: magnitude, negative flagged (python-pylontech test frame sends -55.5 A)",
                "0x44 status bytes: cell/temperature/current/voltage 01 below, 02 above limit -> warnings; "
                        + "Status1 bits -> protections");
    }

    @Override
    public BatteryState state() {
        return state.build();
    }

    @Override
    public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
        if (record.bus() != BusKind.SERIAL) {
            return;
        }
        PylonFramer framer = framers.computeIfAbsent(record.channel(), c -> new PylonFramer());
        byte[] bytes = record.payload();
        framer.feed(bytes, 0, bytes.length, frame -> out.accept(decode(record.timestampNs(), record.channel(), frame)));
    }

    /** Decodes one frame (and folds it when it passed its checks). */
    public DecodedMessage decode(long timestampNs, String channel, PylonFrame frame) {
        List<DecodedSignal> signals = new ArrayList<>();
        List<String> problems = new ArrayList<>(frame.problems());
        signals.add(DecodedSignal.number("ver", frame.ver(), "", frame.ver(), false));
        signals.add(DecodedSignal.number("adr", frame.adr(), "", frame.adr(), false));
        if (frame.ver() < 0) {
            return new DecodedMessage(timestampNs, channel, "?", "BrokenFrame", signals, problems);
        }
        if (frame.cid1() != PylonRs485.CID1_BATTERY) {
            problems.add(String.format("CID1 %02X is not battery data (46)", frame.cid1()));
        }
        String name;
        String id;
        if (!frame.isResponse()) {
            name = PylonRs485.commandName(frame.cid2()) + " request";
            id = String.format("0x%02X", frame.cid2());
            pendingCommand.put(frame.adr(), frame.cid2());
            if (frame.infoLength() >= 1) {
                signals.add(DecodedSignal.number("command_value", frame.infoByte(0), "", frame.infoByte(0), false));
            }
        } else {
            Integer command = pendingCommand.remove(frame.adr());
            boolean inferred = command == null;
            if (inferred) {
                command = inferCommand(frame);
            }
            id = command == null ? "rtn" : String.format("0x%02X", command);
            name = (command == null ? "Unknown" : PylonRs485.commandName(command)) + " response";
            signals.add(new DecodedSignal("rtn", frame.cid2(), "", frame.cid2(), null,
                    PylonRs485.explainReturnCode(frame.cid2()), false, true));
            if (frame.cid2() != 0) {
                problems.add(String.format("RTN %02X: %s", frame.cid2(), PylonRs485.explainReturnCode(frame.cid2())));
            } else if (command != null) {
                if (inferred) {
                    signals.add(DecodedSignal.text("command_inferred", String.format("%02X", command), false));
                }
                try {
                    interpret(command, frame, signals, problems);
                } catch (IndexOutOfBoundsException e) {
                    problems.add(String.format("INFO of %d bytes ends early for %s", frame.infoLength(),
                            PylonRs485.commandName(command)));
                }
            }
        }
        if (frame.isValid()) {
            state.timestampNs(timestampNs);
            fold(signals);
        }
        return new DecodedMessage(timestampNs, channel, id, name, signals, problems);
    }

    /** A response's command from the shape of its INFO, for responses whose request was not captured. */
    static Integer inferCommand(PylonFrame frame) {
        int n = frame.infoLength();
        if (n == 0) {
            return PylonRs485.PROTOCOL_VERSION;
        }
        if (n == 10) {
            return PylonRs485.CHARGE_DISCHARGE_INFO; // command value + 4 × U16 + status
        }
        if (n == 17) {
            return PylonRs485.SERIAL_NUMBER;
        }
        if (n == 6) {
            return PylonRs485.FIRMWARE_VERSION;
        }
        if (n == 25) {
            return PylonRs485.SYSTEM_PARAMETERS;
        }
        if (n == 32 || n == 33) {
            return PylonRs485.MANUFACTURER_INFO;
        }
        if (n >= 3 && analogModules(frame) > 0) {
            return PylonRs485.ANALOG_VALUES;
        }
        return n >= 3 ? PylonRs485.ALARM_INFO : null;
    }

    private void interpret(int command, PylonFrame frame, List<DecodedSignal> signals, List<String> problems) {
        Info in = new Info(frame);
        switch (command) {
        case PylonRs485.ANALOG_VALUES -> analog(frame, in, signals);
        case PylonRs485.ALARM_INFO -> alarms(in, signals);
        case PylonRs485.SYSTEM_PARAMETERS -> {
            if (frame.infoLength() == 25) {
                in.u8(); // INFOFLAG
            }
            signals.add(number("cell_high_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("cell_low_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("cell_under_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("charge_high_temperature_limit_C", kelvin(in.s16()), "°C"));
            signals.add(number("charge_low_temperature_limit_C", kelvin(in.s16()), "°C"));
            signals.add(number("charge_current_limit_A", in.s16() / 10.0, "A"));
            signals.add(number("module_high_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("module_low_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("module_under_voltage_limit_mV", in.u16(), "mV"));
            signals.add(number("discharge_high_temperature_limit_C", kelvin(in.s16()), "°C"));
            signals.add(number("discharge_low_temperature_limit_C", kelvin(in.s16()), "°C"));
            signals.add(number("discharge_current_limit_A", in.s16() / 10.0, "A"));
        }
        case PylonRs485.PROTOCOL_VERSION -> signals.add(DecodedSignal.text("protocol_version",
                (frame.ver() >> 4) + "." + (frame.ver() & 0xF), false));
        case PylonRs485.MANUFACTURER_INFO -> {
            if (frame.infoLength() == 33) {
                in.u8();
            }
            signals.add(DecodedSignal.text("battery_name", in.ascii(10), false));
            int major = in.u8();
            int minor = in.u8();
            signals.add(DecodedSignal.text("software_version", major + "." + minor, false));
            signals.add(DecodedSignal.text("manufacturer", in.ascii(20), true));
        }
        case PylonRs485.CHARGE_DISCHARGE_INFO -> {
            signals.add(number("command_value", in.u8(), ""));
            signals.add(canonical(Quantity.CHARGE_VOLTAGE_LIMIT, in.u16() / 1000.0));
            signals.add(canonical(Quantity.DISCHARGE_VOLTAGE_LIMIT, in.u16() / 1000.0));
            double ccl = in.s16() / 10.0;
            double dcl = in.s16() / 10.0;
            if (ccl < 0) {
                problems.add("0x92 charge current limit " + ccl + " A is negative; its magnitude is used");
            }
            if (dcl < 0) {
                problems.add("0x92 discharge current limit " + dcl + " A is negative; its magnitude is used");
            }
            signals.add(canonical(Quantity.CHARGE_CURRENT_LIMIT, Math.abs(ccl)));
            signals.add(canonical(Quantity.DISCHARGE_CURRENT_LIMIT, Math.abs(dcl)));
            int status = in.u8();
            signals.add(number("status", status, ""));
            signals.add(request(Request.CHARGE_ENABLE, status, 7));
            signals.add(request(Request.DISCHARGE_ENABLE, status, 6));
            signals.add(request(Request.FORCE_CHARGE_REQUEST_I, status, 5));
            signals.add(request(Request.FORCE_CHARGE_REQUEST_II, status, 4));
            signals.add(request(Request.FULL_CHARGE_REQUEST, status, 3));
        }
        case PylonRs485.SERIAL_NUMBER -> {
            signals.add(number("command_value", in.u8(), ""));
            signals.add(DecodedSignal.text("serial_number", in.ascii(16), false));
        }
        case PylonRs485.FIRMWARE_VERSION -> {
            signals.add(number("command_value", in.u8(), ""));
            signals.add(DecodedSignal.text("manufacture_version", in.u8() + "." + in.u8(), false));
            signals.add(DecodedSignal.text("mainline_version", in.u8() + "." + in.u8() + "." + in.u8(), false));
        }
        default -> problems.add(String.format("no decoding for command %02X", command));
        }
    }

    /** Module blocks in a 0x42 response when the byte after INFOFLAG is a module count (an FF query), else 0. */
    private static int analogModules(PylonFrame frame) {
        int count = frame.infoByte(1);
        if (count >= 1 && count <= 16 && consumesAnalog(frame, count)) {
            return count;
        }
        return consumesAnalog(frame, 1) ? 1 : 0;
    }

    private static boolean consumesAnalog(PylonFrame frame, int modules) {
        try {
            Info in = new Info(frame);
            in.u8();
            in.u8();
            for (int m = 0; m < modules; m++) {
                in.skip(2 * in.u8());
                in.skip(2 * in.u8());
                in.skip(6);
                int user = in.u8();
                in.skip(user == 4 ? 10 : 4);
            }
            return in.remaining() == 0;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private void analog(PylonFrame frame, Info in, List<DecodedSignal> signals) {
        int modules = analogModules(frame);
        boolean countQuery = modules > 1 || modules == 1 && frame.infoByte(1) == 1 && !consumesAnalog(frame, 0);
        signals.add(number("infoflag", in.u8(), ""));
        int second = in.u8();
        signals.add(number(modules > 1 ? "module_count" : "command_value", second, ""));
        if (modules == 0) {
            modules = 1;
        }
        double voltageSum = 0;
        double current = 0;
        double remaining = 0;
        double total = 0;
        int minCell = Integer.MAX_VALUE;
        int maxCell = Integer.MIN_VALUE;
        double minTemp = Double.MAX_VALUE;
        double maxTemp = -Double.MAX_VALUE;
        double tempSum = 0;
        int tempCount = 0;
        for (int m = 1; m <= modules; m++) {
            String p = modules > 1 ? "module_" + m + "_" : "";
            int cells = in.u8();
            signals.add(number(p + "cell_count", cells, ""));
            for (int c = 1; c <= cells; c++) {
                int mV = in.s16();
                minCell = Math.min(minCell, mV);
                maxCell = Math.max(maxCell, mV);
                signals.add(number(p + "cell_" + c + "_mV", mV, "mV"));
            }
            int temps = in.u8();
            signals.add(number(p + "temperature_count", temps, ""));
            for (int t = 1; t <= temps; t++) {
                double celsius = kelvin(in.s16());
                signals.add(number(p + (t == 1 ? "bms_temperature_C" : "temperature_" + t + "_C"), celsius, "°C"));
                if (t > 1) {
                    minTemp = Math.min(minTemp, celsius);
                    maxTemp = Math.max(maxTemp, celsius);
                    tempSum += celsius;
                    tempCount++;
                }
            }
            double moduleCurrent = in.s16() / 10.0;
            double moduleVoltage = in.u16() / 1000.0;
            int remain1 = in.u16();
            int user = in.u8();
            int total1 = in.u16();
            int cycles = in.u16();
            double remainAh = remain1 / 1000.0;
            double totalAh = total1 / 1000.0;
            if (user == 4) {
                remainAh = in.u24() / 1000.0;
                totalAh = in.u24() / 1000.0;
            }
            signals.add(number(p + "current_A", moduleCurrent, "A"));
            signals.add(number(p + "module_voltage_V", moduleVoltage, "V"));
            signals.add(number(p + "user_defined_items", user, ""));
            signals.add(number(p + "remaining_capacity_Ah", remainAh, "Ah"));
            signals.add(number(p + "total_capacity_Ah", totalAh, "Ah"));
            signals.add(number(p + "cycle_count", cycles, ""));
            voltageSum += moduleVoltage;
            current += moduleCurrent;
            remaining += remainAh;
            total += totalAh;
        }
        // modules sit in parallel: one pack voltage (their mean), currents and capacities add up
        signals.add(canonical(Quantity.VOLTAGE, round(voltageSum / modules, 3)));
        signals.add(canonical(Quantity.CURRENT, round(current, 1)));
        if (tempCount > 0) {
            signals.add(canonical(Quantity.TEMPERATURE, round(tempSum / tempCount, 1)));
            signals.add(canonical(Quantity.MIN_CELL_TEMPERATURE, minTemp));
            signals.add(canonical(Quantity.MAX_CELL_TEMPERATURE, maxTemp));
        }
        if (minCell != Integer.MAX_VALUE) {
            signals.add(canonical(Quantity.MIN_CELL_VOLTAGE, minCell));
            signals.add(canonical(Quantity.MAX_CELL_VOLTAGE, maxCell));
        }
        if (total > 0) {
            signals.add(canonical(Quantity.SOC, round(100 * remaining / total, 1)));
            signals.add(canonical(Quantity.INSTALLED_CAPACITY, round(total, 3)));
        }
        if (countQuery || modules > 1) {
            signals.add(canonical(Quantity.MODULE_COUNT, modules));
        }
    }

    private static void alarms(Info in, List<DecodedSignal> signals) {
        signals.add(number("infoflag", in.u8(), ""));
        signals.add(number("command_value", in.u8(), ""));
        int cells = in.u8();
        for (int c = 1; c <= cells; c++) {
            int status = in.u8();
            signals.add(number("cell_" + c + "_status", status, ""));
            warning(signals, status, AlarmName.LOW_VOLTAGE, AlarmName.HIGH_VOLTAGE);
        }
        int temps = in.u8();
        for (int t = 1; t <= temps; t++) {
            int status = in.u8();
            signals.add(number("temperature_" + t + "_status", status, ""));
            warning(signals, status, AlarmName.LOW_TEMPERATURE, AlarmName.HIGH_TEMPERATURE);
        }
        int chargeCurrent = in.u8();
        signals.add(number("charge_current_status", chargeCurrent, ""));
        warning(signals, chargeCurrent, null, AlarmName.CHARGE_OVER_CURRENT);
        int moduleVoltage = in.u8();
        signals.add(number("module_voltage_status", moduleVoltage, ""));
        warning(signals, moduleVoltage, AlarmName.LOW_VOLTAGE, AlarmName.HIGH_VOLTAGE);
        int dischargeCurrent = in.u8();
        signals.add(number("discharge_current_status", dischargeCurrent, ""));
        warning(signals, dischargeCurrent, null, AlarmName.DISCHARGE_OVER_CURRENT);
        if (in.remaining() > 0) {
            int status1 = in.u8();
            signals.add(number("status_1", status1, ""));
            protection(signals, status1, 7, AlarmName.LOW_VOLTAGE);
            protection(signals, status1, 6, AlarmName.HIGH_CHARGE_TEMPERATURE);
            protection(signals, status1, 5, AlarmName.HIGH_TEMPERATURE);
            protection(signals, status1, 4, AlarmName.DISCHARGE_OVER_CURRENT);
            protection(signals, status1, 2, AlarmName.CHARGE_OVER_CURRENT);
            protection(signals, status1, 1, AlarmName.LOW_VOLTAGE);
            protection(signals, status1, 0, AlarmName.HIGH_VOLTAGE);
        }
        for (int s = 2; s <= 5 && in.remaining() > 0; s++) {
            signals.add(number("status_" + s, in.u8(), ""));
        }
    }

    private static void warning(List<DecodedSignal> signals, int status, AlarmName below, AlarmName above) {
        AlarmName name = status == 0x01 ? below : status == 0x02 ? above : status == 0xF0 ? AlarmName.BMS_INTERNAL
                : null;
        if (name != null) {
            signals.add(DecodedSignal.number("warning_" + name.canonicalName(), 1, "", status, true));
        }
    }

    private static void protection(List<DecodedSignal> signals, int status, int bit, AlarmName name) {
        if ((status >> bit & 1) != 0) {
            signals.add(DecodedSignal.number("protection_" + name.canonicalName(), 1, "", bit, true));
        }
    }

    /**
     * The identity text a signal carries: 0x51's battery name (the model), software version and manufacturer, 0x93's
     * serial number, 0x96's main-line version (the firmware's); null for other signals.
     */
    private static Identity identityOf(String signalName) {
        return switch (signalName) {
        case "manufacturer" -> Identity.MANUFACTURER;
        case "battery_name" -> Identity.MODEL;
        case "serial_number" -> Identity.SERIAL_NUMBER;
        case "software_version", "mainline_version" -> Identity.FIRMWARE_VERSION;
        default -> null;
        };
    }

    private void fold(List<DecodedSignal> signals) {
        boolean alarmReport = signals.stream().anyMatch(s -> s.name().equals("discharge_current_status"));
        if (alarmReport) {
            // a 0x44 response reports every alarm: what it does not name is not active
            state.clearAlarms(AlarmLevel.PROTECTION);
            state.clearAlarms(AlarmLevel.WARNING);
        }
        for (DecodedSignal signal : signals) {
            Identity identity = identityOf(signal.name());
            if (identity != null && signal.valid() && signal.text() != null && !signal.text().isBlank()) {
                // 0x96's main-line version is the firmware's own; 0x51's software version only until 0x96 answers
                if (signal.name().equals("mainline_version")) {
                    firmwareFromVersionCommand = true;
                } else if (identity == Identity.FIRMWARE_VERSION && firmwareFromVersionCommand) {
                    continue;
                }
                state.set(identity, signal.text().strip());
                continue;
            }
            if (!signal.canonical() || !signal.valid()) {
                continue;
            }
            String name = signal.name();
            if (name.startsWith("protection_") || name.startsWith("warning_")) {
                AlarmLevel level = name.startsWith("protection_") ? AlarmLevel.PROTECTION : AlarmLevel.WARNING;
                AlarmName.byName(name.substring(name.indexOf('_') + 1)).ifPresent(a -> state.raise(a, level));
            } else if (Request.byName(name).isPresent()) {
                state.set(Request.byName(name).get(), signal.value() != 0);
            } else {
                state.setByName(name, signal.value());
            }
        }
    }

    private static DecodedSignal number(String name, double value, String unit) {
        return DecodedSignal.number(name, value, unit, (long) value, false);
    }

    private static DecodedSignal canonical(Quantity quantity, double value) {
        return DecodedSignal.number(quantity.canonicalName(), value, quantity.unit(), (long) value, true);
    }

    private static DecodedSignal request(Request request, int status, int bit) {
        int value = status >> bit & 1;
        return DecodedSignal.number(request.canonicalName(), value, "", value, true);
    }

    /** 0.1 K with the spec's offset 2731: "25.5 °C = 25.5 × 10 + 2731 = 2986". */
    static double kelvin(int raw) {
        return (raw - 2731) / 10.0;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Reads INFO bytes big-endian, as the protocol sends them. */
    private static final class Info {
        private final PylonFrame frame;
        private int position;

        Info(PylonFrame frame) {
            this.frame = frame;
        }

        int u8() {
            if (position >= frame.infoLength()) {
                throw new IndexOutOfBoundsException(position);
            }
            return frame.infoByte(position++);
        }

        int u16() {
            return u8() << 8 | u8();
        }

        int s16() {
            return (short) u16();
        }

        int u24() {
            return u8() << 16 | u8() << 8 | u8();
        }

        void skip(int count) {
            if (position + count > frame.infoLength()) {
                throw new IndexOutOfBoundsException(position + count);
            }
            position += count;
        }

        int remaining() {
            return frame.infoLength() - position;
        }

        String ascii(int count) {
            byte[] bytes = new byte[count];
            for (int i = 0; i < count; i++) {
                bytes[i] = (byte) u8();
            }
            int end = 0;
            while (end < count && bytes[end] != 0) {
                end++;
            }
            return new String(bytes, 0, end, StandardCharsets.US_ASCII).strip();
        }
    }
}
