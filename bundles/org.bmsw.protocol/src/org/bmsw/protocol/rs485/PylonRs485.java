package org.bmsw.protocol.rs485;

import java.util.Map;

/**
 * The arithmetic and vocabulary of the Pylontech low-voltage RS485 protocol V3.3 ({@code protocols.md} section 5):
 * LENGTH and frame checksums, return codes, command names, and building frames.
 */
public final class PylonRs485 {

    /** CID1 of battery data. */
    public static final int CID1_BATTERY = 0x46;

    public static final int ANALOG_VALUES = 0x42;
    public static final int ALARM_INFO = 0x44;
    public static final int SYSTEM_PARAMETERS = 0x47;
    public static final int PROTOCOL_VERSION = 0x4F;
    public static final int MANUFACTURER_INFO = 0x51;
    public static final int CHARGE_DISCHARGE_INFO = 0x92;
    public static final int SERIAL_NUMBER = 0x93;
    public static final int SET_CHARGE_DISCHARGE = 0x94;
    public static final int TURN_OFF = 0x95;
    public static final int FIRMWARE_VERSION = 0x96;

    private static final Map<Integer, String> COMMANDS = Map.of(ANALOG_VALUES, "AnalogValues", ALARM_INFO,
            "AlarmInfo", SYSTEM_PARAMETERS, "SystemParameters", PROTOCOL_VERSION, "ProtocolVersion",
            MANUFACTURER_INFO, "ManufacturerInfo", CHARGE_DISCHARGE_INFO, "ChargeDischargeInfo", SERIAL_NUMBER,
            "SerialNumber", SET_CHARGE_DISCHARGE, "SetChargeDischarge", TURN_OFF, "TurnOff", FIRMWARE_VERSION,
            "FirmwareVersion");

    private static final Map<Integer, String> RETURN_CODES = Map.of(0x00, "normal", 0x01, "VER error", 0x02,
            "CHKSUM error", 0x03, "LCHKSUM error", 0x04, "CID2 invalid", 0x05, "command format error", 0x06,
            "invalid data", 0x90, "ADR error", 0x91, "internal communication error");

    private PylonRs485() {
    }

    /**
     * LCHKSUM of a LENID: the sum of its three nibbles, inverted, plus one, kept to 4 bits. Done as
     * {@code (-sum) & 0xF} so a nibble sum that is a multiple of 16 gives 0, not the 0x10 of the
     * {@code (~sum & 0xF) + 1} implementations (Battery-Emulator, python-pylontech, seplos).
     */
    public static int lchksum(int lenid) {
        int sum = (lenid >> 8 & 0xF) + (lenid >> 4 & 0xF) + (lenid & 0xF);
        return -sum & 0xF;
    }

    /** The 16-bit LENGTH field for a LENID. */
    public static int length(int lenid) {
        if (lenid < 0 || lenid > 0xFFF) {
            throw new IllegalArgumentException("LENID " + lenid + " is not 0-4095");
        }
        return lchksum(lenid) << 12 | lenid;
    }

    /** CHKSUM of characters {@code from} to {@code to}: their ASCII sum mod 65536, inverted, plus one. */
    public static int chksum(CharSequence text, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += text.charAt(i);
        }
        return -sum & 0xFFFF;
    }

    /** True for the return codes of section 2.5.2; commands use other values, so CID2 tells a response apart. */
    public static boolean isReturnCode(int cid2) {
        return RETURN_CODES.containsKey(cid2);
    }

    /** What a return code means, e.g. {@code "CHKSUM error"}. */
    public static String explainReturnCode(int rtn) {
        return RETURN_CODES.getOrDefault(rtn, String.format("unknown return code %02X", rtn));
    }

    /** The command's name, e.g. {@code AnalogValues} for 0x42, or {@code Command4A}. */
    public static String commandName(int cid2) {
        return COMMANDS.getOrDefault(cid2, String.format("Command%02X", cid2));
    }

    /** A complete frame {@code ~…\r} with correct LENGTH and CHKSUM. */
    public static String frame(int ver, int adr, int cid1, int cid2, byte[] info) {
        StringBuilder body = new StringBuilder(String.format("%02X%02X%02X%02X%04X", ver, adr, cid1, cid2,
                length(info.length * 2)));
        for (byte b : info) {
            body.append(String.format("%02X", b & 0xFF));
        }
        return "~" + body + String.format("%04X", chksum(body, 0, body.length())) + "\r";
    }
}
