package org.bmsw.transport.internal.modbus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.bmsw.core.record.BusKind;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.spi.Endpoints;
import org.osgi.service.component.annotations.Component;

/**
 * {@code modbus-rtu:/dev/ttyUSB1?baud=9600&parity=none&unit=1&timeoutMs=1000&retries=0}; with
 * {@code map=FILE} (a register map) it polls the map's blocks while open ({@code maxRegisters=125} per request,
 * {@code maxBits=2000} for coils and discrete inputs, silent after {@code silentAfter=3} unanswered requests).
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=modbus-rtu")
public final class ModbusRtuTransportProvider implements TransportProvider {

    static final Set<String> MASTER_PARAMETERS = Set.of("unit", "timeoutMs", "retries", "map", "maxRegisters",
            "maxBits", "silentAfter");

    @Override
    public Set<String> schemes() {
        return Set.of("modbus-rtu");
    }

    @Override
    public String usage() {
        return "modbus-rtu:PORT?baud=9600&parity=none&dataBits=8&stopBits=1&unit=1&timeoutMs=1000&retries=0"
                + "&map=FILE&maxRegisters=125&maxBits=2000&silentAfter=3";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        Set<String> known = new HashSet<>(SerialSettings.PARAMETERS);
        known.addAll(MASTER_PARAMETERS);
        UriParameters parameters = UriParameters.parse(uri, known);
        SerialSettings settings = SerialSettings.from(parameters, 9600);
        return new ModbusRtuTransport(uri.toString(), parameters.label(), parameters.target(), settings,
                parameters.integer("unit", 1, 0, 247), parameters.integer("timeoutMs", 1000, 10, 60_000),
                parameters.integer("retries", 0, 0, 10), pollPlan(parameters));
    }

    /** The poll the URI asks for ({@code map=FILE}), or null for a master that only answers its callers. */
    static ModbusTransport.PollPlan pollPlan(UriParameters parameters) throws TransportException {
        int maxRegisters = parameters.integer("maxRegisters", 125, 1, 125);
        int maxBits = parameters.integer("maxBits", 2000, 1, 2000);
        int silentAfter = parameters.integer("silentAfter", 3, 1, 1000);
        if (!parameters.has("map")) {
            if (parameters.has("maxRegisters") || parameters.has("maxBits") || parameters.has("silentAfter")) {
                throw new TransportException(parameters.uri() + ": maxRegisters, maxBits and silentAfter shape a poll; "
                        + "give the register map to poll with map=FILE");
            }
            return null;
        }
        String file = parameters.text("map", null);
        RegisterMap map;
        try {
            map = RegisterMap.isBuiltIn(file) ? RegisterMap.builtIn(file)
                    : RegisterMap.parse(file, Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new TransportException(parameters.uri() + ": register map " + file + ": no such file", e);
        } catch (IOException | UncheckedIOException | InvalidPathException e) {
            throw new TransportException(parameters.uri() + ": register map " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new TransportException(e.getMessage(), e); // names file:line
        }
        List<RegisterMap.Block> blocks;
        try {
            blocks = map.blocks(maxRegisters, maxBits);
        } catch (IllegalArgumentException e) {
            throw new TransportException(file + ": " + e.getMessage(), e);
        }
        if (blocks.isEmpty()) {
            throw new TransportException(file + ": the register map has no register to poll");
        }
        return new ModbusTransport.PollPlan(map, blocks, silentAfter);
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
