package org.bmsw.profiles;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;


/**
 * Keeps the profiles of some folders in a registry while they are edited: {@link #watch(List)} loads the folders
 * (and unloads those no longer listed), then a change to a file under a folder loads that folder again, once the
 * folder has been quiet for the settle time (an editor's save is several events, a copied project hundreds).
 * Each load replaces the folder's set in the registry ({@link ProfileFolder#loadInto}), so a broken descriptor is
 * reported with its file:line and the folder's other profiles stay.
 */
public final class ProfileFolderWatcher implements AutoCloseable {

    private final ProfileRegistry registry;
    private final long settleNanos;
    private final BiConsumer<Path, List<ProfileProblem>> loaded;
    private final WatchService service;
    private final Thread thread;
    /** The folders watched, as given, and the watch key of every directory under each. */
    private final Set<Path> folders = new LinkedHashSet<>();
    private final Map<WatchKey, Path> keys = new HashMap<>();

    /**
     * @param settle how long a folder must be quiet before it is loaded again
     * @param loaded told after every load of a folder, with its problems, on the watcher's thread
     */
    public ProfileFolderWatcher(ProfileRegistry registry, Duration settle, BiConsumer<Path, List<ProfileProblem>> loaded) {
        this.registry = registry;
        this.settleNanos = settle.toNanos();
        this.loaded = loaded;
        try {
            this.service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch profile folders", e);
        }
        this.thread = new Thread(this::run, "bmsw-profile-folders");
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads {@code wanted} now (each folder again, even one already watched), unloads the others, and watches. */
    public synchronized void watch(List<Path> wanted) {
        Set<Path> next = new LinkedHashSet<>(wanted);
        for (Path gone : List.copyOf(folders)) {
            if (!next.contains(gone)) {
                unwatch(gone);
                ProfileFolder.unload(registry, gone);
                folders.remove(gone);
            }
        }
        for (Path folder : next) {
            folders.add(folder);
            unwatch(folder);
            register(folder);
            load(folder);
        }
    }

    /** The folders being watched, in the order given. */
    public synchronized List<Path> folders() {
        return List.copyOf(folders);
    }

    /** Stops watching; the profiles loaded stay in the registry. */
    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            // closing the watch service of the default file system does not fail in practice; nothing to undo
        }
        thread.interrupt();
    }

    private void load(Path folder) {
        List<ProfileProblem> problems = ProfileFolder.loadInto(registry, folder);
        loaded.accept(folder, problems);
    }

    /** Watches every directory under {@code folder} (its parent for a descriptor file), build output aside. */
    private void register(Path folder) {
        Path top = Files.isRegularFile(folder) ? folder.toAbsolutePath().getParent() : folder;
        if (top == null || !Files.isDirectory(top)) {
            return; // loading it reports that it cannot be read
        }
        registerTree(top, folder);
    }

    private void registerTree(Path top, Path folder) {
        try (Stream<Path> dirs = Files.walk(top)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                if (!isBuildOutput(dir)) {
                    keys.put(dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY), folder);
                }
            }
        } catch (IOException | UncheckedIOException | ClosedWatchServiceException e) {
            // a directory that went away while being walked: the next event (or load) tells
        }
    }

    private void unwatch(Path folder) {
        keys.entrySet().removeIf(entry -> {
            if (entry.getValue().equals(folder)) {
                entry.getKey().cancel();
                return true;
            }
            return false;
        });
    }

    private static boolean isBuildOutput(Path dir) {
        Path name = dir.getFileName();
        return name != null && (name.toString().equals("target") || name.toString().startsWith("."));
    }

    private void run() {
        try {
            while (true) {
                Set<Path> changed = new LinkedHashSet<>();
                collect(service.take(), changed);
                // wait until the folders have been quiet for the settle time
                for (WatchKey key = service.poll(settleNanos, TimeUnit.NANOSECONDS); key != null;
                        key = service.poll(settleNanos, TimeUnit.NANOSECONDS)) {
                    collect(key, changed);
                }
                synchronized (this) {
                    for (Path folder : changed) {
                        if (folders.contains(folder)) {
                            load(folder);
                        }
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    /** Notes the folder a key belongs to when one of its events matters; watches directories created under it. */
    private synchronized void collect(WatchKey key, Set<Path> changed) {
        Path folder = keys.get(key);
        List<WatchEvent<?>> events = key.pollEvents();
        key.reset();
        if (folder == null) {
            return; // a folder no longer watched
        }
        Path dir = (Path) key.watchable();
        List<Path> created = new ArrayList<>();
        for (WatchEvent<?> event : events) {
            if (event.kind() == OVERFLOW) {
                changed.add(folder);
                continue;
            }
            Path child = dir.resolve((Path) event.context());
            if (isBuildOutput(child)) {
                continue;
            }
            changed.add(folder);
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(child)) {
                created.add(child);
            }
        }
        for (Path child : created) {
            registerTree(child, folder);
        }
    }
}
