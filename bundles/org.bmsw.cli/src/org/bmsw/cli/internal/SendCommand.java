package org.bmsw.cli.internal;

import java.io.IOException;
import java.util.HexFormat;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.CanFrameNotation;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.transport.Transmitter;
import org.bmsw.transport.TransportRegistry;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bmsw send}: one CAN frame in can-utils' notation (or bytes for a serial port) onto a bus, once, N times or
 * every period until Ctrl-C, through the one transmit interlock.
 */
@Command(name = "send", description = "send a CAN frame (ID#DATA, as cansend) or serial bytes onto a bus, once or "
        + "every period",
        footer = { "ID#DATA is can-utils' notation: 351#1402C012C012C201 (3 hex digits: 11-bit), 1234ABCD#DEAD (8 digits:",
                "29-bit), 305#R or 305#R8 (remote request), dots between bytes allowed (351#14.02.C0). A serial port",
                "(serial:...) takes --hex BYTES instead, e.g. --hex '7E 32 30' or --hex 7E3230.",
                "Without --period the frame goes once (or --count times back to back); with --period every MS",
                "milliseconds, --count times or until Ctrl-C. slcan: is opened in normal mode (it ACKs every frame",
                "on the bus); a port that may reach real equipment needs --transmit-to PORT, a pty, vcan or sim: nothing.",
                "Example: bmsw send --to slcan:/dev/ttyACM0?bitrate=500000 --transmit-to /dev/ttyACM0 305#0000000000000000",
                "         --period 1000" })
final class SendCommand extends BmswCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID#DATA", description = "the CAN frame, e.g. 351#1402C012")
    String frame;

    @Mixin
    TransmitTarget target = new TransmitTarget();

    @Option(names = "--hex", paramLabel = "BYTES", description = "bytes for a serial port, in hex (spaces allowed)")
    String hex;

    @Option(names = "--period", paramLabel = "MS", description = "send every MS milliseconds (above 0) until --count "
            + "or Ctrl-C")
    Long periodMs;

    @Option(names = "--count", paramLabel = "N", description = "send N times (above 0); default: once, or with "
            + "--period until Ctrl-C")
    Long count;

    SendCommand(Bmsw.Invocation invocation) {
        super(invocation);
    }

    @Override
    public Integer call() {
        if ((frame == null) == (hex == null)) {
            throw usageError("give a frame ID#DATA (CAN) or --hex BYTES (a serial port), one of them");
        }
        if (periodMs != null && periodMs <= 0) {
            throw usageError("--period takes milliseconds above 0, not " + periodMs);
        }
        if (count != null && count <= 0) {
            throw usageError("--count takes a number above 0, not " + count);
        }
        String uri = target.uri();
        BusKind bus;
        try {
            bus = TransportRegistry.getDefault().bus(uri);
        } catch (IOException e) {
            err.println(qualifiedName() + ": " + e.getMessage());
            return Bmsw.EXIT_FAILED;
        }
        TraceRecord record;
        if (bus == BusKind.SERIAL) {
            if (hex == null) {
                throw usageError(target.to + " is a serial port: give the bytes with --hex BYTES, not a CAN frame");
            }
            try {
                record = TraceRecord.serial(0, "tx", true, HexFormat.of().parseHex(hex.replaceAll("[\\s:.]", "")));
            } catch (IllegalArgumentException e) {
                throw usageError("--hex " + hex + ": not hex bytes (" + e.getMessage() + ")");
            }
            if (record.length() == 0) {
                throw usageError("--hex names no bytes");
            }
        } else {
            if (frame == null) {
                throw usageError(target.to + " is a CAN bus: give the frame as ID#DATA, not --hex");
            }
            try {
                record = CanFrameNotation.parse(frame, "tx");
            } catch (IllegalArgumentException e) {
                throw usageError(e.getMessage());
            }
        }
        long times = count != null ? count : periodMs == null ? 1 : 0;
        long period = periodMs == null ? 0 : periodMs;
        String what = frame != null ? CanFrameNotation.format(record) : record.length() + " bytes";
        return target.transmit(qualifiedName(), Transmitter.SEND_ACTION, err, (transmitter, transport) -> {
            if (times == 0) {
                err.println(qualifiedName() + ": sending " + what + " to " + transport.uri() + " every " + period
                        + " ms until Ctrl-C");
            }
            long sent = transmitter.repeat(record, times, period, () -> false);
            err.println(qualifiedName() + ": sent " + what + " " + (sent == 1 ? "once" : sent + " times") + " to "
                    + transport.uri());
            return Bmsw.EXIT_OK;
        });
    }
}
