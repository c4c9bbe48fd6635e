package org.bmsw.transport.internal.serial;

import java.util.function.Consumer;

import org.bmsw.transport.TransportException;
import org.bmsw.transport.spi.WallClock;

import com.fazecast.jSerialComm.SerialPort;

/**
 * One open serial port and its reader thread, shared by the serial and SLCAN transports. The thread reads
 * with a short timeout and hands every chunk to the {@link Receiver}; when a read fails (adapter unplugged,
 * far end of a pty closed) it tells the loss handler once and ends. {@link #stop()} drains what the OS still
 * holds before closing, so no byte that reached the machine is dropped.
 */
public final class SerialLink {

    /** Receives bytes on the reader thread. */
    public interface Receiver {
        /** {@code length} bytes of {@code buffer} arrived at {@code arrivalNs} (epoch ns); the buffer is reused. */
        void bytesRead(byte[] buffer, int length, long arrivalNs);

        /** A read timed out without data. */
        void idle(long nowNs);

        /** No more bytes will come (closed or lost): hand on whatever is still held. */
        void ended();
    }

    private static final int WRITE_TIMEOUT_MS = 2000;

    private final String label;
    private final String devicePath;
    private final SerialSettings settings;
    private final int readTimeoutMs;
    private final Receiver receiver;
    private final Consumer<String> lossHandler;
    private final Object writeLock = new Object();

    /** How long past its timeout a read may take before stop() closes the port under it. */
    private static final long STUCK_READ_MS = 2000;

    private SerialPort port;
    private Thread reader;
    private volatile boolean stopRequested;

    /**
     * @param label how messages and the thread name the port, e.g. {@code "slcan:/dev/ttyACM0"}
     * @param readTimeoutMs longest a read waits for a first byte; a read that times out is a pause
     * @param lossHandler told the reason, naming the port, when the port goes away by itself
     */
    public SerialLink(String label, String devicePath, SerialSettings settings, int readTimeoutMs, Receiver receiver,
            Consumer<String> lossHandler) {
        this.label = label;
        this.devicePath = devicePath;
        this.settings = settings;
        this.readTimeoutMs = readTimeoutMs;
        this.receiver = receiver;
        this.lossHandler = lossHandler;
    }

    /** Opens the port with the settings and starts the reader thread. */
    public synchronized void open() throws TransportException {
        SerialPorts.requireExists(label, devicePath);
        SerialPort candidate = SerialPort.getCommPort(devicePath);
        candidate.setComPortParameters(settings.baudRate(), settings.dataBits(), settings.stopBits(),
                settings.parity());
        candidate.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        candidate.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                readTimeoutMs, WRITE_TIMEOUT_MS);
        // RTS and DTR low unless asked: some RS485 adapters key their transmitter from RTS. Set before opening so
        // jSerialComm opens with them (no glitch), and again after, for drivers that raise them on open.
        applyModemLines(candidate);
        if (!candidate.openPort()) {
            throw new TransportException(label + ": " + SerialPorts.openFailureHint(candidate.getLastErrorCode()));
        }
        applyModemLines(candidate);
        port = candidate;
        stopRequested = false;
        reader = new Thread(this::readLoop, label + " reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** RTS and DTR as the settings ask; a pseudo-terminal has no modem lines and refuses, which is fine. */
    private void applyModemLines(SerialPort candidate) {
        if (settings.rts()) {
            candidate.setRTS();
        } else {
            candidate.clearRTS();
        }
        if (settings.dtr()) {
            candidate.setDTR();
        } else {
            candidate.clearDTR();
        }
    }

    private void readLoop() {
        SerialPort readPort = port;
        byte[] buffer = new byte[4096];
        String lossReason = null;
        while (!stopRequested) {
            int count = readPort.readBytes(buffer, buffer.length);
            if (count > 0) {
                receiver.bytesRead(buffer, count, WallClock.epochNs());
            } else if (count == 0) {
                receiver.idle(WallClock.epochNs());
            } else if (!stopRequested) {
                lossReason = label + ": port lost (read failed, errno " + readPort.getLastErrorCode()
                        + "; adapter unplugged or the other end closed)";
                break;
            }
        }
        if (lossReason == null) {
            drain(readPort, buffer);
        }
        receiver.ended();
        if (lossReason != null) {
            lossHandler.accept(lossReason);
        }
    }

    /**
     * Reads what the OS held when stop() came, without waiting for more (and without chasing a line that keeps
     * sending, which would make close() endless).
     */
    private void drain(SerialPort readPort, byte[] buffer) {
        int remaining = readPort.bytesAvailable();
        while (remaining > 0) {
            int count = readPort.readBytes(buffer, Math.min(buffer.length, remaining));
            if (count <= 0) {
                return;
            }
            receiver.bytesRead(buffer, count, WallClock.epochNs());
            remaining -= count;
        }
    }

    /** Writes all of {@code bytes}. */
    public void write(byte[] bytes) throws TransportException {
        SerialPort writePort = port;
        if (writePort == null) {
            throw new TransportException(label + ": not open");
        }
        synchronized (writeLock) {
            int offset = 0;
            while (offset < bytes.length) {
                int written = writePort.writeBytes(bytes, bytes.length - offset, offset);
                if (written <= 0) {
                    throw new TransportException(label + ": write failed (errno " + writePort.getLastErrorCode()
                            + ", " + (bytes.length - offset) + " of " + bytes.length + " bytes not sent)");
                }
                offset += written;
            }
        }
    }

    /** True while the reader thread runs. */
    public boolean isReading() {
        Thread current = reader;
        return current != null && current.isAlive();
    }

    /**
     * Stops the reader after it drained the OS buffer, joins it and closes the port. Idempotent; safe from the
     * reader thread itself (then it does not join).
     */
    public synchronized void stop() {
        stopRequested = true;
        Thread current = reader;
        if (current != null && current != Thread.currentThread()) {
            join(current, readTimeoutMs + STUCK_READ_MS); // a read returns within its timeout...
            if (current.isAlive() && port != null) {
                // ...but one on a pseudo-terminal has been seen to stay in jSerialComm's native read for good:
                // closing the port makes it return, and a stop must never hang the caller
                port.closePort();
                join(current, STUCK_READ_MS);
            }
        }
        reader = null;
        if (port != null) {
            port.closePort();
            port = null;
        }
    }

    /** Waits up to {@code ms} for {@code thread} to end, keeping an interrupt for the caller. */
    private static void join(Thread thread, long ms) {
        long deadline = System.nanoTime() + ms * 1_000_000L;
        boolean interrupted = false;
        long left;
        while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
            try {
                thread.join(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
