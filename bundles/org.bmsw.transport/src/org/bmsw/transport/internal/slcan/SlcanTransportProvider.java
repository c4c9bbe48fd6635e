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
 * {@code slcan:/dev/ttyACM0?bitrate=500000&listenOnly=true&timestamps=false&replyTimeoutMs=1000}: a LAWICEL
 * adapter. {@code bitrate} is the CAN bit rate (required: a wrong one disturbs a bus in normal mode), or
 * {@code auto} to find it by listening ({@code scanDwellMs} at each rate, 1500 by default: longer than the one-second
 * cycle of batteries and inverters). The adapter opens listen-only unless {@code listenOnly=false}, which makes it
 * ACK frames and needs the port acknowledged ({@link org.bmsw.transport.TransmitInterlock}). {@code baud} and the
 * other serial settings matter only for adapters behind a real UART (CAN232), USB CDC adapters ignore them;
 * {@code rts=1}/{@code dtr=1} raise the modem lines, low by default.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=slcan")
public final class SlcanTransportProvider implements TransportProvider {

    /** A common UART speed for CAN232-style adapters; USB CDC adapters ignore it. */
    static final int DEFAULT_BAUD_RATE = 115_200;
    /** Longer than the one-second cycle of batteries and inverters, so that a quiet second is not missed. */
    static final int DEFAULT_SCAN_DWELL_MS = 1500;

    @Override
    public Set<String> schemes() {
        return Set.of("slcan");
    }

    @Override
    public String usage() {
        return "slcan:PORT?bitrate=500000|auto&listenOnly=true&timestamps=false&replyTimeoutMs=1000&scanDwellMs=1500"
                + "&baud=115200&rts=0&dtr=0";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        Set<String> known = new HashSet<>(SerialSettings.PARAMETERS);
        known.addAll(SerialSettings.MODEM_LINE_PARAMETERS);
        known.addAll(Set.of("bitrate", "listenOnly", "timestamps", "replyTimeoutMs", "scanDwellMs"));
        UriParameters parameters = UriParameters.parse(uri, known);
        if (!parameters.has("bitrate")) {
            throw new TransportException(uri + ": bitrate missing; add ?bitrate=500000 (or 250000, ... the bus's "
                    + "rate), or ?bitrate=auto to find it by listening");
        }
        int bitrateBps = "auto".equalsIgnoreCase(parameters.text("bitrate", ""))
                ? SlcanTransport.AUTO_BITRATE
                : parameters.oneOf("bitrate", 0, SlcanBitrate.ACCEPTED_BPS);
        SerialSettings settings = SerialSettings.from(parameters, DEFAULT_BAUD_RATE);
        return new SlcanTransport(uri.toString(), parameters.label(), parameters.target(), settings, bitrateBps,
                parameters.bool("listenOnly", true), parameters.bool("timestamps", false),
                parameters.integer("replyTimeoutMs", 1000, 10, 60_000),
                parameters.integer("scanDwellMs", DEFAULT_SCAN_DWELL_MS, 10, 60_000));
    }

    @Override
    public EndpointKind endpointKind(URI uri) throws TransportException {
        return Endpoints.ofDevicePath(UriParameters.targetOf(uri));
    }
}
