package org.bmsw.protocol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;

import org.bmsw.protocol.internal.OsgiDecoderProviders;
import org.bmsw.protocol.modbus.RegisterMap;

/**
 * Every protocol the workbench can decode, one {@link DecoderProvider} each, looked up by asking each provider
 * whether it {@link DecoderProvider#supports supports} a spec (the first registered wins). Built-in protocols and
 * vendors' are registered alike: {@link #getDefault()} follows the {@code DecoderProvider} services inside OSGi
 * and reads the {@link ServiceLoader} entries in a plain JVM. Thread-safe.
 *
 * @since 0.1
 */
public final class DecoderRegistry {

    private static volatile DecoderRegistry defaultRegistry;

    private final List<DecoderProvider> providers = new CopyOnWriteArrayList<>();

    /** An empty registry; {@link #register} fills it. */
    public DecoderRegistry() {
    }

    public DecoderRegistry(Collection<? extends DecoderProvider> providers) {
        providers.forEach(this::register);
    }

    /**
     * The product's registry: inside OSGi every {@code DecoderProvider} service, followed as services come and go;
     * outside OSGi the providers on the class path ({@link #standalone()}).
     */
    public static DecoderRegistry getDefault() {
        DecoderRegistry registry = defaultRegistry;
        if (registry == null) {
            synchronized (DecoderRegistry.class) {
                registry = defaultRegistry;
                if (registry == null) {
                    registry = new DecoderRegistry();
                    if (!followServices(registry)) {
                        ServiceLoader.load(DecoderProvider.class, DecoderRegistry.class.getClassLoader())
                                .forEach(registry::register);
                    }
                    defaultRegistry = registry;
                }
            }
        }
        return registry;
    }

    private static boolean followServices(DecoderRegistry registry) {
        try {
            return OsgiDecoderProviders.follow(registry);
        } catch (LinkageError e) {
            return false; // a plain JVM without the OSGi classes
        }
    }

    /** A new registry of the providers that {@link ServiceLoader} finds beside this class (plain JVM, tests). */
    public static DecoderRegistry standalone() {
        DecoderRegistry registry = new DecoderRegistry();
        ServiceLoader.load(DecoderProvider.class, DecoderRegistry.class.getClassLoader()).forEach(registry::register);
        return registry;
    }

    /**
     * Adds {@code provider} unless its id is taken.
     *
     * @return false when a provider with the same id is registered already; the first one stays
     */
    public synchronized boolean register(DecoderProvider provider) {
        for (DecoderProvider existing : providers) {
            if (existing.id().equals(provider.id())) {
                return false;
            }
        }
        providers.add(provider);
        return true;
    }

    public void unregister(DecoderProvider provider) {
        providers.remove(provider);
    }

    /** The providers, in the order they were registered. */
    public List<DecoderProvider> providers() {
        return List.copyOf(providers);
    }

    /**
     * The protocol ids in alphabetical order, {@code auto} last (services register in no fixed order, and help
     * texts should not change from one start to the next).
     */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (DecoderProvider provider : providers) {
            if (!DecoderSpec.AUTO.equals(provider.id())) {
                ids.add(provider.id());
            }
        }
        ids.sort(null);
        if (find(DecoderSpec.parse(DecoderSpec.AUTO)).isPresent()) {
            ids.add(DecoderSpec.AUTO);
        }
        return ids;
    }

    /** The first provider that supports {@code spec}. */
    public Optional<DecoderProvider> find(DecoderSpec spec) {
        for (DecoderProvider provider : providers) {
            if (provider.supports(spec)) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** The provider of {@code id}, if a profile may bind it (not {@code auto}). */
    public Optional<DecoderProvider> bindable(String id) {
        return find(DecoderSpec.parse(id)).filter(DecoderProvider::isBindable);
    }

    /**
     * A new decoder for {@code spec} ({@code pylon-can+voltage-0.1V}, {@code auto}, a vendor's id).
     *
     * @throws IllegalArgumentException naming the unknown id and the known ones, or the unknown variant
     */
    public Decoder create(String spec) {
        return create(spec, null);
    }

    /** As {@link #create(String)}, with the register map a Modbus decoder uses (may be null). */
    public Decoder create(String spec, RegisterMap registerMap) {
        DecoderSpec parsed = DecoderSpec.parse(spec);
        DecoderProvider provider = find(parsed).orElseThrow(() -> new IllegalArgumentException(
                "unknown protocol '" + parsed.id() + "'; known: " + String.join(", ", ids())));
        return provider.create(parsed, new DecoderContext(this, registerMap));
    }

    /** Checks {@code spec} without keeping the decoder: a typo is reported before a trace is read. */
    public void check(String spec) {
        create(spec);
    }
}
