package org.bmsw.transport.internal.replay;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

import org.bmsw.transport.EndpointKind;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportProvider;
import org.bmsw.transport.UriParameters;
import org.osgi.service.component.annotations.Component;

/**
 * {@code replay:site.log?speed=1&timestamps=original&loop=false}: plays a trace file of any format back as a live
 * source. {@code speed} is {@code 1} (as recorded), any factor such as {@code 10} or {@code 0.5}, or {@code max}
 * (as fast as the listeners take it). {@code timestamps=now} stamps records with the time they are played, as an
 * adapter would; {@code original} (the default) keeps the file's.
 */
@Component(service = TransportProvider.class, property = TransportProvider.SCHEMES_PROPERTY + "=replay")
public final class ReplayTransportProvider implements TransportProvider {

    public static final String SCHEME = "replay";

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public String usage() {
        return SCHEME + ":FILE?speed=1|N|max&timestamps=original|now&loop=false (any trace format, as a live source)";
    }

    @Override
    public Transport create(URI uri) throws TransportException {
        UriParameters parameters = UriParameters.parse(uri, Set.of("speed", "timestamps", "loop"));
        Path file = Path.of(parameters.target());
        if (parameters.target().isEmpty()) {
            throw new TransportException(uri + ": no file; use replay:site.log?speed=1");
        }
        if (!Files.isReadable(file)) {
            throw new TransportException(uri + ": cannot read " + file.toAbsolutePath());
        }
        String speedText = parameters.text("speed", "1").toLowerCase(Locale.ROOT);
        double speed;
        if (speedText.equals("max")) {
            speed = Double.POSITIVE_INFINITY;
        } else {
            try {
                speed = Double.parseDouble(speedText.endsWith("x") ? speedText.substring(0, speedText.length() - 1)
                        : speedText);
            } catch (NumberFormatException e) {
                speed = Double.NaN;
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new TransportException(uri + ": speed '" + speedText + "' is not 1, a factor such as 10 or 0.5, "
                        + "or max");
            }
        }
        boolean stampNow = parameters.choice("timestamps", "original", "original", "now").equals("now");
        String name = file.getFileName().toString();
        return new ReplayTransport(uri.toString(), name, file, speed, stampNow, parameters.bool("loop", false));
    }

    @Override
    public EndpointKind endpointKind(URI uri) {
        return EndpointKind.VIRTUAL;
    }
}
