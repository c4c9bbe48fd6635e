package org.bmsw.transport.internal.slcan;

import java.net.URI;
import java.util.HashSet;
import java.util.Set;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.bmsw.transport.internal.serial.SerialSettings;
import org.bmsw.transport.spi.Endpoints;
import org.bmsw.transport.spi.slcan.SlcanBitrate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code slcan:/dev/ttyACM0?bitrate=500000&listenOnly=false&timestamps=false&replyTimeoutMs=1000}: a LAWICEL
 * adapter. {@code bitrate} is the CAN bit rate (required: a wrong one disturbs the bus); {@code baud} and the
 * other serial settings matter only for adapters behind a real UART (CAN232), USB CDC adapters ignore them.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=slcan")
public final class SlcanTransportProvider implements TransportProvider {

    /** A common UART speed for CAN232-style adapters; USB CDC adapters ignore it. */
    static final int DEFAULT_BAUD_RATE = 115_200;

    @Override
    public Set<String> schemes() {
        return Set.of("slcan");
    }

    @Override
    public String usage() {
        return "slcan:PORT?bitrate=500000&listenOnly=false&timestamps=false&replyTimeoutMs=1000&baud=115200";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        Set<String> known = new HashSet<>(SerialSettings.PARAMETERS);
        known.addAll(Set.of("bitrate", "listenOnly", "timestamps", "replyTimeoutMs"));
        UriParameters parameters = UriParameters.parse(uri, known);
        if (!parameters.has("bitrate")) {
            throw new TransportException(uri + ": bitrate missing; add ?bitrate=500000 (or 250000, ... the bus's rate)");
        }
        int bitrateBps = parameters.oneOf("bitrate", 0, SlcanBitrate.ACCEPTED_BPS);
        SerialSettings settings = SerialSettings.from(parameters, DEFAULT_BAUD_RATE);
        return new SlcanTransport(uri.toString(), parameters.label(), parameters.target(), settings, bitrateBps,
                parameters.bool("listenOnly", false), parameters.bool("timestamps", false),
                parameters.integer("replyTimeoutMs", 1000, 10, 60_000));
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return Endpoints.ofDevicePath(UriParameters.targetOf(uri));
    }
}
