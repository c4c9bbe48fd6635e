package org.bmsw.profiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.bmsw.profiles.internal.DescriptorReader;
import org.bmsw.protocol.DecoderFactory;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderContext;
import org.bmsw.protocol.DecoderProvider;
import org.bmsw.protocol.DecoderRegistry;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.profiles.internal.ExtensionProfileLoader;

/**
 * All battery and inverter profiles, and the problems of the contributions that were skipped.
 * <p>
 * {@link #getDefault()} reads the extension point {@value #EXTENSION_POINT_ID} once, lazily; tests and tools
 * build their own registry and {@link #add(ProfileSource)} descriptors directly. A broken contribution is
 * reported and skipped, never thrown: one vendor's typo must not take the workbench down.
 */
public final class ProfileRegistry {

    public static final String EXTENSION_POINT_ID = "org.bmsw.profiles.profiles";

    private static volatile ProfileRegistry defaultRegistry;

    private final Map<String, DeviceProfile> profiles = new LinkedHashMap<>();
    private final List<ProfileProblem> problems = new ArrayList<>();
    private final DecoderRegistry decoders;

    /**
     * A registry of its own whose profiles may name the built-in decoders (a fresh {@link DecoderRegistry}, so
     * decoders added here stay here: for tests and tools).
     */
    public ProfileRegistry() {
        this(DecoderRegistry.standalone());
    }

    /** A registry whose profiles may name the decoders of {@code decoders}, where contributed decoders go too. */
    public ProfileRegistry(DecoderRegistry decoders) {
        this.decoders = decoders;
    }

    /** The registry of every profile contributed through the extension point (needs the Eclipse runtime). */
    public static ProfileRegistry getDefault() {
        ProfileRegistry registry = defaultRegistry;
        if (registry == null) {
            synchronized (ProfileRegistry.class) {
                registry = defaultRegistry;
                if (registry == null) {
                    registry = new ProfileRegistry(DecoderRegistry.getDefault());
                    ExtensionProfileLoader.loadInto(registry);
                    defaultRegistry = registry;
                }
            }
        }
        return registry;
    }

    /**
     * Reads and registers one descriptor.
     *
     * @return the problems that kept it out; empty when it was added
     */
    public synchronized List<ProfileProblem> add(ProfileSource source) {
        DescriptorReader.Result result = DescriptorReader.read(source, id -> decoders.bindable(id).isPresent());
        List<ProfileProblem> found = new ArrayList<>(result.problems());
        result.profile().ifPresent(profile -> {
            DeviceProfile existing = profiles.get(profile.id());
            if (existing != null) {
                found.add(new ProfileProblem(source.origin(), 0, 0, "profile id " + profile.id()
                        + " is already contributed by " + existing.origin()));
            } else {
                profiles.put(profile.id(), profile);
            }
        });
        problems.addAll(found);
        return found;
    }

    /**
     * Registers a decoder contributed through the extension point as a {@link DecoderProvider} of this registry's
     * {@link #decoders()}, where descriptors may then name it. Add decoders before the descriptors that use them.
     *
     * @return false when the id is taken (built in or contributed before); the first one stays
     */
    public boolean addDecoder(String id, DecoderFactory factory) {
        return decoders.register(new ContributedDecoder(id, factory));
    }

    /** The decoders profiles may name: the built-in protocols, services and contributed decoders alike. */
    public DecoderRegistry decoders() {
        return decoders;
    }

    /** A {@link DecoderFactory} from the extension point, as a provider of its id (it takes no variants). */
    private record ContributedDecoder(String id, DecoderFactory factory) implements DecoderProvider {
        @Override
        public String description() {
            return "contributed by a plugin";
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            if (!spec.variants().isEmpty()) {
                throw new IllegalArgumentException("decoder " + id + " has no variants, got " + spec.variants());
            }
            return factory.create();
        }
    }

    /** Records a problem found outside a descriptor (a bad extension element, a class that cannot load). */
    public synchronized void report(ProfileProblem problem) {
        problems.add(problem);
    }

    public synchronized List<BatteryProfile> batteries() {
        return profiles.values().stream().filter(BatteryProfile.class::isInstance).map(BatteryProfile.class::cast)
                .toList();
    }

    public synchronized List<InverterProfile> inverters() {
        return profiles.values().stream().filter(InverterProfile.class::isInstance).map(InverterProfile.class::cast)
                .toList();
    }

    public synchronized List<DeviceProfile> all() {
        return List.copyOf(profiles.values());
    }

    public synchronized Optional<DeviceProfile> find(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    /** Every contribution that was skipped, and why. */
    public synchronized List<ProfileProblem> problems() {
        return List.copyOf(problems);
    }
}
