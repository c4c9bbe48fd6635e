package org.bmsw.transport;

/**
 * Modbus master requests on a Modbus transport ({@code modbus-rtu:}, {@code modbus-tcp:}); the transports of
 * those schemes implement this next to {@link Transport}. Requests go to the unit id of the URI's
 * {@code unit} parameter unless {@link #withUnit(int)} chooses another. Addresses are 0-based protocol
 * addresses (register 40001 of a data sheet is address 0). Register values are unsigned 16-bit.
 * <p>
 * Every request and response also reaches the transport's {@link RecordListener}s as a serial record holding
 * its application data unit (request with the TX flag), so a capture shows the Modbus traffic.
 * <p>
 * Failures throw {@link TransportException} naming the port and unit id: no response within the timeout, an
 * exception response from the slave (with its code and meaning), or a broken connection.
 */
public interface ModbusMaster {

    /** The unit id requests go to. */
    int unitId();

    /** A view of this master that addresses {@code unitId} (1-247; 0 is broadcast, 255 for TCP gateways). */
    ModbusMaster withUnit(int unitId);

    /** Function 3. */
    int[] readHoldingRegisters(int address, int count) throws TransportException;

    /** Function 4. */
    int[] readInputRegisters(int address, int count) throws TransportException;

    /** Function 1. */
    boolean[] readCoils(int address, int count) throws TransportException;

    /** Function 2. */
    boolean[] readDiscreteInputs(int address, int count) throws TransportException;

    /** Function 5. */
    void writeSingleCoil(int address, boolean value) throws TransportException;

    /** Function 6; {@code value} 0-65535 (or a negative 16-bit value, sent as its two's complement). */
    void writeSingleRegister(int address, int value) throws TransportException;

    /** Function 15. */
    void writeMultipleCoils(int address, boolean... values) throws TransportException;

    /** Function 16. */
    void writeMultipleRegisters(int address, int... values) throws TransportException;
}
