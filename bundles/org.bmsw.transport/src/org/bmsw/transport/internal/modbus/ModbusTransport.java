package org.bmsw.transport.internal.modbus;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.transport.ModbusExceptionResponse;
import org.bmsw.transport.ModbusMaster;
import org.bmsw.transport.ModbusPoller;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.WallClock;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusMessage;
import com.ghgande.j2mod.modbus.msg.ModbusMessageImpl;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

/**
 * A Modbus master through j2mod's facade, shared by RTU and TCP. Each request runs under this object's lock
 * (Modbus is one question at a time); its request and response reach the record listeners as serial records
 * holding their application data units, on the caller's thread (j2mod reads responses synchronously, so
 * there is no reader thread). With a poll plan (the URI's {@code map=}), a poller thread reads the map's blocks
 * while the transport is open; the transport is {@link TransportState#OPENING} until the unit first answers (a
 * connection says nothing about the device behind it), and a unit that leaves {@link PollPlan#silentAfter}
 * requests in a row unanswered is reported {@link TransportState#LOST} like a pulled cable, and polled again when
 * the transport is reopened.
 */
abstract class ModbusTransport extends AbstractTransport implements ModbusMaster {

    /** Largest counts the protocol allows in one request. */
    private static final int MAX_REGISTERS = 125;
    private static final int MAX_WRITE_REGISTERS = 123;
    private static final int MAX_BITS = 2000;
    private static final int MAX_WRITE_COILS = 1968;

    protected final String label;
    protected final int timeoutMs;
    protected final int retries;
    private final int defaultUnitId;
    private final ModbusMaster defaultUnit;
    private AbstractModbusMaster master;
    private final PollPlan pollPlan;
    private volatile Thread poller;
    private volatile ModbusPoller activePoller;

    /**
     * What to poll: the map's read blocks, and after how many unanswered requests in a row the unit counts as
     * silent.
     */
    record PollPlan(RegisterMap map, List<RegisterMap.Block> blocks, int silentAfter) {
    }

    /** Exposes the facade's transaction so the request and response can be recorded. */
    interface RecordingMaster {
        ModbusTransaction transaction();
    }

    ModbusTransport(String uri, String channel, String label, int unitId, int timeoutMs, int retries,
            PollPlan pollPlan) {
        super(uri, channel);
        this.pollPlan = pollPlan;
        this.label = label;
        this.defaultUnitId = unitId;
        this.timeoutMs = timeoutMs;
        this.retries = retries;
        this.defaultUnit = new UnitView(unitId);
    }

    /** A new, unconnected j2mod master that implements {@link RecordingMaster}. */
    protected abstract AbstractModbusMaster createMaster() throws TransportException;

    /** The bytes of {@code message} as they travel on this link (RTU with CRC, TCP with MBAP header). */
    protected abstract byte[] applicationDataUnit(int unitId, int functionCode, byte[] data, int transactionId);

    /** A hint for a connection that failed to open. */
    protected abstract String connectFailureHint(Exception e);

    @Override
    public void open() throws TransportException {
        // a master puts requests on the wire; on an RS485 bus that already has a master (an inverter polling its
        // battery) a second one collides with it, so a real port needs the user's acknowledgement like any sender
        requireTransmitAllowed(pollPlan != null ? "polling a register map" : "Modbus requests");
        stopPoller(); // outside the lock: the old poller may be waiting for it
        openMaster();
        if (pollPlan != null) {
            startPoller();
        }
    }

    private synchronized void openMaster() throws TransportException {
        requireOpenable();
        if (master != null) {
            master.disconnect();
            master = null;
        }
        changeState(TransportState.OPENING, label + ": connecting");
        AbstractModbusMaster candidate = createMaster();
        try {
            candidate.connect();
            // j2mod's "retries" counts every attempt (and for TCP, 0 means 5); it reaches only the transaction
            // that connect() creates
            candidate.setRetries(retries + 1);
        } catch (Exception e) {
            candidate.disconnect();
            TransportException failure = new TransportException(label + ": " + connectFailureHint(e), e);
            changeState(TransportState.CLOSED, failure.getMessage());
            throw failure;
        }
        master = candidate;
        if (pollPlan == null) {
            changeState(TransportState.OPEN, label + ": connected, unit " + defaultUnitId + ", timeout " + timeoutMs
                    + " ms");
        } else {
            // open once the unit answers: a TCP connection or a serial port says nothing about the device behind it
            changeState(TransportState.OPENING, label + ": connected, polling " + pollPlan.blocks().size() + " block"
                    + (pollPlan.blocks().size() == 1 ? "" : "s") + " of " + pollPlan.map().name() + " at unit "
                    + defaultUnitId + ", waiting for its first answer");
        }
    }

    /** The poll's first answer (data or an exception response): the unit is there. */
    private synchronized void answered() {
        if (state() == TransportState.OPENING && master != null) {
            changeState(TransportState.OPEN, label + " unit " + defaultUnitId + ": answering, polling "
                    + pollPlan.blocks().size() + " block" + (pollPlan.blocks().size() == 1 ? "" : "s") + " of "
                    + pollPlan.map().name());
        }
    }

    private boolean polling() {
        TransportState state = state();
        return state == TransportState.OPEN || state == TransportState.OPENING;
    }

    @Override
    public void close() {
        stopPoller();
        synchronized (this) {
            if (master == null) {
                return;
            }
            master.disconnect();
            master = null;
            changeState(TransportState.CLOSED, label + ": closed");
        }
    }

    /** The poller while one runs (its counters), else null. */
    public ModbusPoller poller() {
        return activePoller;
    }

    private void startPoller() {
        ModbusPoller polling = new ModbusPoller(defaultUnit, pollPlan.blocks());
        activePoller = polling;
        Thread thread = new Thread(() -> poll(polling), label + " poller");
        thread.setDaemon(true);
        poller = thread;
        thread.start();
    }

    private void stopPoller() {
        Thread thread = poller;
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        poller = null;
        thread.interrupt();
        try {
            thread.join(timeoutMs * (long) (retries + 1) + 2000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void poll(ModbusPoller polling) {
        while (poller == Thread.currentThread() && polling()) {
            try {
                polling.pollNext();
                answered();
            } catch (InterruptedException e) {
                return;
            } catch (ModbusExceptionResponse e) {
                answered(); // the unit is there and refused this block: its exception response is in the records
            } catch (TransportException e) {
                if (polling.unansweredInARow() >= pollPlan.silentAfter()) {
                    silent(polling, e);
                    return;
                }
            }
        }
    }

    /** The unit stopped answering: reported as lost, as a port that went away, until the transport is reopened. */
    private synchronized void silent(ModbusPoller polling, TransportException last) {
        if (poller != Thread.currentThread() || !polling()) {
            return; // closing
        }
        poller = null;
        if (master != null) {
            master.disconnect();
        }
        changeState(TransportState.LOST, label + " unit " + defaultUnitId + ": silent, " + polling.unansweredInARow()
                + " requests in a row unanswered (last: " + last.getMessage() + ")");
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        throw new TransportException(label + ": send raw records is not supported on a Modbus master; use the "
                + "ModbusMaster requests (readHoldingRegisters, ...)");
    }

    @Override
    public int unitId() {
        return defaultUnitId;
    }

    @Override
    public ModbusMaster withUnit(int unitId) {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException(label + ": unit id " + unitId + " is out of range 0..255");
        }
        return new UnitView(unitId);
    }

    @Override
    public int[] readHoldingRegisters(int address, int count) throws TransportException {
        return defaultUnit.readHoldingRegisters(address, count);
    }

    @Override
    public int[] readInputRegisters(int address, int count) throws TransportException {
        return defaultUnit.readInputRegisters(address, count);
    }

    @Override
    public boolean[] readCoils(int address, int count) throws TransportException {
        return defaultUnit.readCoils(address, count);
    }

    @Override
    public boolean[] readDiscreteInputs(int address, int count) throws TransportException {
        return defaultUnit.readDiscreteInputs(address, count);
    }

    @Override
    public void writeSingleCoil(int address, boolean value) throws TransportException {
        defaultUnit.writeSingleCoil(address, value);
    }

    @Override
    public void writeSingleRegister(int address, int value) throws TransportException {
        defaultUnit.writeSingleRegister(address, value);
    }

    @Override
    public void writeMultipleCoils(int address, boolean... values) throws TransportException {
        defaultUnit.writeMultipleCoils(address, values);
    }

    @Override
    public void writeMultipleRegisters(int address, int... values) throws TransportException {
        defaultUnit.writeMultipleRegisters(address, values);
    }

    /** One j2mod call; j2mod's exceptions carry no port or unit, so they are wrapped here. */
    @FunctionalInterface
    private interface Request<T> {
        T run(AbstractModbusMaster master) throws ModbusException;
    }

    private synchronized <T> T execute(int unitId, String operation, Request<T> request) throws TransportException {
        // while a poll waits for the unit's first answer the transport is opening, and its requests go out
        if (master == null || !(state() == TransportState.OPEN
                || state() == TransportState.OPENING && poller == Thread.currentThread())) {
            throw new TransportException(label + " unit " + unitId + ": cannot " + operation + ", transport is "
                    + state().name().toLowerCase());
        }
        long requestNs = WallClock.epochNs();
        ModbusTransaction transaction = ((RecordingMaster) master).transaction();
        try {
            T result = request.run(master);
            record(transaction, requestNs, true);
            return result;
        } catch (ModbusSlaveException e) {
            record(transaction, requestNs, true);
            throw new ModbusExceptionResponse(label + " unit " + unitId + ": slave answered exception " + e.getType()
                    + " (" + exceptionMeaning(e.getType()) + ") to " + operation, e.getType(), e);
        } catch (ModbusException | RuntimeException e) {
            record(transaction, requestNs, false);
            TransportException failure = new TransportException(label + " unit " + unitId + ": no valid answer to "
                    + operation + " within " + timeoutMs + " ms" + (retries > 0 ? " and " + retries + " retries" : "")
                    + " (" + e.getMessage() + "); check the wiring, line settings and unit id", e);
            // j2mod reconnects a TCP master on the next request, so only a master it gave up on counts as lost
            if (!master.isConnected()) {
                changeState(TransportState.LOST, failure.getMessage());
            }
            throw failure;
        }
    }

    /** Delivers the request and, when {@code withResponse}, the response of the transaction just run. */
    private void record(ModbusTransaction transaction, long requestNs, boolean withResponse) {
        if (transaction == null || transaction.getRequest() == null) {
            return;
        }
        recordsSent.incrementAndGet();
        ModbusMessage request = transaction.getRequest();
        deliverMessage(request, request.getTransactionID(), requestNs, true);
        ModbusResponse response = transaction.getResponse();
        if (withResponse && response != null) {
            // j2mod's response objects do not keep the transaction id read from the wire (it is always 0); the
            // TCP slave echoes the request's, so that is the one the response carried
            deliverMessage(response, request.getTransactionID(), WallClock.epochNs(), false);
        }
    }

    private void deliverMessage(ModbusMessage message, int transactionId, long timestampNs, boolean transmitted) {
        if (!(message instanceof ModbusMessageImpl messageWithData)) {
            return; // every j2mod message is one
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try {
            messageWithData.writeData(new DataOutputStream(data));
        } catch (IOException e) {
            return; // a ByteArrayOutputStream does not fail
        }
        byte[] unit = applicationDataUnit(message.getUnitID(), message.getFunctionCode(), data.toByteArray(),
                transactionId);
        deliver(TraceRecord.serial(timestampNs, channel(), transmitted, unit));
    }

    /** The meaning of a Modbus exception code, as the protocol names it. */
    static String exceptionMeaning(int code) {
        return ModbusExceptionResponse.meaning(code);
    }

    private static void checkCount(String what, int count, int max) throws TransportException {
        if (count < 1 || count > max) {
            throw new TransportException(what + " count " + count + " is out of range 1.." + max);
        }
    }

    private static void checkAddress(int address, int count) throws TransportException {
        if (address < 0 || address + count > 0x10000) {
            throw new TransportException("address range " + address + ".." + (address + count - 1)
                    + " is out of range 0..65535");
        }
    }

    /** Requests addressed to one unit id. */
    private final class UnitView implements ModbusMaster {

        private final int unit;

        UnitView(int unit) {
            this.unit = unit;
        }

        @Override
        public int unitId() {
            return unit;
        }

        @Override
        public ModbusMaster withUnit(int unitId) {
            return ModbusTransport.this.withUnit(unitId);
        }

        @Override
        public int[] readHoldingRegisters(int address, int count) throws TransportException {
            checkCount("register", count, MAX_REGISTERS);
            checkAddress(address, count);
            Register[] registers = execute(unit, "read " + count + " holding registers at " + address,
                    m -> m.readMultipleRegisters(unit, address, count));
            return values(registers);
        }

        @Override
        public int[] readInputRegisters(int address, int count) throws TransportException {
            checkCount("register", count, MAX_REGISTERS);
            checkAddress(address, count);
            InputRegister[] registers = execute(unit, "read " + count + " input registers at " + address,
                    m -> m.readInputRegisters(unit, address, count));
            return values(registers);
        }

        @Override
        public boolean[] readCoils(int address, int count) throws TransportException {
            checkCount("coil", count, MAX_BITS);
            checkAddress(address, count);
            return bits(execute(unit, "read " + count + " coils at " + address, m -> m.readCoils(unit, address, count)),
                    count);
        }

        @Override
        public boolean[] readDiscreteInputs(int address, int count) throws TransportException {
            checkCount("discrete input", count, MAX_BITS);
            checkAddress(address, count);
            return bits(execute(unit, "read " + count + " discrete inputs at " + address,
                    m -> m.readInputDiscretes(unit, address, count)), count);
        }

        @Override
        public void writeSingleCoil(int address, boolean value) throws TransportException {
            checkAddress(address, 1);
            execute(unit, "write coil " + address, m -> m.writeCoil(unit, address, value));
        }

        @Override
        public void writeSingleRegister(int address, int value) throws TransportException {
            checkAddress(address, 1);
            checkRegisterValue(value);
            execute(unit, "write register " + address, m -> m.writeSingleRegister(unit, address, new SimpleRegister(value & 0xFFFF)));
        }

        @Override
        public void writeMultipleCoils(int address, boolean... values) throws TransportException {
            checkCount("coil", values.length, MAX_WRITE_COILS);
            checkAddress(address, values.length);
            BitVector bits = new BitVector(values.length);
            for (int i = 0; i < values.length; i++) {
                bits.setBit(i, values[i]);
            }
            execute(unit, "write " + values.length + " coils at " + address, m -> {
                m.writeMultipleCoils(unit, address, bits);
                return null;
            });
        }

        @Override
        public void writeMultipleRegisters(int address, int... values) throws TransportException {
            checkCount("register", values.length, MAX_WRITE_REGISTERS);
            checkAddress(address, values.length);
            Register[] registers = new Register[values.length];
            for (int i = 0; i < values.length; i++) {
                checkRegisterValue(values[i]);
                registers[i] = new SimpleRegister(values[i] & 0xFFFF);
            }
            execute(unit, "write " + values.length + " registers at " + address,
                    m -> m.writeMultipleRegisters(unit, address, registers));
        }

        private static void checkRegisterValue(int value) throws TransportException {
            if (value < Short.MIN_VALUE || value > 0xFFFF) {
                throw new TransportException("register value " + value + " does not fit 16 bits");
            }
        }

        private static int[] values(InputRegister[] registers) {
            int[] values = new int[registers.length];
            for (int i = 0; i < registers.length; i++) {
                values[i] = registers[i].toUnsignedShort();
            }
            return values;
        }

        private static boolean[] bits(BitVector vector, int count) {
            boolean[] bits = new boolean[count];
            for (int i = 0; i < count; i++) {
                bits[i] = vector.getBit(i);
            }
            return bits;
        }
    }
}
