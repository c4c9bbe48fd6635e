package org.bmsw.sim.internal;

import java.net.URI;
import java.util.Set;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.TransportRegistry;
import org.bmsw.transport.UriParameters;

/**
 * {@code slcan-adapter:PORT?baud=...}: plays an SLCAN adapter on a serial port (a pty end, or a UART towards a
 * host that expects an adapter), over the registry's {@code serial:} transport with the same parameters.
 */
public final class SlcanAdapterTransportProvider implements TransportProvider {

    public static final String SCHEME = "slcan-adapter";

    private final TransportRegistry serialSource;

    /** @param serialSource where the {@code serial:} transport underneath comes from */
    public SlcanAdapterTransportProvider(TransportRegistry serialSource) {
        this.serialSource = serialSource;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public String usage() {
        return SCHEME + ":PORT?baud=115200 (the adapter's side of an SLCAN link, e.g. one end of a pty pair)";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        String target = UriParameters.targetOf(uri);
        Transport serial = serialSource.create(serialUri(uri));
        String channel = target.substring(target.lastIndexOf('/') + 1);
        return new SlcanAdapterTransport(uri.toString(), SCHEME + ":" + target, serial,
                channel.isEmpty() ? target : channel);
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return serialSource.endpointKind(serialUri(uri));
    }

    private static String serialUri(URI uri) {
        return "serial:" + uri.getRawSchemeSpecificPart();
    }
}
