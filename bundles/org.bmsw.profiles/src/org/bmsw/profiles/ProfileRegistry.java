package org.bmsw.profiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.bmsw.profiles.internal.DescriptorReader;
import org.bmsw.protocol.DecoderFactory;
import org.bmsw.protocol.Protocols;
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
    private final Map<String, DecoderFactory> decoders = new LinkedHashMap<>();
    private final List<ProfileProblem> problems = new ArrayList<>();
    private final Predicate<String> decoderExists;

    /** A registry that accepts the decoder ids built into org.bmsw.protocol (not "auto": a profile knows its protocol). */
    public ProfileRegistry() {
        this(id -> !id.equals(Protocols.AUTO) && Protocols.ids().contains(id));
    }

    /** A registry that accepts, besides contributed decoders, the decoder ids {@code builtInDecoder} accepts. */
    public ProfileRegistry(Predicate<String> builtInDecoder) {
        this.decoderExists = id -> builtInDecoder.test(id) || decoders.containsKey(id);
    }

    /** The registry of every profile contributed through the extension point (needs the Eclipse runtime). */
    public static ProfileRegistry getDefault() {
        ProfileRegistry registry = defaultRegistry;
        if (registry == null) {
            synchronized (ProfileRegistry.class) {
                registry = defaultRegistry;
                if (registry == null) {
                    registry = new ProfileRegistry();
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
        DescriptorReader.Result result = DescriptorReader.read(source, decoderExists);
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
     * Registers a contributed decoder under {@code id}, which descriptors may then name. Add decoders before the
     * descriptors that use them.
     *
     * @return false when the id is taken (built in or contributed before); the first one stays
     */
    public synchronized boolean addDecoder(String id, DecoderFactory factory) {
        if (decoderExists.test(id)) {
            return false;
        }
        decoders.put(id, factory);
        return true;
    }

    /** A decoder contributed by a plugin (built-in ids are created by {@code Protocols.create}). */
    public synchronized Optional<DecoderFactory> decoder(String id) {
        return Optional.ofNullable(decoders.get(id));
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
