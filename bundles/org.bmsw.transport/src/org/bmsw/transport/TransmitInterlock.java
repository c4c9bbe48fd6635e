package org.bmsw.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one check before anything transmits: a simulated battery or inverter, {@link Transport#send}, an SLCAN adapter
 * opened in normal mode (it ACKs every frame on the bus). Pseudo-terminals, loopback and virtual buses
 * ({@link EndpointKind#isReal()} false) need nothing; a port that may reach real equipment needs an acknowledgement
 * that names it, given by the user: {@code bmsw ... --transmit-to /dev/ttyUSB0} on the command line, the checklist
 * dialog in the window. Every transmitting path asks {@link #check}; a refusal is a
 * {@link TransmitRefusedException} naming the port and how to acknowledge it.
 * <p>
 * Acknowledgements are held for the process (the command's run, the window's session) until their handle is
 * closed; a port may be acknowledged by its path as the URI gives it ({@code /dev/ttyUSB0}) or by its name
 * ({@code ttyUSB0}). Thread-safe.
 *
 * @since 0.1.0
 */
public final class TransmitInterlock {

    /** An acknowledgement in force until closed. */
    public interface Acknowledgement extends AutoCloseable {
        /** The port acknowledged. */
        String port();

        /** Withdraws the acknowledgement (idempotent). */
        @Override
        void close();
    }

    /** Acknowledged port names, counted, so that two holders of the same port do not withdraw each other's. */
    private static final Map<String, Integer> ACKNOWLEDGED = new ConcurrentHashMap<>();
    /** A test's endpoint kind for some URIs (e.g. a pty made to look like a real port); null in production. */
    private static volatile Function<String, EndpointKind> kindOverride;

    private TransmitInterlock() {
    }

    /**
     * Acknowledges that transmitting toward {@code port} is intended (the loads and the real battery disconnected,
     * or a bus the user means to take part in).
     *
     * @param port the port as the source URI names it ({@code /dev/ttyUSB0}, {@code can0}) or its last path element
     */
    public static Acknowledgement acknowledge(String port) {
        String name = port.strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the acknowledgement must name a port, e.g. /dev/ttyUSB0");
        }
        ACKNOWLEDGED.merge(name, 1, Integer::sum);
        return new Acknowledgement() {
            private boolean closed;

            @Override
            public String port() {
                return name;
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    ACKNOWLEDGED.computeIfPresent(name, (key, count) -> count > 1 ? count - 1 : null);
                }
            }
        };
    }

    /** Whether {@code port} (a path or a name) is acknowledged right now. */
    public static boolean isAcknowledged(String port) {
        if (ACKNOWLEDGED.containsKey(port)) {
            return true;
        }
        String name = port.substring(port.lastIndexOf('/') + 1);
        return !name.isEmpty() && ACKNOWLEDGED.containsKey(name);
    }

    /** The port a URI names: its target without scheme and query ({@code /dev/ttyUSB0}, {@code host:502}). */
    public static String portOf(String uri) {
        try {
            return UriParameters.targetOf(new URI(uri));
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    /**
     * Lets {@code transport} transmit or refuses, by the kind its {@link Transport#endpointKind()} reports.
     *
     * @param action what wants to transmit, for the message, e.g. {@code "a simulated battery"}
     * @return the kind checked
     * @throws TransmitRefusedException when it may reach real equipment and its port is not acknowledged
     */
    public static EndpointKind check(Transport transport, String action) throws TransmitRefusedException {
        return check(transport.uri(), transport.endpointKind(), action);
    }

    /** The same for a URI not opened yet, its kind asked from {@code registry}'s provider. */
    public static EndpointKind check(TransportRegistry registry, String uri, String action) throws TransportException {
        return check(uri, registry.endpointKind(uri), action);
    }

    /** The same for a URI whose kind the caller knows. */
    public static EndpointKind check(String uri, EndpointKind kind, String action) throws TransmitRefusedException {
        Function<String, EndpointKind> override = kindOverride;
        EndpointKind effective = kind;
        if (override != null) {
            EndpointKind replaced = override.apply(uri);
            effective = replaced == null ? kind : replaced;
        }
        String port = portOf(uri);
        if (effective.isReal() && !isAcknowledged(port)) {
            throw new TransmitRefusedException(port, refusal(uri, port, action));
        }
        return effective;
    }

    /** The refusal's text: what, where, why, and how to acknowledge. */
    static String refusal(String uri, String port, String action) {
        return "refused: " + action + " would transmit on " + port + " (" + uri + "), which may reach real "
                + "equipment (it is not a pseudo-terminal, loopback or virtual bus). If that is intended, acknowledge "
                + "the port by name: --transmit-to " + port + " on the command line, or the checklist naming " + port
                + " in the window";
    }

    /**
     * For tests: every check of a URI for which {@code kinds} answers a kind uses that kind instead of the
     * transport's (e.g. a pty made to look like a real port, to prove a call site is gated). Closing the handle
     * removes it.
     */
    public static AutoCloseable overrideEndpointKindForTests(Function<String, EndpointKind> kinds) {
        kindOverride = kinds;
        return () -> kindOverride = null;
    }
}
