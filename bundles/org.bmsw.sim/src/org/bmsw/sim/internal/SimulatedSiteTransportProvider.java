package org.bmsw.sim.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.sim.Scenario;
import org.bmsw.sim.SimProtocol;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.osgi.service.component.annotations.Component;

/**
 * {@code sim:battery?protocol=pylon-can&scenario=FILE}: a simulated site in this process (see
 * {@link SimulatedSiteTransport}). Without a scenario it plays the built-in demo day, over and over. Inside OSGi a
 * Declarative Services component, registered like any vendor's provider.
 */
@Component(service = TransportProvider.class,
        property = TransportProvider.SCHEMES_PROPERTY + "=" + SimulatedSiteTransportProvider.SCHEME)
public final class SimulatedSiteTransportProvider implements TransportProvider {

    public static final String SCHEME = "sim";
    /** The scenario played when the URI names none: a day compressed into ten minutes, on a loop. */
    public static final String DEMO_SCENARIO = "/scenarios/demo.scenario";

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public String usage() {
        return SCHEME + ":battery?protocol=pylon-can|sma-can|pylon-rs485&scenario=FILE (a simulated battery and "
                + "inverter in this process; no hardware, no pty)";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        UriParameters parameters = UriParameters.parse(uri, Set.of("protocol", "scenario"));
        if (!"battery".equals(parameters.target())) {
            throw new TransportException(uri + ": the simulated site is sim:battery?protocol=...");
        }
        String protocolId = parameters.choice("protocol", SimProtocol.PYLON_CAN.id(), protocolIds());
        SimProtocol protocol = SimProtocol.byId(protocolId);
        Scenario scenario;
        String file = parameters.text("scenario", "");
        try {
            scenario = file.isEmpty() ? demo() : Scenario.load(Path.of(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new TransportException(uri + ": " + e.getMessage());
        }
        return new SimulatedSiteTransport(uri.toString(), "sim-" + protocol.id(), protocol, scenario);
    }

    @Override
    public BusKind bus(URI uri) throws TransportException {
        String protocolId = UriParameters.parse(uri, Set.of("protocol", "scenario")).choice("protocol",
                SimProtocol.PYLON_CAN.id(), protocolIds());
        return SimProtocol.byId(protocolId).isCan() ? BusKind.CAN : BusKind.SERIAL;
    }

    @Override
    public EndpointKind endpointKind(URI uri) {
        return EndpointKind.VIRTUAL;
    }

    /** The built-in demo scenario, looping. */
    public static Scenario demo() throws IOException {
        try (InputStream in = SimulatedSiteTransportProvider.class.getResourceAsStream(DEMO_SCENARIO)) {
            if (in == null) {
                throw new IOException(DEMO_SCENARIO + " is missing from the org.bmsw.sim bundle");
            }
            return Scenario.parse("demo.scenario", new String(in.readAllBytes(), StandardCharsets.UTF_8)).looping();
        }
    }

    private static String[] protocolIds() {
        SimProtocol[] values = SimProtocol.values();
        String[] ids = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            ids[i] = values[i].id();
        }
        return ids;
    }
}
