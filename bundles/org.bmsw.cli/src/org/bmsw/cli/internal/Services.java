package org.bmsw.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import org.bmsw.engine.ProfileFiles;
import org.bmsw.engine.TraceEngine;
import org.bmsw.profiles.ProfileRegistry;
import org.bmsw.transport.PortDiscovery;
import org.bmsw.transport.PortInfo;

/**
 * What the commands reach outside their options: the profiles, the trace engine (with the plugins' files), the machine's ports, whether a person
 * is at a terminal, and where crash reports go. The product uses {@link #of}; tests replace parts.
 *
 * @param crashFolder where an internal error's report is saved (the temporary folder when it cannot be written)
 */
record Services(String productVersion, Supplier<ProfileRegistry> profiles, Supplier<TraceEngine> engine,
        Supplier<List<PortInfo>> serialPorts, Supplier<List<String>> canInterfaces, boolean terminal,
        Path crashFolder) {

    /** The product's services; lambdas, so that nothing loads before a command needs it (start-up time). */
    static Services of(String productVersion) {
        return new Services(productVersion, () -> ProfileRegistry.getDefault(), () -> TraceEngine.getDefault(),
                () -> PortDiscovery.serial().ports(), () -> PortDiscovery.canInterfaces(), System.console() != null,
                Path.of(System.getProperty("user.home"), ".bmsw"));
    }

    /** Profiles of the caller's, with their files, decoded by the engine with the registry's decoders. */
    Services withProfiles(Supplier<ProfileRegistry> registry, ProfileFiles files) {
        return new Services(productVersion, registry, () -> new TraceEngine(registry.get().decoders(), registry, files),
                serialPorts, canInterfaces, terminal, crashFolder);
    }

    Services withPorts(Supplier<List<PortInfo>> serial, Supplier<List<String>> can) {
        return new Services(productVersion, profiles, engine, serial, can, terminal, crashFolder);
    }

    Services withTerminal(boolean atTerminal) {
        return new Services(productVersion, profiles, engine, serialPorts, canInterfaces, atTerminal, crashFolder);
    }

    Services withCrashFolder(Path folder) {
        return new Services(productVersion, profiles, engine, serialPorts, canInterfaces, terminal, folder);
    }
}
