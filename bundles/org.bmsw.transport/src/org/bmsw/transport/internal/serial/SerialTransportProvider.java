package org.bmsw.transport.internal.serial;

import java.net.URI;
import java.util.HashSet;
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
 * {@code serial:/dev/ttyUSB0?baud=9600&parity=none&dataBits=8&stopBits=1&pauseMs=5}: raw bytes, one record per
 * burst. {@code pauseMs} is the silence that ends a record; by default 3.5 character times (the Modbus RTU
 * frame gap) but at least 5 ms, because USB adapters hand bytes over in batches (an FTDI chip every 16 ms by
 * default) and shorter gaps cannot be seen reliably. RTS and DTR stay low unless {@code rts=1} / {@code dtr=1}.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=serial")
public final class SerialTransportProvider implements TransportProvider {

    static final int DEFAULT_BAUD_RATE = 9600;
    private static final int MIN_DEFAULT_PAUSE_MS = 5;

    @Override
    public Set<String> schemes() {
        return Set.of("serial");
    }

    @Override
    public String usage() {
        return "serial:PORT?baud=9600&parity=none&dataBits=8&stopBits=1&pauseMs=5&rts=0&dtr=0";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        Set<String> known = new HashSet<>(SerialSettings.PARAMETERS);
        known.addAll(SerialSettings.MODEM_LINE_PARAMETERS);
        known.add("pauseMs");
        UriParameters parameters = UriParameters.parse(uri, known);
        SerialSettings settings = SerialSettings.from(parameters, DEFAULT_BAUD_RATE);
        int defaultPauseMs = Math.max(MIN_DEFAULT_PAUSE_MS,
                (int) Math.ceil(3.5 * settings.bitsPerCharacter() * 1000 / settings.baudRate()));
        int pauseMs = parameters.integer("pauseMs", defaultPauseMs, 1, 10_000);
        return new SerialTransport(uri.toString(), parameters.label(), parameters.target(), settings, pauseMs);
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
