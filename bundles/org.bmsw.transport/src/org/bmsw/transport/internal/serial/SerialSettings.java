package org.bmsw.transport.internal.serial;

import org.bmsw.transport.TransportException;
import org.bmsw.transport.UriParameters;

import com.fazecast.jSerialComm.SerialPort;

/**
 * Line settings from a URI: {@code baud}, {@code dataBits} (5-8), {@code stopBits} (1, 1.5, 2) and
 * {@code parity} (none, even, odd, mark, space).
 *
 * @param baudRate bits per second
 * @param dataBits bits per character
 * @param stopBits jSerialComm's constant ({@link SerialPort#ONE_STOP_BIT}, ...)
 * @param parity jSerialComm's constant ({@link SerialPort#NO_PARITY}, ...)
 * @param rts raise RTS while open; low by default, because some RS485 adapters drive their transmitter (DE) from
 *            RTS and a raised RTS would hold the bus
 * @param dtr raise DTR while open; low by default (some adapters reset or power their transceiver from it)
 */
public record SerialSettings(int baudRate, int dataBits, int stopBits, int parity, boolean rts, boolean dtr) {

    /** The parameter names {@link #from} reads. */
    public static final java.util.Set<String> PARAMETERS = java.util.Set.of("baud", "dataBits", "stopBits", "parity");
    /**
     * {@code rts} and {@code dtr} ({@code 1}/{@code 0}, {@code true}/{@code false}): the modem lines, for the
     * transports that open the port themselves ({@code serial:}, {@code slcan:}).
     */
    public static final java.util.Set<String> MODEM_LINE_PARAMETERS = java.util.Set.of("rts", "dtr");

    private static final String[] PARITY_NAMES = { "none", "odd", "even", "mark", "space" };
    private static final int[] PARITY_CONSTANTS = { SerialPort.NO_PARITY, SerialPort.ODD_PARITY,
            SerialPort.EVEN_PARITY, SerialPort.MARK_PARITY, SerialPort.SPACE_PARITY };

    public static SerialSettings from(UriParameters parameters, int defaultBaudRate) throws TransportException {
        int baudRate = parameters.integer("baud", defaultBaudRate, 50, 16_000_000);
        int dataBits = parameters.oneOf("dataBits", 8, 5, 6, 7, 8);
        String stopBits = parameters.choice("stopBits", "1", "1", "1.5", "2");
        String parity = parameters.choice("parity", "none", PARITY_NAMES);
        int parityConstant = PARITY_CONSTANTS[java.util.Arrays.asList(PARITY_NAMES).indexOf(parity)];
        int stopBitsConstant = switch (stopBits) {
        case "1.5" -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
        case "2" -> SerialPort.TWO_STOP_BITS;
        default -> SerialPort.ONE_STOP_BIT;
        };
        return new SerialSettings(baudRate, dataBits, stopBitsConstant, parityConstant, parameters.bool("rts", false),
                parameters.bool("dtr", false));
    }

    /** Bits on the wire per character: start bit, data bits, parity bit, stop bits. */
    public double bitsPerCharacter() {
        double stop = stopBits == SerialPort.TWO_STOP_BITS ? 2 : stopBits == SerialPort.ONE_POINT_FIVE_STOP_BITS ? 1.5 : 1;
        return 1 + dataBits + (parity == SerialPort.NO_PARITY ? 0 : 1) + stop;
    }

    /** {@code "9600 8N1"}, with {@code ", RTS high"} / {@code ", DTR high"} when asked. */
    @Override
    public String toString() {
        char parityLetter = "NOEMS".charAt(parity);
        String stop = stopBits == SerialPort.TWO_STOP_BITS ? "2" : stopBits == SerialPort.ONE_POINT_FIVE_STOP_BITS ? "1.5" : "1";
        return baudRate + " " + dataBits + parityLetter + stop + (rts ? ", RTS high" : "") + (dtr ? ", DTR high" : "");
    }
}
