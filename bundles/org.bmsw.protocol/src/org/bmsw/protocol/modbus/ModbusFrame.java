package org.bmsw.protocol.modbus;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.List;

import com.ghgande.j2mod.modbus.msg.ExceptionResponse;
import com.ghgande.j2mod.modbus.msg.ModbusMessage;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;

/**
 * One Modbus application data unit as framed off the wire, RTU or TCP.
 *
 * @param tcp true for MBAP framing, false for RTU
 * @param transactionId the MBAP transaction identifier; -1 for RTU
 * @param unit the slave (unit) address
 * @param pdu function code and data (no address, CRC or MBAP header)
 * @param request true for a master's request, false for a slave's response
 * @param problems what is wrong with it (a bad CRC, a PDU j2mod cannot read); empty when nothing is
 */
public record ModbusFrame(boolean tcp, int transactionId, int unit, byte[] pdu, boolean request,
        List<String> problems) {

    public ModbusFrame {
        pdu = pdu.clone();
        problems = List.copyOf(problems);
    }

    @Override
    public byte[] pdu() {
        return pdu.clone();
    }

    /** True when this frame's PDU is {@code other}'s bytes. */
    public boolean hasPdu(byte[] other) {
        return java.util.Arrays.equals(pdu, other);
    }

    /**
     * What j2mod's reading of the PDU depends on: request or response, function code (exception bit included),
     * length and the byte counts at PDU bytes 1 and 5; equal shapes read alike.
     */
    long shape() {
        return (request ? 1L << 48 : 0) | (long) (pdu[0] & 0xFF) << 40 | (long) pdu.length << 16
                | (pdu.length > 1 ? pdu[1] & 0xFF : 0) << 8 | (pdu.length > 5 ? pdu[5] & 0xFF : 0);
    }

    public int functionCode() {
        return pdu[0] & 0x7F;
    }

    public boolean isException() {
        return (pdu[0] & 0x80) != 0;
    }

    /** The exception code of an exception response (1 illegal function, 2 illegal address, ...), else 0. */
    public int exceptionCode() {
        return isException() && pdu.length > 1 ? pdu[1] & 0xFF : 0;
    }

    /** PDU byte {@code index} as unsigned. */
    public int pduByte(int index) {
        return pdu[index] & 0xFF;
    }

    /** PDU bytes {@code index} and {@code index + 1} as an unsigned big-endian word. */
    public int pduWord(int index) {
        return pduByte(index) << 8 | pduByte(index + 1);
    }

    /**
     * The frame as a j2mod message ({@code ReadMultipleRegistersRequest}, {@code ExceptionResponse}, ...), for
     * code that wants j2mod's accessors.
     *
     * @throws IOException when j2mod cannot read the PDU
     */
    public ModbusMessage toJ2mod() throws IOException {
        DataInputStream data = new DataInputStream(new ByteArrayInputStream(pdu, 1, pdu.length - 1));
        if (isException()) {
            ExceptionResponse response = new ExceptionResponse(functionCode(), exceptionCode());
            response.setUnitID(unit);
            return response;
        }
        if (request) {
            ModbusRequest message = ModbusRequest.createModbusRequest(functionCode());
            message.setHeadless(!tcp);
            message.setUnitID(unit);
            message.readData(data);
            return message;
        }
        ModbusResponse message = ModbusResponse.createModbusResponse(functionCode());
        message.setHeadless(!tcp);
        message.setUnitID(unit);
        message.readData(data);
        return message;
    }

    /** What an exception code means. */
    public static String explainException(int code) {
        return switch (code) {
        case 1 -> "illegal function";
        case 2 -> "illegal data address";
        case 3 -> "illegal data value";
        case 4 -> "server device failure";
        case 5 -> "acknowledge";
        case 6 -> "server device busy";
        case 8 -> "memory parity error";
        case 0x0A -> "gateway path unavailable";
        case 0x0B -> "gateway target device failed to respond";
        default -> "unknown exception " + code;
        };
    }
}
