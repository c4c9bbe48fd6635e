package org.bmsw.transport.internal.modbus;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.spi.Endpoints;

import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;

/** Modbus TCP master through j2mod. */
final class ModbusTcpTransport extends ModbusTransport {

    private final String host;
    private final int port;

    ModbusTcpTransport(String uri, String label, String host, int port, int unitId, int timeoutMs, int retries,
            PollPlan pollPlan) {
        super(uri, host + ":" + port, label, unitId, timeoutMs, retries, pollPlan);
        this.host = host;
        this.port = port;
    }

    private static final class RecordingTcpMaster extends ModbusTCPMaster implements RecordingMaster {
        RecordingTcpMaster(String host, int port, int timeoutMs) {
            super(host, port, timeoutMs, false, false);
        }

        @Override
        public ModbusTransaction transaction() {
            return transaction;
        }
    }

    @Override
    public EndpointKind endpointKind() {
        return Endpoints.ofHost(host);
    }

    @Override
    protected AbstractModbusMaster createMaster() throws TransportException {
        return new RecordingTcpMaster(host, port, timeoutMs);
    }

    @Override
    protected String connectFailureHint(Exception e) {
        return "cannot connect to " + host + ":" + port + " within " + timeoutMs + " ms (" + e.getMessage()
                + "); is the device on and the address right?";
    }

    /** MBAP header (transaction id, protocol 0, length), unit id, function code, data. */
    @Override
    protected byte[] applicationDataUnit(int unitId, int functionCode, byte[] data, int transactionId) {
        byte[] frame = new byte[data.length + 8];
        int length = data.length + 2;
        frame[0] = (byte) (transactionId >> 8);
        frame[1] = (byte) transactionId;
        frame[4] = (byte) (length >> 8);
        frame[5] = (byte) length;
        frame[6] = (byte) unitId;
        frame[7] = (byte) functionCode;
        System.arraycopy(data, 0, frame, 8, data.length);
        return frame;
    }
}
