package org.bmsw.transport.internal.modbus;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.spi.Endpoints;
import org.osgi.service.component.annotations.Component;

/** {@code modbus-rtu:/dev/ttyUSB1?baud=9600&parity=none&unit=1&timeoutMs=1000&retries=0}. */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=modbus-rtu")
public final class ModbusRtuTransportProvider implements TransportProvider {

    static final Set<String> MASTER_PARAMETERS = Set.of("unit", "timeoutMs", "retries");

    @Override
    public Set<String> schemes() {
        return Set.of("modbus-rtu");
    }

    @Override
    public String usage() {
        return "modbus-rtu:PORT?baud=9600&parity=none&dataBits=8&stopBits=1&unit=1&timeoutMs=1000&retries=0";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        Set<String> known = new HashSet<>(SerialSettings.PARAMETERS);
        known.addAll(MASTER_PARAMETERS);
        UriParameters parameters = UriParameters.parse(uri, known);
        SerialSettings settings = SerialSettings.from(parameters, 9600);
        return new ModbusRtuTransport(uri.toString(), parameters.label(), parameters.target(), settings,
                parameters.integer("unit", 1, 0, 247), parameters.integer("timeoutMs", 1000, 10, 60_000),
                parameters.integer("retries", 0, 0, 10));
    }

    @Override
    public BusKind bus(URI uri) {
        return BusKind.SERIAL;
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return Endpoints.ofDevicePath(UriParameters.targetOf(uri));
    }
}
