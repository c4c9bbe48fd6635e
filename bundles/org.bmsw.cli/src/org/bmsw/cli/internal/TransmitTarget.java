package org.bmsw.cli.internal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.bmsw.transport.TransmitInterlock;
import org.bmsw.transport.TransmitRefusedException;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.Transport;
import org.bmsw.transport.TransportException;
import org.bmsw.transport.TransportRegistry;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --to URI} and {@code --transmit-to PORT} for the commands that put frames on a bus ({@code send},
 * {@code play}): the port is opened for transmitting ({@code slcan:} in normal mode) only after the one transmit
 * interlock allows it, and Ctrl-C stops the transmitter and closes the port before the JVM exits.
 */
final class TransmitTarget {

    /** What a transmitting command does with the open port; returns the exit code. */
    @FunctionalInterface
    interface Work {
        int run(Transmitter transmitter, Transport transport) throws IOException, InterruptedException;
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--to", paramLabel = "URI", required = true, description = "where to transmit, e.g. "
            + "slcan:/dev/ttyACM0?bitrate=500000 (opened in normal mode), socketcan:can0, serial:/dev/ttyUSB0?baud=9600 "
            + "(bmsw ports lists this machine's)")
    String to;

    @Option(names = "--transmit-to", paramLabel = "PORT", description = "allow transmitting on PORT, the port of "
            + "--to (e.g. /dev/ttyACM0), when it may reach real equipment (a pty, loopback, vcan or sim: needs nothing)")
    String transmitTo;

    /** The URI to open: {@code --to}, an {@code slcan:} adapter in normal mode. */
    String uri() {
        return Transmitter.transmitUri(to);
    }

    /**
     * Checks the interlock for {@link #uri()}, opens it and runs {@code work}; a refusal or a port that cannot be
     * opened is one line on stderr after {@code name: } and exit 1.
     */
    int transmit(String name, String action, java.io.PrintStream err, Work work) {
        String uri = uri();
        TransportRegistry registry = TransportRegistry.getDefault();
        try (TransmitInterlock.Acknowledgement acknowledgement = acknowledgement(uri)) {
            TransmitInterlock.check(registry, uri, action);
            try (Transport transport = registry.create(uri)) {
                transport.open();
                Transmitter transmitter = new Transmitter(transport, action);
                CountDownLatch closed = new CountDownLatch(1);
                // Ctrl-C: stop between frames and let the main thread close the port before the JVM exits
                Thread hook = new Thread(() -> {
                    transmitter.stop();
                    try {
                        closed.await(3, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, name + " stop");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    return work.run(transmitter, transport);
                } finally {
                    transport.close();
                    closed.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // already shutting down: the hook is running
                    }
                }
            }
        } catch (TransmitRefusedException e) {
            err.println(name + ": " + e.getMessage() + ".");
            return Bmsw.EXIT_FAILED;
        } catch (IOException e) {
            err.println(name + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return Bmsw.EXIT_FAILED;
        }
    }

    /** The acknowledgement {@code --transmit-to} gives, or null; a usage error when it names another port. */
    private TransmitInterlock.Acknowledgement acknowledgement(String uri) {
        if (transmitTo == null) {
            return null;
        }
        String port = TransmitInterlock.portOf(uri);
        String name = port.substring(port.lastIndexOf('/') + 1);
        if (!transmitTo.equals(port) && !transmitTo.equals(name)) {
            throw new ParameterException(mixee.commandLine(), "--transmit-to " + transmitTo + " does not name the "
                    + "port of --to, " + port + "; to transmit there give --transmit-to " + port);
        }
        return TransmitInterlock.acknowledge(port);
    }
}
