package org.bmsw.sim;

import org.bmsw.sim.internal.SimulatedSiteTransportProvider;
import org.bmsw.sim.internal.SlcanAdapterTransportProvider;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;

/**
 * Transports for simulators: the built-in schemes plus {@code slcan-adapter:PORT}, which plays the adapter's side
 * of an SLCAN link so that a simulator on one end of a pty pair talks to an ordinary {@code slcan:} transport on
 * the other. And the safety check before a simulated battery transmits.
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
     * {@link TransportRegistry#getDefault()} (inside OSGi the service, with vendors' schemes) plus
     * {@code slcan-adapter} and {@code sim}.
     */
    public static TransportRegistry registry() {
        TransportRegistry registry = TransportRegistry.getDefault();
        addTo(registry);
        return registry;
    }

    /**
     * Registers {@code slcan-adapter} (over the registry's own {@code serial:}) and {@code sim} in {@code registry},
     * skipping a scheme the registry already has.
     */
    public static void addTo(TransportRegistry registry) {
        synchronized (registry) { // the registry's own lock: checking and registering as one step
            if (registry.provider(SLCAN_ADAPTER).isEmpty()) {
                registry.register(new SlcanAdapterTransportProvider(registry));
            }
            if (registry.provider(SIMULATED_SITE).isEmpty()) {
                registry.register(new SimulatedSiteTransportProvider());
            }
        }
    }

    /**
     * Refuses to let a simulated battery transmit towards real equipment unless the user has said the loads are
     * disconnected: a simulated battery can make a real inverter charge or discharge. Pseudo-terminals,
     * loopback and virtual buses need no acknowledgement.
     *
     * @return what {@code uri} reaches
     * @throws UnsafeTargetException when it may reach real equipment and {@code loadsDisconnected} is false
     * @throws TransportException for a URI no provider takes
     */
    public static EndpointKind checkBatteryTarget(TransportRegistry registry, String uri, boolean loadsDisconnected)
            throws TransportException {
        EndpointKind kind = registry.endpointKind(uri);
        if (kind.isReal() && !loadsDisconnected) {
            throw new UnsafeTargetException(uri + " may reach real equipment (it is not a pseudo-terminal, loopback "
                    + "or virtual bus): a simulated battery can make a real inverter charge or discharge its battery "
                    + "and its loads. Disconnect the loads and the real battery, then acknowledge it");
        }
        return kind;
    }
}
