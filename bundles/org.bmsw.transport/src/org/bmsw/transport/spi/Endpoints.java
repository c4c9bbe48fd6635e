package org.bmsw.transport.spi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.bmsw.transport.EndpointKind;

/**
 * Tells real devices from pseudo-terminals and loopback, for the safety check before transmitting: what a
 * provider's {@link org.bmsw.transport.TransportProvider#endpointKind} answers for a device path or a host.
 *
 * @since 0.1.0
 */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * {@link EndpointKind#PSEUDO_TERMINAL} when {@code devicePath} is, or links to, a pty ({@code /dev/pts/N},
     * {@code /dev/ptmx}); otherwise {@link EndpointKind#REAL_DEVICE}, also when the path does not exist or
     * cannot be resolved (it might be plugged in later).
     */
    public static EndpointKind ofDevicePath(String devicePath) {
        Path resolved;
        try {
            resolved = Path.of(devicePath).toRealPath();
        } catch (IOException | RuntimeException e) {
            return EndpointKind.REAL_DEVICE;
        }
        String text = resolved.toString();
        // Linux (Unix 98) ptys only. Old BSD names like /dev/ttyp0 are deliberately not matched: their pattern
        // also covers /dev/ttyS0, a real UART. Anything else counts as real, the safe answer.
        boolean pty = text.startsWith("/dev/pts/") || text.equals("/dev/ptmx");
        return pty && !Files.isDirectory(resolved) ? EndpointKind.PSEUDO_TERMINAL : EndpointKind.REAL_DEVICE;
    }

    /**
     * {@link EndpointKind#LOOPBACK} when every address {@code host} resolves to is a loopback address; a host
     * that does not resolve counts as real.
     */
    public static EndpointKind ofHost(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return EndpointKind.REAL_DEVICE;
                }
            }
            return addresses.length > 0 ? EndpointKind.LOOPBACK : EndpointKind.REAL_DEVICE;
        } catch (UnknownHostException | SecurityException e) {
            return EndpointKind.REAL_DEVICE;
        }
    }
}
