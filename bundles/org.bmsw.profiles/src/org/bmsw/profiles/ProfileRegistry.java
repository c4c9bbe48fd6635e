package org.bmsw.profiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

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
 * <p>
 * Profiles that change while the workbench runs (a profile folder being edited) come as a named set:
 * {@link #replace(String, List)} swaps every profile and problem of the set at once, {@link #remove(String)} drops
 * it. Profiles added one by one (the extension point's) belong to no set and stay as they are.
 */
public final class ProfileRegistry {

    public static final String EXTENSION_POINT_ID = "org.bmsw.profiles.profiles";

    private static volatile ProfileRegistry defaultRegistry;

    private final Map<String, DeviceProfile> profiles = new LinkedHashMap<>();
    private final List<ProfileProblem> problems = new ArrayList<>();
    /** The named sets of {@link #replace}: the ids each set put into {@link #profiles}, and its problems. */
    private final Map<String, ReplaceableSet> sets = new LinkedHashMap<>();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private final DecoderRegistry decoders;

    private record ReplaceableSet(List<String> ids, List<ProfileProblem> problems) {
    }

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
    public List<ProfileProblem> add(ProfileSource source) {
        List<ProfileProblem> found;
        synchronized (this) {
            found = read(source, null);
            problems.addAll(found);
        }
        fireChanged();
        return found;
    }

    /**
     * Replaces the profiles and problems that {@code set} brought before (none the first time) with the descriptors
     * of {@code sources}, in one step: readers never see the set half replaced. Profiles outside the set are left as
     * they are; a descriptor whose id one of them has is kept out as a duplicate.
     *
     * @param set names the set, e.g. the folder its descriptors are read from
     * @return the problems that kept descriptors of the set out; empty when all were added
     */
    public List<ProfileProblem> replace(String set, List<ProfileSource> sources) {
        return replace(set, sources, List.of());
    }

    /** {@link #replace(String, List)} with problems found outside the descriptors (a folder that cannot be read). */
    List<ProfileProblem> replace(String set, List<ProfileSource> sources, List<ProfileProblem> outside) {
        Objects.requireNonNull(set, "set");
        List<ProfileProblem> found = new ArrayList<>(outside);
        synchronized (this) {
            dropSet(set);
            List<String> ids = new ArrayList<>();
            for (ProfileSource source : sources) {
                found.addAll(read(source, ids));
            }
            sets.put(set, new ReplaceableSet(List.copyOf(ids), List.copyOf(found)));
        }
        fireChanged();
        return found;
    }

    /** Removes the profiles and problems of {@code set}; false when there is no such set. */
    public boolean remove(String set) {
        boolean removed;
        synchronized (this) {
            removed = dropSet(set);
        }
        if (removed) {
            fireChanged();
        }
        return removed;
    }

    /**
     * Calls {@code listener} after every change of the profiles or problems, on the thread that made it (a view
     * moves to its own thread).
     */
    public void addChangeListener(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    private void fireChanged() {
        for (Runnable listener : changeListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                // a listener's failure is its own: the registry changed all the same, the other listeners hear it
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }

    /** Reads one descriptor into {@link #profiles}; its id goes to {@code setIds} when it belongs to a set. */
    private List<ProfileProblem> read(ProfileSource source, List<String> setIds) {
        DescriptorReader.Result result = DescriptorReader.read(source, id -> decoders.bindable(id).isPresent());
        List<ProfileProblem> found = new ArrayList<>(result.problems());
        result.profile().ifPresent(profile -> {
            DeviceProfile existing = profiles.get(profile.id());
            if (existing != null) {
                found.add(new ProfileProblem(source.origin(), 0, 0, "profile id " + profile.id()
                        + " is already contributed by " + existing.origin()));
            } else {
                profiles.put(profile.id(), profile);
                if (setIds != null) {
                    setIds.add(profile.id());
                }
            }
        });
        return found;
    }

    private boolean dropSet(String set) {
        ReplaceableSet old = sets.remove(set);
        if (old == null) {
            return false;
        }
        old.ids().forEach(profiles::remove);
        return true;
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
    public void report(ProfileProblem problem) {
        synchronized (this) {
            problems.add(problem);
        }
        fireChanged();
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

    /** Every contribution that was skipped, and why: those added one by one first, then those of each set. */
    public synchronized List<ProfileProblem> problems() {
        List<ProfileProblem> all = new ArrayList<>(problems);
        sets.values().forEach(set -> all.addAll(set.problems()));
        return List.copyOf(all);
    }
}
