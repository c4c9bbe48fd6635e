package org.bmsw.protocol;

import java.util.Arrays;
import java.util.List;

import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.modbus.ModbusDecoder;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.protocol.rs485.PylonRs485Decoder;

/**
 * Picks a decoder by protocol id: {@code pylon-can}, {@code sma-can}, {@code pylon-rs485}, {@code modbus}, or
 * {@code auto} (detects from the first records, then decodes them all). A CAN id takes variants after {@code +}:
 * {@code pylon-can+voltage-0.1V+system-error-bit7}.
 */
public final class Protocols {

    public static final String AUTO = "auto";

    private Protocols() {
    }

    /** The protocol ids {@link #create} accepts, {@code auto} last. */
    public static List<String> ids() {
        return List.of(CanProtocol.PYLON, CanProtocol.SMA, PylonRs485Decoder.ID, ModbusDecoder.ID, AUTO);
    }

    /** One line per id, for {@code --help}. */
    public static String describe(String id) {
        return switch (id) {
        case CanProtocol.PYLON -> "Pylontech low-voltage CAN (layouts 1.2 and 1.3, Victron extensions); variants "
                + CanProtocol.variantsOf(CanProtocol.PYLON);
        case CanProtocol.SMA -> "SMA Sunny Island CAN (0x35A pairs, HiResSOC, Victron extensions, SI 0x305-0x307); "
                + "variants " + CanProtocol.variantsOf(CanProtocol.SMA);
        case PylonRs485Decoder.ID -> "Pylontech RS485 ~...\\r ASCII frames (0x42 0x44 0x47 0x4F 0x51 0x92 0x93 0x96)";
        case ModbusDecoder.ID -> "Modbus RTU or TCP (FC 1-6, 15, 16, exceptions) with an optional register map";
        case AUTO -> "detect the protocol and variant from the first records";
        default -> throw new IllegalArgumentException(unknown(id));
        };
    }

    /**
     * A new decoder for {@code spec} (an id, with {@code +variant}s for CAN ids).
     *
     * @throws IllegalArgumentException naming the unknown id or variant and the valid ones
     */
    public static Decoder create(String spec) {
        return create(spec, null);
    }

    /** As {@link #create(String)}, with the register map a {@code modbus} decoder uses (may be null). */
    public static Decoder create(String spec, RegisterMap modbusMap) {
        String[] parts = spec.trim().split("\\+");
        String id = parts[0];
        List<String> variants = Arrays.asList(parts).subList(1, parts.length);
        switch (id) {
        case CanProtocol.PYLON, CanProtocol.SMA:
            return new CanDecoder(CanProtocol.builtIn(id, variants));
        case PylonRs485Decoder.ID:
            noVariants(id, variants);
            return new PylonRs485Decoder();
        case ModbusDecoder.ID:
            noVariants(id, variants);
            return new ModbusDecoder(modbusMap);
        case AUTO:
            noVariants(id, variants);
            return new AutoDecoder(modbusMap);
        default:
            throw new IllegalArgumentException(unknown(id));
        }
    }

    private static void noVariants(String id, List<String> variants) {
        if (!variants.isEmpty()) {
            throw new IllegalArgumentException("protocol " + id + " has no variants, got " + variants);
        }
    }

    private static String unknown(String id) {
        return "unknown protocol '" + id + "'; known: " + String.join(", ", ids());
    }
}
