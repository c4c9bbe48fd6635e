package org.bmsw.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.bmsw.transport.internal.modbus.ModbusRtuTransportProvider;
import org.bmsw.transport.internal.modbus.ModbusTcpTransportProvider;
import org.bmsw.transport.internal.replay.ReplayTransportProvider;
import org.bmsw.transport.internal.serial.SerialTransportProvider;
import org.bmsw.transport.internal.slcan.SlcanTransportProvider;
import org.bmsw.transport.internal.socketcan.SocketCanTransportProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Finds the {@link TransportProvider} for a URI's scheme. Inside OSGi it is a Declarative Services component
 * that collects every {@code TransportProvider} service, the built-in ones and vendors' alike; outside OSGi
 * (tests, a plain JVM) {@link #withBuiltInProviders()} or {@link #register(TransportProvider)} fill it.
 * Thread-safe.
 */
@Component(service = TransportRegistry.class)
public final class TransportRegistry {

    private final Map<String, TransportProvider> providersByScheme = new TreeMap<>();

    /** How long {@link #getDefault()} waits for the registry service and the built-in providers to bind. */
    private static final long SERVICE_WAIT_MS = 5000;

    /**
     * The registry to open URIs with: inside OSGi the Declarative Services instance, so schemes that vendors register
     * as {@link TransportProvider} services are there too (waiting up to a few seconds for it and the built-in
     * providers at startup); outside OSGi, or without a DS runtime, {@link #withBuiltInProviders()}.
     */
    public static TransportRegistry getDefault() {
        Bundle bundle = FrameworkUtil.getBundle(TransportRegistry.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null || !hasDeclarativeServices(context)) {
            return withBuiltInProviders();
        }
        ServiceTracker<TransportRegistry, TransportRegistry> tracker = new ServiceTracker<>(context,
                TransportRegistry.class, null);
        tracker.open();
        try {
            TransportRegistry service = tracker.waitForService(SERVICE_WAIT_MS);
            if (service == null) {
                return withBuiltInProviders();
            }
            Set<String> builtIn = withBuiltInProviders().schemes();
            long deadline = System.nanoTime() + SERVICE_WAIT_MS * 1_000_000L;
            while (!service.schemes().containsAll(builtIn) && System.nanoTime() < deadline) {
                Thread.sleep(20); // the providers' components bind one by one as they register
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return withBuiltInProviders();
        } finally {
            tracker.close(); // the service object stays valid while this bundle runs
        }
    }

    /** Whether a Declarative Services runtime is installed, i.e. whether the registry service can appear at all. */
    private static boolean hasDeclarativeServices(BundleContext context) {
        for (Bundle installed : context.getBundles()) {
            if ("org.apache.felix.scr".equals(installed.getSymbolicName())) {
                return true;
            }
        }
        return false;
    }

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
