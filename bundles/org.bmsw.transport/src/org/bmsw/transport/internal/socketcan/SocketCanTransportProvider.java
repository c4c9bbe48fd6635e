package org.bmsw.transport.internal.socketcan;

import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.osgi.service.component.annotations.Component;

/**
 * {@code socketcan:can0?fd=false}: a Linux CAN interface (a USB adapter with a kernel driver such as gs_usb or
 * peak_usb, a HAT, or a virtual {@code vcan}), through JavaCAN. The interface's bit rate is set with
 * {@code ip link}, not here. {@code fd=true} also receives and sends CAN FD frames.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=socketcan")
public final class SocketCanTransportProvider implements TransportProvider {

    public static final String SCHEME = "socketcan";
    // Linux interface names: up to 15 characters, no slash or white space
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,15}");

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public String usage() {
        return SCHEME + ":can0?fd=false (a Linux CAN interface; bit rate: ip link set can0 type can bitrate 500000)";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        UriParameters parameters = UriParameters.parse(uri, Set.of("fd"));
        String name = parameters.target();
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw new TransportException(uri + ": '" + name + "' is not a network interface name; use socketcan:can0 "
                    + "(ip link lists the CAN interfaces)");
        }
        return new SocketCanTransport(uri.toString(), name, parameters.bool("fd", false));
    }

    @Override
    public EndpointKind endpointKind(URI uri) {
        return endpointKindOf(UriParameters.targetOf(uri));
    }

    /** {@code vcan*} is a virtual bus; every other interface may reach real equipment. */
    static EndpointKind endpointKindOf(String interfaceName) {
        return interfaceName.startsWith("vcan") ? EndpointKind.VIRTUAL : EndpointKind.REAL_DEVICE;
    }
}
