package org.bmsw.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.bmsw.transport.internal.modbus.ModbusRtuTransportProvider;
import org.bmsw.transport.internal.modbus.ModbusTcpTransportProvider;
import org.bmsw.transport.internal.replay.ReplayTransportProvider;
import org.bmsw.transport.internal.serial.SerialTransportProvider;
import org.bmsw.transport.internal.slcan.SlcanTransportProvider;
import org.bmsw.transport.internal.socketcan.SocketCanTransportProvider;
import org.bmsw.core.record.BusKind;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Finds the {@link TransportProvider} for a URI's scheme. Inside OSGi it is a Declarative Services component with
 * a dynamic reference to every {@code TransportProvider} service, the built-in ones, the simulator's and
 * vendors' alike, so a provider registered later is usable as soon as its service appears; components take it
 * with {@code @Reference TransportRegistry}, other code with {@link #getDefault()}. Outside OSGi (tests, a plain
 * JVM) {@link #withBuiltInProviders()}, {@link #of(TransportProvider...)} or {@link #register(TransportProvider)}
 * fill it. Thread-safe.
 */
@Component(service = TransportRegistry.class, immediate = true)
public final class TransportRegistry {

    /** The component instance while the DS runtime has it active; null outside OSGi. */
    private static final AtomicReference<TransportRegistry> ACTIVE = new AtomicReference<>();

    private final Map<String, TransportProvider> providersByScheme = new TreeMap<>();

    /** An empty registry; the DS runtime creates the service this way and binds the providers. */
    public TransportRegistry() {
    }

    /** A registry of exactly {@code providers}, e.g. the built-in ones plus a test's own. */
    public static TransportRegistry of(TransportProvider... providers) {
        TransportRegistry registry = new TransportRegistry();
        for (TransportProvider provider : providers) {
            registry.register(provider);
        }
        return registry;
    }

    @Activate
    void activate() {
        ACTIVE.set(this);
    }

    @Deactivate
    void deactivate() {
        ACTIVE.compareAndSet(this, null);
    }

    /**
     * The registry to open URIs with. Inside OSGi the Declarative Services instance, with every
     * {@code TransportProvider} service registered at the moment of each call (no waiting: services that appear
     * later are bound as they appear); outside OSGi, or in a framework without a DS runtime, a new
     * {@link #withBuiltInProviders()}.
     */
    public static TransportRegistry getDefault() {
        TransportRegistry active = ACTIVE.get();
        if (active != null) {
            return active;
        }
        TransportRegistry service = registryService();
        return service != null ? service : withBuiltInProviders();
    }

    /**
     * The registry service when the component is registered but not yet activated (getting it activates it);
     * null outside OSGi or without a DS runtime.
     */
    private static TransportRegistry registryService() {
        Bundle bundle = FrameworkUtil.getBundle(TransportRegistry.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            return null;
        }
        ServiceReference<TransportRegistry> reference = context.getServiceReference(TransportRegistry.class);
        return reference == null ? null : context.getService(reference); // held while this bundle runs
    }

    /**
     * A registry holding the providers of this bundle: serial, slcan, socketcan, modbus-rtu, modbus-tcp, replay.
     * Further providers (the simulator's, a vendor's) can be {@link #register registered} in it.
     */
    public static TransportRegistry withBuiltInProviders() {
        return of(new SerialTransportProvider(), new SlcanTransportProvider(), new ModbusRtuTransportProvider(),
                new ModbusTcpTransportProvider(), new ReplayTransportProvider(), new SocketCanTransportProvider());
    }

    /**
     * Adds a provider for its schemes (inside OSGi the DS runtime calls this as provider services appear).
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

    /** What {@code uri}'s records are: CAN frames or serial bytes. */
    public BusKind bus(String uri) throws TransportException {
        URI parsed = parse(uri);
        return providerFor(parsed).bus(parsed);
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
