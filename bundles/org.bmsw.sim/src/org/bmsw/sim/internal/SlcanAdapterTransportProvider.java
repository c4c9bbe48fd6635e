package org.bmsw.sim.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code slcan-adapter:PORT?baud=...}: plays an SLCAN adapter on a serial port (a pty end, or a UART towards a
 * host that expects an adapter), over the {@code serial:} provider's transport with the same parameters. Inside
 * OSGi a Declarative Services component bound to the {@code serial} provider service.
 */
@Component(service = TransportProvider.class,
        property = TransportProvider.SCHEMES_PROPERTY + "=" + SlcanAdapterTransportProvider.SCHEME)
public final class SlcanAdapterTransportProvider implements TransportProvider {

    public static final String SCHEME = "slcan-adapter";

    /** Where the {@code serial:} transport underneath comes from. */
    @Reference(target = "(" + TransportProvider.SCHEMES_PROPERTY + "=serial)")
    private TransportProvider serial;

    /** For the DS runtime, which injects the serial provider before the component is used. */
    public SlcanAdapterTransportProvider() {
    }

    /** @param serial the provider of {@code serial:} transports, outside OSGi */
    public SlcanAdapterTransportProvider(TransportProvider serial) {
        this.serial = serial;
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
        Transport serialTransport = serial.create(serialUri(uri));
        String channel = target.substring(target.lastIndexOf('/') + 1);
        return new SlcanAdapterTransport(uri.toString(), SCHEME + ":" + target, serialTransport,
                channel.isEmpty() ? target : channel);
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return serial.endpointKind(serialUri(uri));
    }

    private static URI serialUri(URI uri) throws TransportException {
        try {
            return new URI("serial:" + uri.getRawSchemeSpecificPart());
        } catch (URISyntaxException e) {
            throw new TransportException(uri + ": not a serial port URI (" + e.getReason() + ")", e);
        }
    }
}
