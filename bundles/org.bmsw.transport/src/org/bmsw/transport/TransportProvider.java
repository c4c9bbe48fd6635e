package org.bmsw.transport;

import java.net.URI;
import java.util.Set;

/**
 * Makes transports for one or more URI schemes ({@code serial}, {@code slcan}, {@code modbus-tcp}, ...). Vendors
 * add a scheme by registering an implementation as an OSGi service (or with
 * {@link TransportRegistry#register(TransportProvider)} outside OSGi).
 */
public interface TransportProvider {

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
}
