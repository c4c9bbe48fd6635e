package org.bmsw.sim;

import java.util.List;

import org.bmsw.sim.internal.SimulatedSiteTransportProvider;
import org.bmsw.sim.internal.SlcanAdapterTransportProvider;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.TransportRegistry;

/**
 * The simulator's transport schemes and the safety check before a simulated battery transmits.
 * {@code slcan-adapter:PORT} plays the adapter's side of an SLCAN link, so that a simulator on one end of a pty
 * pair talks to an ordinary {@code slcan:} transport on the other; {@code sim:battery?protocol=...} is a simulated
 * battery and inverter inside the process. Inside OSGi both are {@code TransportProvider} services, found through
 * {@link TransportRegistry#getDefault()} like every other scheme; outside OSGi {@link #addTo} or
 * {@link #providers} put them in a registry built by hand.
 */
public final class SimTransports {

    /** The scheme that plays an SLCAN adapter on a serial port. */
    public static final String SLCAN_ADAPTER = SlcanAdapterTransportProvider.SCHEME;
    /** The scheme of a simulated battery and inverter inside this process: {@code sim:battery?protocol=...}. */
    public static final String SIMULATED_SITE = SimulatedSiteTransportProvider.SCHEME;
    /** The workbench's source when no hardware is plugged in: the demo day of a Pylon CAN battery. */
    public static final String DEFAULT_SOURCE = "sim:battery?protocol=pylon-can";

    private SimTransports() {
    }

    /**
     * New instances of the simulator's providers, for a registry outside OSGi: {@code sim} and
     * {@code slcan-adapter} over {@code serial}, the provider of {@code serial:} transports.
     */
    public static List<TransportProvider> providers(TransportProvider serial) {
        return List.of(new SimulatedSiteTransportProvider(), new SlcanAdapterTransportProvider(serial));
    }

    /**
     * Registers {@code sim} and {@code slcan-adapter} (over the registry's own {@code serial:}) in
     * {@code registry}, skipping a scheme it already has, e.g.
     * {@code SimTransports.addTo(TransportRegistry.withBuiltInProviders())}.
     *
     * @return {@code registry}
     * @throws IllegalArgumentException when the registry has no {@code serial} provider for the adapter
     */
    public static TransportRegistry addTo(TransportRegistry registry) {
        synchronized (registry) { // the registry's own lock: checking and registering as one step
            TransportProvider serial = registry.provider("serial").orElseThrow(() -> new IllegalArgumentException(
                    "the registry has no serial: provider for " + SLCAN_ADAPTER + ": (known: " + registry.schemes()
                            + ")"));
            for (TransportProvider provider : providers(serial)) {
                if (provider.schemes().stream().allMatch(scheme -> registry.provider(scheme).isEmpty())) {
                    registry.register(provider);
                }
            }
        }
        return registry;
    }

    /**
     * Refuses to let a simulated battery transmit towards real equipment unless the user acknowledged the port by
     * name: a simulated battery can make a real inverter charge or discharge. Pseudo-terminals, loopback and
     * virtual buses need no acknowledgement. The check is {@link TransmitInterlock}'s, which the simulator asks
     * again before every transmission.
     *
     * @param loadsDisconnected deprecated: true accepts any port here, but the simulator's own check still wants
     *            the port acknowledged ({@link TransmitInterlock#acknowledge})
     * @return what {@code uri} reaches
     * @throws UnsafeTargetException when it may reach real equipment and the port is not acknowledged
     * @throws TransportException for a URI no provider takes
     */
    public static EndpointKind checkBatteryTarget(TransportRegistry registry, String uri, boolean loadsDisconnected)
            throws TransportException {
        EndpointKind kind = registry.endpointKind(uri);
        if (loadsDisconnected) {
            return kind;
        }
        try {
            return TransmitInterlock.check(uri, kind, BmsSimulator.ACTION);
        } catch (TransmitRefusedException e) {
            throw new UnsafeTargetException(e.port(), uri + " may reach real equipment (it is not a pseudo-terminal, "
                    + "loopback or virtual bus): a simulated battery can make a real inverter charge or discharge its "
                    + "battery and its loads. Disconnect the loads and the real battery, then acknowledge the port by "
                    + "name: --transmit-to " + e.port() + " on the command line, or the checklist naming " + e.port()
                    + " in the window");
        }
    }
}
