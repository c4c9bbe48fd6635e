package org.bmsw.transport.internal.serial;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.bmsw.transport.PortInfo;
import org.bmsw.transport.TransportException;

import com.fazecast.jSerialComm.SerialPort;

/** The serial ports jSerialComm sees, and the error for a port that is not there. */
public final class SerialPorts {

    private SerialPorts() {
    }

    public static List<PortInfo> list() {
        List<PortInfo> ports = new ArrayList<>();
        for (SerialPort port : SerialPort.getCommPorts()) {
            ports.add(new PortInfo(port.getSystemPortName(), port.getSystemPortPath(), port.getPortDescription(),
                    port.getVendorID(), port.getProductID(), nullToEmpty(port.getSerialNumber())));
        }
        ports.sort(Comparator.comparing(PortInfo::path));
        return ports;
    }

    /**
     * Fails with {@code "<label>: no such port (ports found: ttyS0, ttyACM0)"} when {@code devicePath} is a
     * file system path that does not exist. Windows names (COM3) are left to the open call.
     */
    public static void requireExists(String label, String devicePath) throws TransportException {
        if (devicePath.isEmpty()) {
            throw new TransportException(label + ": no port given (ports found: " + foundNames() + ")");
        }
        if (devicePath.startsWith("/") && !Files.exists(Path.of(devicePath))) {
            throw new TransportException(label + ": no such port (ports found: " + foundNames() + ")");
        }
    }

    static String foundNames() {
        List<PortInfo> ports = list();
        return ports.isEmpty() ? "none" : ports.stream().map(PortInfo::systemName).collect(Collectors.joining(", "));
    }

    /** What an errno from a failed open means for the user. */
    static String openFailureHint(int errno) {
        return switch (errno) {
        case 13 -> "permission denied; add the user to the group that owns the device (dialout or uucp) and log in again";
        case 16 -> "port busy; another program has it open";
        case 2, 6, 19 -> "device not present; is the adapter plugged in?";
        default -> "open failed" + (errno > 0 ? " (errno " + errno + ")" : "");
        };
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
