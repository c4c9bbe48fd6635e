package org.bmsw.protocol.dbc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code BO_} with its signals.
 *
 * @param dbcId the identifier as the DBC file writes it: bit 31 set for a 29-bit (extended) identifier
 * @param transmitters the {@code BO_} sender followed by any {@code BO_TX_BU_} senders
 * @param attributes {@code BA_} values by attribute name, as written in the file
 */
public record DbcMessage(long dbcId, String name, int length, List<String> transmitters, List<DbcSignal> signals,
        String comment, Map<String, String> attributes) {

    /** Bit 31 of a DBC identifier marks a 29-bit frame. */
    public static final long EXTENDED_FLAG = 0x8000_0000L;

    public DbcMessage {
        Objects.requireNonNull(name, "name");
        transmitters = List.copyOf(transmitters);
        signals = List.copyOf(signals);
        attributes = Map.copyOf(attributes);
    }

    public static DbcMessage of(int canId, boolean extended, String name, int length, List<DbcSignal> signals) {
        return new DbcMessage(canId | (extended ? EXTENDED_FLAG : 0), name, length, List.of("Vector__XXX"), signals,
                null, Map.of());
    }

    /** The CAN identifier without the extended flag. */
    public int canId() {
        return (int) (dbcId & 0x1FFF_FFFFL);
    }

    public boolean isExtended() {
        return (dbcId & EXTENDED_FLAG) != 0;
    }

    public DbcSignal signal(String signalName) {
        for (DbcSignal signal : signals) {
            if (signal.name().equals(signalName)) {
                return signal;
            }
        }
        return null;
    }

    /** An attribute's value without the quotes of a string, or null. */
    public String attribute(String attributeName) {
        return DbcDatabase.unquote(attributes.get(attributeName));
    }

    /** {@code 0x351} or {@code 0x18FF50E5x}, as the trace table shows identifiers. */
    public String idText() {
        return isExtended() ? String.format("0x%08X", canId()) : String.format("0x%03X", canId());
    }
}
