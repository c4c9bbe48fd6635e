package org.bmsw.sim;

import java.net.InetAddress;
import java.util.Map;
import java.util.function.Function;

import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.core.state.Request;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.protocol.modbus.RegisterMap.Entry;
import org.bmsw.transport.TransportException;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.slave.ModbusSlave;
import com.ghgande.j2mod.modbus.slave.ModbusSlaveFactory;
import com.ghgande.j2mod.modbus.util.SerialParameters;

/**
 * A simulated Modbus device: j2mod's slave (TCP on a loopback port, or RTU on a serial port such as one end of a
 * socat pty pair) serving a register map, its registers set by name from {@link #serve}. Every register of the
 * map's read blocks exists, so a master polling by the same map is answered; a request outside them gets j2mod's
 * exception 2 (illegal data address). {@link #silent(boolean)} makes the unit stop answering (its process image is
 * taken away: an RTU slave then ignores the requests, a TCP slave drops them).
 */
public final class ModbusDevice implements AutoCloseable {

    private final RegisterMap map;
    private final int unit;
    private final ModbusSlave slave;
    private final SimpleProcessImage image = new SimpleProcessImage();
    private final String label;
    private boolean silent;

    private ModbusDevice(RegisterMap map, int unit, ModbusSlave slave, String label) throws ModbusException {
        this.map = map;
        this.unit = unit;
        this.slave = slave;
        this.label = label;
        for (RegisterMap.Block block : map.blocks(125, 2000)) {
            for (int a = block.address(); a < block.address() + block.count(); a++) {
                switch (block.table()) {
                case HOLDING -> image.addRegister(a, new SimpleRegister(0));
                case INPUT -> image.addInputRegister(a, new SimpleInputRegister(0));
                case COIL -> image.addDigitalOut(a, new SimpleDigitalOut(false));
                case DISCRETE -> image.addDigitalIn(a, new SimpleDigitalIn(false));
                }
            }
        }
        slave.addProcessImage(unit, image);
    }

    /** A Modbus TCP device on {@code address:port} answering unit {@code unit}. */
    public static ModbusDevice tcp(RegisterMap map, int unit, InetAddress address, int port) throws TransportException {
        try {
            ModbusSlave slave = ModbusSlaveFactory.createTCPSlave(address, port, 4, false);
            ModbusDevice device = new ModbusDevice(map, unit, slave, "modbus-tcp://" + address.getHostAddress() + ":"
                    + port + " unit " + unit);
            slave.open();
            return device;
        } catch (ModbusException | RuntimeException e) {
            throw new TransportException("cannot serve " + map.name() + " on " + address.getHostAddress() + ":" + port
                    + ": " + e.getMessage(), e);
        }
    }

    /** A Modbus RTU device on the serial port {@code devicePath} (8N1 at {@code baud}) answering unit {@code unit}. */
    public static ModbusDevice rtu(RegisterMap map, int unit, String devicePath, int baud) throws TransportException {
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(devicePath);
        parameters.setBaudRate(baud);
        parameters.setDatabits(8);
        parameters.setParity("None");
        parameters.setStopbits(1);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(false);
        parameters.setFlowControlIn(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        parameters.setFlowControlOut(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
        try {
            ModbusSlave slave = ModbusSlaveFactory.createSerialSlave(parameters);
            ModbusDevice device = new ModbusDevice(map, unit, slave, "modbus-rtu:" + devicePath + " unit " + unit);
            slave.open();
            return device;
        } catch (ModbusException | RuntimeException e) {
            throw new TransportException("cannot serve " + map.name() + " on " + devicePath + " at " + baud + " bit/s: "
                    + e.getMessage(), e);
        }
    }

    public RegisterMap map() {
        return map;
    }

    /** The TCP port (for a device made on port 0, the one it got), or 0 for RTU. */
    public int port() {
        return slave.getPort();
    }

    /**
     * Sets every register of the map from {@code values}, by entry name (and by bit name for named bits):
     * numbers for values, booleans for bits and coils, text for strings; a name without a value reads 0.
     */
    public synchronized void serve(Function<String, Object> values) {
        for (Entry entry : map.entries()) {
            Object value = values.apply(entry.name());
            int[] words;
            if (entry.type() == RegisterMap.Type.STRING) {
                words = entry.encodeText(value instanceof String text ? text : "");
            } else if (entry.table().bits()) {
                boolean on = value instanceof Boolean flag ? flag : value instanceof Number n && n.doubleValue() != 0;
                words = new int[] { on ? 1 : 0 };
            } else {
                double number = value instanceof Number n ? n.doubleValue() : value instanceof Boolean b && b ? 1 : 0;
                words = entry.encode(Double.isFinite(number) ? number : 0);
                long bits = 0;
                for (RegisterMap.BitField bit : entry.bits()) {
                    Object flag = values.apply(bit.name());
                    boolean on = flag instanceof Boolean b ? b : flag instanceof Number n && n.doubleValue() != 0;
                    if (on != bit.inverted()) {
                        bits |= 1L << bit.bit();
                    }
                }
                if (!entry.bits().isEmpty()) {
                    for (int i = 0; i < words.length; i++) {
                        int shift = 16 * (words.length - 1 - i);
                        words[entry.wordsLittleEndian() ? words.length - 1 - i : i] |= (int) (bits >>> shift) & 0xFFFF;
                    }
                }
            }
            for (int i = 0; i < words.length; i++) {
                int address = entry.address() + i;
                switch (entry.table()) {
                case HOLDING -> image.getRegister(address).setValue(words[i]);
                case INPUT -> ((SimpleInputRegister) image.getInputRegister(address)).setValue(words[i]);
                case COIL -> image.getDigitalOut(address).set(words[i] != 0);
                case DISCRETE -> ((SimpleDigitalIn) image.getDigitalIn(address)).set(words[i] != 0);
                }
            }
        }
    }

    /** Serves a battery state: canonical quantities, requests, alarms ({@code protection_<alarm>}), manufacturer. */
    public void serve(BatteryState state, Map<String, ?> others) {
        serve(valuesOf(state, others));
    }

    /** A battery state and further named values as one lookup by name. */
    public static Function<String, Object> valuesOf(BatteryState state, Map<String, ?> others) {
        return name -> {
            Object other = others.get(name);
            if (other != null) {
                return other;
            }
            if (name.equals("manufacturer")) {
                return state.manufacturer().orElse("");
            }
            Quantity quantity = Quantity.byName(name).orElse(null);
            if (quantity != null) {
                return state.get(quantity).isPresent() ? state.get(quantity).getAsDouble() : null;
            }
            Request request = Request.byName(name).orElse(null);
            if (request != null) {
                return state.get(request).orElse(false);
            }
            return state.alarms().stream().anyMatch(a -> (a.level().canonicalName() + "_" + a.name().canonicalName())
                    .equals(name)) ? Boolean.TRUE : null;
        };
    }

    /** Whether the unit answers: a silent unit's requests go unanswered, as a device switched off. */
    public synchronized void silent(boolean silent) {
        if (silent == this.silent) {
            return;
        }
        this.silent = silent;
        if (silent) {
            slave.removeProcessImage(unit);
        } else {
            slave.addProcessImage(unit, image);
        }
    }

    @Override
    public void close() {
        ModbusSlaveFactory.close(slave);
    }

    @Override
    public String toString() {
        return label + " (" + map.name() + ")";
    }
}
