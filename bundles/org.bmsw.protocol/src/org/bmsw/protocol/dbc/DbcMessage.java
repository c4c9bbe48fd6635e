package org.bmsw.protocol.dbc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code BO_} with its signals.
 *
 * @param dbcId the identifier as the DBC file writes it: bit 31 set for a 29-bit (extended) identifier
 * @param name the name to show: the {@code SystemMessageLongSymbol} attribute when the file has one, else the
 *        {@code BO_} name
 * @param length payload bytes, 0-64 (CAN FD lengths above 8: 12, 16, 20, 24, 32, 48, 64)
 * @param transmitters the {@code BO_} sender followed by any {@code BO_TX_BU_} senders
 * @param attributes {@code BA_} values by attribute name, as written in the file (the long-name attribute is
 *        {@code name}, not one of them)
 */
public record DbcMessage(long dbcId, String name, int length, List<String> transmitters, List<DbcSignal> signals,
        String comment, Map<String, String> attributes) {

    /** Bit 31 of a DBC identifier marks a 29-bit frame. */
    public static final long EXTENDED_FLAG = 0x8000_0000L;

    /** The node name DBC files write where a message has no sender or a signal no receiver. */
    public static final String NO_NODE = "Vector__XXX";

    /** The longest CAN FD payload. */
    public static final int MAX_LENGTH = 64;

    private static final String[] STANDARD_ID_TEXT = new String[0x800];
    private static final int[] FD_LENGTHS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64};

    public DbcMessage {
        Objects.requireNonNull(name, "name");
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("message " + name + ": length " + length + " is not 0-64");
        }
        transmitters = transmitters.isEmpty() ? List.of(NO_NODE) : List.copyOf(transmitters);
        signals = List.copyOf(signals);
        attributes = Map.copyOf(attributes);
    }

    public static DbcMessage of(int canId, boolean extended, String name, int length, List<DbcSignal> signals) {
        return new DbcMessage((canId & 0x1FFF_FFFFL) | (extended ? EXTENDED_FLAG : 0), name, length, List.of(NO_NODE),
                signals, null, Map.of());
    }

    /** Payload bytes of a CAN (FD) data length code: 0-8 as they are, 9-15 → 12, 16, 20, 24, 32, 48, 64. */
    public static int lengthOfDlc(int dlc) {
        if (dlc < 0 || dlc > 15) {
            throw new IllegalArgumentException("DLC " + dlc + " is not 0-15");
        }
        return FD_LENGTHS[dlc];
    }

    /** The smallest data length code whose payload holds {@code length} bytes (0-64). */
    public static int dlcOf(int length) {
        for (int dlc = 0; dlc < FD_LENGTHS.length; dlc++) {
            if (FD_LENGTHS[dlc] >= length) {
                return dlc;
            }
        }
        throw new IllegalArgumentException("length " + length + " is beyond 64 bytes");
    }

    /** True when the payload is longer than a classic frame's 8 bytes: only CAN FD carries it. */
    public boolean isFd() {
        return length > 8;
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
        // every decoded message asks: the 11-bit ones are made once (a benign race: equal Strings)
        if (!isExtended() && canId() < STANDARD_ID_TEXT.length) {
            String text = STANDARD_ID_TEXT[canId()];
            if (text == null) {
                text = idText(canId(), 3);
                STANDARD_ID_TEXT[canId()] = text;
            }
            return text;
        }
        return idText(canId(), isExtended() ? 8 : 3);
    }

    private static String idText(int canId, int width) {
        String hex = Integer.toHexString(canId).toUpperCase(java.util.Locale.ROOT);
        return hex.length() >= width ? "0x" + hex : "0x" + "0".repeat(width - hex.length()) + hex;
    }
}
