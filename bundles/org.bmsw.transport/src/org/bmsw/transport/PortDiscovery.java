package org.bmsw.transport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.bmsw.transport.internal.serial.JSerialCommPortDiscovery;

/** Lists the serial ports of this machine, to offer them in a UI or name them in an error message. */
public interface PortDiscovery {

    /** The ports present now, sorted by path. */
    List<PortInfo> ports();

    /** The serial ports as jSerialComm sees them (what the OSGi service gives, for code outside OSGi). */
    static PortDiscovery serial() {
        return new JSerialCommPortDiscovery();
    }

    /**
     * The Linux CAN network interfaces present now ({@code can0}, {@code vcan0}, ...), sorted: those of
     * {@code /sys/class/net} whose link type is CAN (ARPHRD_CAN, 280). Empty elsewhere.
     */
    static List<String> canInterfaces() {
        List<String> names = new ArrayList<>();
        Path net = Path.of("/sys/class/net");
        if (!Files.isDirectory(net)) {
            return names;
        }
        try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(net)) {
            for (Path device : interfaces) {
                try {
                    if (Files.readString(device.resolve("type")).strip().equals("280")) {
                        names.add(device.getFileName().toString());
                    }
                } catch (IOException e) {
                    // gone while listing, or no type: not a CAN interface
                }
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }
}
