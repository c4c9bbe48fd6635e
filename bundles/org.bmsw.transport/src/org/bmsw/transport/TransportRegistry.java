package org.bmsw.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bmsw.transport.internal.modbus.ModbusRtuTransportProvider;
import org.bmsw.transport.internal.modbus.ModbusTcpTransportProvider;
import org.bmsw.transport.internal.replay.ReplayTransportProvider;
import org.bmsw.transport.internal.serial.SerialTransportProvider;
import org.bmsw.transport.internal.slcan.SlcanTransportProvider;
import org.bmsw.transport.internal.socketcan.SocketCanTransportProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Finds the {@link TransportProvider} for a URI's scheme. Inside OSGi it is a Declarative Services component
 * that collects every {@code TransportProvider} service, the built-in ones and vendors' alike; outside OSGi
 * (tests, a plain JVM) {@link #withBuiltInProviders()} or {@link #register(TransportProvider)} fill it.
 * Thread-safe.
 */
@Component(service = TransportRegistry.class)
public final class TransportRegistry {

    private final Map<String, TransportProvider> providersByScheme = new TreeMap<>();

    /** A registry holding the providers of this bundle: serial, slcan, socketcan, modbus-rtu, modbus-tcp, replay. */
    public static TransportRegistry withBuiltInProviders() {
        TransportRegistry registry = new TransportRegistry();
        registry.register(new SerialTransportProvider());
        registry.register(new SlcanTransportProvider());
        registry.register(new ModbusRtuTransportProvider());
        registry.register(new ModbusTcpTransportProvider());
        registry.register(new ReplayTransportProvider());
        registry.register(new SocketCanTransportProvider());
        return registry;
    }

    /**
     * Adds a provider for its schemes.
     *
     * @throws IllegalStateException when another provider already holds one of the schemes
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "unregister")
    public synchronized void register(TransportProvider provider) {
        for (String scheme : provider.schemes()) {
            TransportProvider holder = providersByScheme.get(scheme.toLowerCase(Locale.ROOT));
            if (holder != null && holder != provider) {
                throw new IllegalStateException("scheme " + scheme + " of " + provider.getClass().getName()
                        + " is already provided by " + holder.getClass().getName());
            }
        }
        for (String scheme : provider.schemes()) {
            providersByScheme.put(scheme.toLowerCase(Locale.ROOT), provider);
        }
    }

    /** Removes a provider from the schemes it holds; harmless when it was not registered. */
    public synchronized void unregister(TransportProvider provider) {
        providersByScheme.values().removeIf(p -> p == provider);
    }

    /** The schemes that can be opened now. */
    public synchronized SortedSet<String> schemes() {
        return new TreeSet<>(providersByScheme.keySet());
    }

    public synchronized Optional<TransportProvider> provider(String scheme) {
        return Optional.ofNullable(providersByScheme.get(scheme.toLowerCase(Locale.ROOT)));
    }

    /**
     * The provider for {@code uri}'s scheme.
     *
     * @throws TransportException naming the known schemes when none matches
     */
    public TransportProvider providerFor(URI uri) throws TransportException {
        if (uri.getScheme() == null) {
            throw new TransportException(uri + ": no scheme; use one of " + String.join(", ", schemes())
                    + ", e.g. slcan:/dev/ttyACM0?bitrate=500000");
        }
        return provider(uri.getScheme()).orElseThrow(() -> new TransportException(uri + ": no transport for scheme "
                + uri.getScheme() + " (known: " + String.join(", ", schemes()) + ")"));
    }

    /** A closed transport for {@code uri}, its parameters validated. */
    public Transport create(String uri) throws TransportException {
        URI parsed = parse(uri);
        return providerFor(parsed).create(parsed);
    }

    /** A transport for {@code uri}, opened. */
    public Transport open(String uri) throws TransportException {
        Transport transport = create(uri);
        transport.open();
        return transport;
    }

    /** Whether {@code uri} reaches real equipment or a pty, loopback or virtual bus. */
    public EndpointKind endpointKind(String uri) throws TransportException {
        URI parsed = parse(uri);
        return providerFor(parsed).endpointKind(parsed);
    }

    private static URI parse(String uri) throws TransportException {
        try {
            return new URI(uri);
        } catch (URISyntaxException e) {
            throw new TransportException(uri + ": not a transport URI (" + e.getReason() + " at index "
                    + e.getIndex() + ")", e);
        }
    }
}
