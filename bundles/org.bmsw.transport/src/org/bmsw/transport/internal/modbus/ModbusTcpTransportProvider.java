package org.bmsw.transport.internal.modbus;

import java.net.URI;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.bmsw.transport.spi.Endpoints;
import org.osgi.service.component.annotations.Component;

/**
 * {@code modbus-tcp://HOST[:PORT]?unit=1&timeoutMs=1000&retries=0}; the port defaults to 502. {@code map=FILE}
 * and the poll's parameters as for {@code modbus-rtu:}.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=modbus-tcp")
public final class ModbusTcpTransportProvider implements TransportProvider {

    static final int DEFAULT_PORT = 502;

    @Override
    public Set<String> schemes() {
        return Set.of("modbus-tcp");
    }

    @Override
    public String usage() {
        return "modbus-tcp://HOST:502?unit=1&timeoutMs=1000&retries=0&map=FILE&maxRegisters=125&silentAfter=3";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        UriParameters parameters = UriParameters.parse(uri, ModbusRtuTransportProvider.MASTER_PARAMETERS);
        String host = host(uri);
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        // unit 255 is what TCP gateways expect when the unit id is unused
        return new ModbusTcpTransport(uri.toString(), parameters.label(), host, port,
                parameters.integer("unit", 1, 0, 255), parameters.integer("timeoutMs", 1000, 10, 60_000),
                parameters.integer("retries", 0, 0, 10), ModbusRtuTransportProvider.pollPlan(parameters));
    }

    @Override
    public BusKind bus(URI uri) {
        return BusKind.SERIAL;
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return Endpoints.ofHost(host(uri));
    }

    private static String host(URI uri) throws TransportException {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new TransportException(uri + ": no host; write modbus-tcp://HOST:PORT, e.g. modbus-tcp://192.168.1.50:502");
        }
        // URI keeps the brackets of an IPv6 literal
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
