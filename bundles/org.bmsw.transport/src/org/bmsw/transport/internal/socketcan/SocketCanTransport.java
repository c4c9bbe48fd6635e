package org.bmsw.transport.internal.socketcan;

import java.io.IOException;
import java.time.Duration;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportState;
import org.bmsw.transport.spi.AbstractTransport;
import org.bmsw.transport.spi.WallClock;

import tel.schich.javacan.CanChannels;
import tel.schich.javacan.CanFrame;
import tel.schich.javacan.CanSocketOptions;
import tel.schich.javacan.NetworkDevice;
import tel.schich.javacan.RawCanChannel;
import tel.schich.javacan.RawReceiveMessageHeaderBuffer;
import tel.schich.javacan.platform.linux.LinuxNativeOperationException;

/**
 * One raw CAN socket bound to an interface, read by one thread. Reads time out every {@value #READ_TIMEOUT_MS} ms so
 * that {@link #close()} is noticed; a read failing otherwise (interface removed, driver gone) is a
 * {@link TransportState#LOST}. Error frames are received (all error classes).
 */
final class SocketCanTransport extends AbstractTransport {

    static final int READ_TIMEOUT_MS = 100;
    private static final int CAN_ERR_MASK = 0x1FFF_FFFF;
    /** errno when the kernel has no AF_CAN (the can and can_raw modules are not loaded). */
    private static final int EAFNOSUPPORT = 97;

    private final String interfaceName;
    private final boolean fd;
    private volatile RawCanChannel channel;
    private Thread reader;
    private volatile boolean stopping;

    SocketCanTransport(String uri, String interfaceName, boolean fd) {
        super(uri, interfaceName);
        this.interfaceName = interfaceName;
        this.fd = fd;
    }

    @Override
    public synchronized void open() throws TransportException {
        requireOpenable();
        changeState(TransportState.OPENING, "opening " + interfaceName);
        try {
            SocketCanLibrary.load();
        } catch (IOException | LinkageError e) {
            changeState(TransportState.CLOSED, e.getMessage());
            throw new TransportException(uri() + ": JavaCAN's native library cannot be loaded: " + e.getMessage());
        }
        NetworkDevice device;
        try {
            device = NetworkDevice.lookup(interfaceName);
        } catch (IOException e) {
            changeState(TransportState.CLOSED, e.getMessage());
            throw new TransportException(uri() + ": no CAN interface " + interfaceName + " (ip -brief link lists "
                    + "them; a virtual one for tests: sudo modprobe vcan && sudo ip link add dev vcan0 type vcan && "
                    + "sudo ip link set up vcan0)");
        }
        RawCanChannel opened = null;
        try {
            opened = CanChannels.newRawChannel();
            opened.bind(device);
            opened.setOption(CanSocketOptions.SO_RCVTIMEO, Duration.ofMillis(READ_TIMEOUT_MS));
            opened.setOption(CanSocketOptions.ERR_FILTER, CAN_ERR_MASK);
            // the kernel then tells, with each frame, how many it dropped on this socket's full receive queue
            opened.setOption(CanSocketOptions.SO_RXQ_OVFL, true);
            if (fd) {
                opened.setOption(CanSocketOptions.FD_FRAMES, true);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(opened);
            changeState(TransportState.CLOSED, e.getMessage());
            String hint = e instanceof LinuxNativeOperationException error && error.getErrorNumber() == EAFNOSUPPORT
                    ? "this kernel has no SocketCAN loaded (sudo modprobe can_raw)"
                    : "is it a CAN interface, and up? sudo ip link set up " + interfaceName;
            throw new TransportException(uri() + ": cannot open a CAN socket on " + interfaceName + ": " + e.getMessage()
                    + " (" + hint + ")");
        }
        channel = opened;
        stopping = false;
        reader = new Thread(this::readLoop, "socketcan:" + interfaceName + " reader");
        reader.setDaemon(true);
        changeState(TransportState.OPEN, interfaceName + " open");
        reader.start();
    }

    private void readLoop() {
        RawCanChannel reading = channel;
        byte[] data = new byte[CanFrame.MAX_FD_DATA_LENGTH];
        RawReceiveMessageHeaderBuffer header = new RawReceiveMessageHeaderBuffer();
        long kernelDrops = 0; // the socket's running count, an unsigned 32-bit number
        while (!stopping) {
            CanFrame frame;
            try {
                frame = reading.receive(header);
            } catch (IOException e) {
                if (stopping) {
                    break;
                }
                if (isTimeout(e)) {
                    continue;
                }
                closeQuietly(reading);
                changeState(TransportState.LOST, uri() + ": " + interfaceName + " lost (" + e.getMessage() + ")");
                return;
            }
            long drops = Integer.toUnsignedLong(header.getDropCount());
            countAdapterDrops((drops - kernelDrops) & 0xFFFF_FFFFL);
            kernelDrops = drops;
            int length = frame.getDataLength();
            frame.getData(data, 0, length);
            byte[] payload = java.util.Arrays.copyOf(data, length);
            bytesReceived.addAndGet(length);
            deliver(new TraceRecord(WallClock.epochNs(), interfaceName, BusKind.CAN, frame.getId(), flagsOf(frame),
                    payload));
        }
    }

    /** A read that hit SO_RCVTIMEO: JavaCAN reports EAGAIN, which it says may be tried again. */
    private static boolean isTimeout(IOException e) {
        return e instanceof LinuxNativeOperationException error && error.mayTryAgain();
    }

    static int flagsOf(CanFrame frame) {
        int flags = 0;
        if (frame.isExtended()) {
            flags |= FrameFlags.EXTENDED;
        }
        if (frame.isRemoteTransmissionRequest()) {
            flags |= FrameFlags.RTR;
        }
        if (frame.isError()) {
            flags |= FrameFlags.ERROR;
        }
        if (frame.isFDFrame()) {
            flags |= FrameFlags.FD;
            if ((frame.getFlags() & CanFrame.FD_FLAG_BIT_RATE_SWITCH) != 0) {
                flags |= FrameFlags.FD_BRS;
            }
            if ((frame.getFlags() & CanFrame.FD_FLAG_ERROR_STATE_INDICATOR) != 0) {
                flags |= FrameFlags.FD_ESI;
            }
        }
        return flags;
    }

    @Override
    public EndpointKind endpointKind() {
        return SocketCanTransportProvider.endpointKindOf(interfaceName);
    }

    @Override
    public void send(TraceRecord record) throws TransportException {
        requireOpen();
        requireTransmitAllowed("sending a frame");
        if (record.bus() != BusKind.CAN || record.isError()) {
            throw new TransportException(uri() + ": only CAN data and remote frames can be sent");
        }
        if (record.isFd() && !fd) {
            throw new TransportException(uri() + ": a CAN FD frame needs ?fd=true");
        }
        byte fdFlags = record.isFd() ? (byte) (CanFrame.FD_FLAG_FD_FRAME
                | ((record.flags() & FrameFlags.FD_BRS) != 0 ? CanFrame.FD_FLAG_BIT_RATE_SWITCH : 0)) : 0;
        byte[] payload = record.payload();
        CanFrame frame = record.isExtended() ? CanFrame.createExtended(record.identifier(), fdFlags, payload)
                : CanFrame.create(record.identifier(), fdFlags, payload);
        try {
            channel.write(frame);
            recordsSent.incrementAndGet();
        } catch (IOException e) {
            throw new TransportException(uri() + ": write failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        Thread running;
        RawCanChannel open;
        synchronized (this) {
            if (state() == TransportState.CLOSED) {
                return;
            }
            stopping = true;
            running = reader;
            reader = null;
            open = channel;
        }
        if (running != null) {
            try {
                running.join(2000); // the read times out within READ_TIMEOUT_MS
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(open);
        changeState(TransportState.CLOSED, interfaceName + " closed");
    }

    private static void closeQuietly(RawCanChannel toClose) {
        if (toClose != null) {
            try {
                toClose.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
