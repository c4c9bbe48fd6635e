package org.bmsw.transport;

import java.net.URI;
import java.util.Set;

import org.bmsw.core.record.BusKind;

/**
 * Makes transports for one or more URI schemes ({@code serial}, {@code slcan}, {@code modbus-tcp}, ...). Vendors
 * add a scheme by registering an implementation as an OSGi service, typically a Declarative Services component
 * {@code @Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=myscheme")}
 * (outside OSGi with {@link TransportRegistry#register(TransportProvider)}); the transports themselves usually
 * extend {@link org.bmsw.transport.spi.AbstractTransport}.
 */
public interface TransportProvider {

    /**
     * The service property naming the schemes a provider service handles, so that another component can target
     * one provider, e.g. {@code @Reference(target = "(transport.schemes=serial)")}. Optional for the registry,
     * which asks {@link #schemes()}.
     *
     * @since 0.1.0
     */
    String SCHEMES_PROPERTY = "transport.schemes";

    /** The URI schemes this provider handles, lower case. */
    Set<String> schemes();

    /** One line per scheme showing its parameters, e.g. {@code "slcan:PORT?bitrate=500000&timestamps=false"}. */
    String usage();

    /**
     * A closed transport for {@code uri}, with every parameter validated.
     *
     * @throws TransportException naming the URI, for an unknown or invalid parameter
     */
    Transport create(URI uri) throws TransportException;

    /**
     * What {@code uri} reaches. Providers that cannot tell answer {@link EndpointKind#REAL_DEVICE}, the safe
     * answer: a simulator then asks for an acknowledgement before transmitting.
     */
    default EndpointKind endpointKind(URI uri) throws TransportException {
        return EndpointKind.REAL_DEVICE;
    }

    /**
     * What {@code uri}'s records are: CAN frames (the default) or serial bytes (an RS485 port, a Modbus master), so
     * that a profile's binding for the right bus decodes them.
     *
     * @since 0.1.0
     */
    default BusKind bus(URI uri) throws TransportException {
        return BusKind.CAN;
    }
}
