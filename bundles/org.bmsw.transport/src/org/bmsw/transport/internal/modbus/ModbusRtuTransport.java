package org.bmsw.transport.internal.modbus;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.spi.Endpoints;
import org.bmsw.transport.internal.serial.SerialPorts;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.internal.serial.SerialTransport;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.util.ModbusUtil;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/** Modbus RTU master on a serial port (RS485 adapter) through j2mod, which drives the port with jSerialComm. */
final class ModbusRtuTransport extends ModbusTransport {

    private final String devicePath;
    private final SerialSettings settings;

    ModbusRtuTransport(String uri, String label, String devicePath, SerialSettings settings, int unitId, int timeoutMs,
            int retries, PollPlan pollPlan) {
        super(uri, SerialTransport.channelOf(devicePath), label, unitId, timeoutMs, retries, pollPlan);
        this.devicePath = devicePath;
        this.settings = settings;
    }

    private static final class RecordingSerialMaster extends ModbusSerialMaster implements RecordingMaster {
        RecordingSerialMaster(SerialParameters parameters, int timeoutMs) {
            super(parameters, timeoutMs);
        }

        @Override
        public ModbusTransaction transaction() {
            return transaction;
        }
    }

    @Override
    public EndpointKind endpointKind() {
        return Endpoints.ofDevicePath(devicePath);
    }

    @Override
    protected AbstractModbusMaster createMaster() throws TransportException {
        SerialPorts.requireExists(label, devicePath);
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(devicePath);
        parameters.setBaudRate(settings.baudRate());
        parameters.setDatabits(settings.dataBits());
        // j2mod's parity and stop-bit constants are jSerialComm's
        parameters.setParity(settings.parity());
        parameters.setStopbits(settings.stopBits());
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(false);
        parameters.setFlowControlIn(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        parameters.setFlowControlOut(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        return new RecordingSerialMaster(parameters, timeoutMs);
    }

    @Override
    protected String connectFailureHint(Exception e) {
        return "cannot open at " + settings + " (" + e.getMessage() + "); is another program using the port?";
    }

    /** Unit id, function code, data, CRC-16 low byte first. */
    @Override
    protected byte[] applicationDataUnit(int unitId, int functionCode, byte[] data, int transactionId) {
        byte[] frame = new byte[data.length + 4];
        frame[0] = (byte) unitId;
        frame[1] = (byte) functionCode;
        System.arraycopy(data, 0, frame, 2, data.length);
        int[] crc = ModbusUtil.calculateCRC(frame, 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc[0];
        frame[frame.length - 1] = (byte) crc[1];
        return frame;
    }
}
