package org.bmsw.protocol.modbus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Identity;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;
import org.bmsw.protocol.Decoder;

/**
 * Decodes sniffed Modbus RTU or TCP traffic (serial records; TCP when a channel's first bytes read as an MBAP
 * header) for function codes 1-6, 15, 16 and exceptions. A read response is matched with its request for the
 * start address and, with a {@link RegisterMap}, turned into named values; canonical ones fold into the state.
 */
public final class ModbusDecoder implements Decoder {

    public static final String ID = "modbus";

    private final RegisterMap map;
    private final Map<String, ModbusFramer> framers = new HashMap<>();
    private final Map<Long, int[]> pendingReads = new HashMap<>(); // {function, address, quantity}
    private final BatteryState.Builder state = BatteryState.builder();
    private final Map<String, Target> targets = new HashMap<>();
    /** Per channel, the last response to each read (function, address, quantity) and what it decoded to. */
    private final Map<String, Map<Long, Repeat>> lastReads = new HashMap<>();
    /** PDU shapes j2mod has read without complaint: its second opinion is asked once per shape. */
    private final Set<Long> shapesJ2modReads = new HashSet<>();

    /** A read response's PDU and its decoded message, for the unchanged answers a poll mostly gets. */
    private record Repeat(byte[] pdu, DecodedMessage message) {
    }

    /** @param map the register map, or null to show registers by address only */
    public ModbusDecoder(RegisterMap map) {
        this.map = map;
    }

    @Override
    public String protocolId() {
        return ID;
    }

    @Override
    public List<String> variants() {
        return map == null ? List.of("no register map: registers shown by address")
                : List.of("register map: " + map.name());
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
        byte[] bytes = record.payload();
        ModbusFramer framer = framers.computeIfAbsent(record.channel(),
                c -> looksLikeMbap(bytes) ? ModbusFramer.tcp() : ModbusFramer.rtu());
        framer.feed(bytes, 0, bytes.length, frame -> out.accept(decode(record.timestampNs(), record.channel(), frame)));
    }

    static boolean looksLikeMbap(byte[] bytes) {
        if (bytes.length < 8 || bytes[2] != 0 || bytes[3] != 0) {
            return false;
        }
        int length = (bytes[4] & 0xFF) << 8 | (bytes[5] & 0xFF);
        return length >= 2 && length <= 254 && length + 6 <= bytes.length;
    }

    public DecodedMessage decode(long timestampNs, String channel, ModbusFrame frame) {
        List<DecodedSignal> signals = new ArrayList<>();
        List<String> problems = new ArrayList<>(frame.problems());
        int function = frame.functionCode();
        String kind = frame.request() ? " request" : " response";
        signals.add(number("unit", frame.unit(), ""));
        long key = frame.tcp() ? frame.transactionId() : ((long) frame.unit() << 8 | function);
        try {
            if (frame.isException()) {
                signals.add(new DecodedSignal("exception_code", frame.exceptionCode(), "", frame.exceptionCode(), null,
                        ModbusFrame.explainException(frame.exceptionCode()), false, true));
                problems.add("exception " + frame.exceptionCode() + ": "
                        + ModbusFrame.explainException(frame.exceptionCode()));
                pendingReads.remove(key);
                return message(timestampNs, channel, function, name(function) + " exception", signals, problems);
            }
            switch (function) {
            case 1, 2, 3, 4 -> {
                if (frame.request()) {
                    int address = frame.pduWord(1);
                    int quantity = frame.pduWord(3);
                    signals.add(number("address", address, ""));
                    signals.add(number("quantity", quantity, ""));
                    pendingReads.put(key, new int[] {function, address, quantity});
                } else {
                    int count = frame.pduByte(1);
                    int[] read = pendingReads.remove(key);
                    int address = read == null ? -1 : read[1];
                    if (read == null) {
                        problems.add("response without its request: register addresses unknown");
                    }
                    long readKey = read == null ? -1 : (long) function << 40 | (long) address << 20 | read[2];
                    Repeat repeat = read == null ? null : lastReads.getOrDefault(channel, Map.of()).get(readKey);
                    if (repeat != null && frame.problems().isEmpty() && frame.hasPdu(repeat.pdu())) {
                        // the same answer as last time: the same values, already folded into the state
                        state.timestampNs(timestampNs);
                        DecodedMessage before = repeat.message();
                        return new DecodedMessage(timestampNs, channel, before.id(), before.message(),
                                before.signals(), before.problems());
                    }
                    if (function <= 2) {
                        int[] bits = new int[read == null ? count * 8 : Math.min(count * 8, read[2])];
                        for (int bit = 0; bit < bits.length; bit++) {
                            bits[bit] = frame.pduByte(2 + bit / 8) >> (bit % 8) & 1;
                        }
                        bits(function, address, bits, signals);
                    } else {
                        int[] words = new int[count / 2];
                        for (int w = 0; w < words.length; w++) {
                            words[w] = frame.pduWord(2 + 2 * w);
                        }
                        registers(function, address, words, signals);
                    }
                    if (read != null) {
                        checkWithJ2mod(frame, problems);
                        DecodedMessage message = message(timestampNs, channel, function, name(function) + kind, signals,
                                problems);
                        if (problems.isEmpty()) {
                            lastReads.computeIfAbsent(channel, c -> new HashMap<>()).put(readKey,
                                    new Repeat(frame.pdu(), message));
                        }
                        return message;
                    }
                }
            }
            case 5, 6 -> {
                signals.add(number("address", frame.pduWord(1), ""));
                signals.add(number("value", frame.pduWord(3), ""));
            }
            case 15, 16 -> {
                signals.add(number("address", frame.pduWord(1), ""));
                signals.add(number("quantity", frame.pduWord(3), ""));
                if (frame.request() && function == 16) {
                    int count = frame.pduByte(5) / 2;
                    for (int w = 0; w < count; w++) {
                        signals.add(number("value_" + (frame.pduWord(1) + w), frame.pduWord(6 + 2 * w), ""));
                    }
                }
            }
            default -> problems.add("function code " + function + " is not decoded");
            }
            checkWithJ2mod(frame, problems);
        } catch (ArrayIndexOutOfBoundsException e) {
            problems.add("PDU of " + frame.pdu().length + " bytes ends early for function code " + function);
        }
        return message(timestampNs, channel, function, name(function) + kind, signals, problems);
    }

    /** j2mod reads the PDU as a second opinion on its structure, once per shape of PDU. */
    private void checkWithJ2mod(ModbusFrame frame, List<String> problems) {
        long shape = frame.shape();
        if (shapesJ2modReads.contains(shape)) {
            return;
        }
        try {
            frame.toJ2mod();
            shapesJ2modReads.add(shape);
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("j2mod cannot read the PDU: " + e.getMessage());
        }
    }

    private void bits(int function, int address, int[] bits, List<DecodedSignal> signals) {
        RegisterMap.Table table = RegisterMap.Table.ofReadFunction(function);
        boolean mapped = false;
        if (map != null && address >= 0) {
            for (RegisterMap.Entry entry : map.entries()) {
                int from = entry.address() - address;
                if (entry.table() == table && from >= 0 && from < bits.length) {
                    double value = bits[from] * entry.scale() + entry.offset();
                    signals.add(DecodedSignal.number(entry.name(), value, entry.unit(), bits[from], entry.canonical()));
                    mapped = true;
                    if (entry.canonical()) {
                        fold(entry.name(), bits[from] != 0, value);
                    }
                }
            }
        }
        if (!mapped) {
            String prefix = function == 1 ? "coil_" : "input_";
            for (int bit = 0; bit < bits.length; bit++) {
                signals.add(number(prefix + (address < 0 ? "?" + bit : Integer.toString(address + bit)), bits[bit], ""));
            }
        }
    }

    private void registers(int function, int address, int[] words, List<DecodedSignal> signals) {
        RegisterMap.Table table = RegisterMap.Table.ofReadFunction(function);
        boolean mapped = false;
        if (map != null && address >= 0) {
            for (RegisterMap.Entry entry : map.entries()) {
                int from = entry.address() - address;
                if (entry.table() != table || from < 0 || from + entry.words() > words.length) {
                    continue;
                }
                mapped = true;
                if (entry.type() == RegisterMap.Type.STRING) {
                    String text = entry.text(words, from);
                    signals.add(DecodedSignal.text(entry.name(), text, entry.canonical()));
                    Identity identity = Identity.byName(entry.name()).orElse(null);
                    if (identity != null && !text.isEmpty()) {
                        state.set(identity, text);
                    }
                    continue;
                }
                double value = entry.decode(words, from);
                long raw = entry.raw(words, from);
                signals.add(DecodedSignal.number(entry.name(), value, entry.unit(), raw, entry.canonical()));
                if (entry.canonical() && Double.isFinite(value)) {
                    fold(entry.name(), value != 0, value);
                }
                for (RegisterMap.BitField bit : entry.bits()) {
                    boolean set = (raw >>> bit.bit() & 1) != 0;
                    boolean on = set != bit.inverted();
                    boolean canonical = target(bit.name()).canonical();
                    signals.add(DecodedSignal.number(bit.name(), on ? 1 : 0, "", set ? 1 : 0, canonical));
                    if (canonical) {
                        fold(bit.name(), on, on ? 1 : 0);
                    }
                }
            }
        }
        if (!mapped) {
            String prefix = table == RegisterMap.Table.HOLDING ? "holding_" : "input_register_";
            for (int w = 0; w < words.length; w++) {
                signals.add(number(prefix + (address < 0 ? "?" + w : Integer.toString(address + w)), words[w], ""));
            }
        }
    }

    /** What a name folds into; looked up once per name (a poll decodes the same names many times a second). */
    private record Target(Quantity quantity, Request request, RegisterMap.Alarm alarm) {

        boolean canonical() {
            return quantity != null || request != null || alarm != null;
        }
    }

    private Target target(String name) {
        return targets.computeIfAbsent(name, n -> new Target(Quantity.byName(n).orElse(null),
                Request.byName(n).orElse(null), RegisterMap.alarmOf(n).orElse(null)));
    }

    /** A canonical value into the state: a quantity, a request, or an alarm raised or cleared. */
    private void fold(String name, boolean on, double value) {
        Target target = target(name);
        if (target.request() != null) {
            state.set(target.request(), on);
        } else if (target.alarm() != null) {
            if (on) {
                state.raise(target.alarm().name(), target.alarm().level());
            } else {
                state.clear(target.alarm().name(), target.alarm().level());
            }
        } else if (target.quantity() != null) {
            state.set(target.quantity(), value);
        }
    }

    private DecodedMessage message(long timestampNs, String channel, int function, String name,
            List<DecodedSignal> signals, List<String> problems) {
        state.timestampNs(timestampNs);
        return new DecodedMessage(timestampNs, channel, "fc" + function, name, signals, problems);
    }

    private static DecodedSignal number(String name, double value, String unit) {
        return DecodedSignal.number(name, value, unit, (long) value, false);
    }

    static String name(int function) {
        return switch (function) {
        case 1 -> "ReadCoils";
        case 2 -> "ReadDiscreteInputs";
        case 3 -> "ReadHoldingRegisters";
        case 4 -> "ReadInputRegisters";
        case 5 -> "WriteSingleCoil";
        case 6 -> "WriteSingleRegister";
        case 15 -> "WriteMultipleCoils";
        case 16 -> "WriteMultipleRegisters";
        default -> "Function" + function;
        };
    }
}
