package org.bmsw.ui.internal.trace;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.store.StoreCursor;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;

/** How a trace row reads in the Trace view: time, identifier, bytes and the decoded message as text. */
final class RowFormat {

    /** Serial chunks can be 4096 bytes; the cell shows the start. */
    static final int MAX_SHOWN_BYTES = 48;
    /** Timestamps after 1990 are wall-clock times; smaller ones count from the start of the capture. */
    private static final long EPOCH_THRESHOLD_NS = 631_152_000_000_000_000L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private RowFormat() {
    }

    /** Seconds since the trace start ({@code 12.345678}), or the UTC wall-clock time when the trace has one. */
    static String time(long timestampNs, long startNs, boolean relative) {
        if (relative) {
            long delta = timestampNs - startNs;
            return String.format(Locale.ROOT, "%s%d.%06d", delta < 0 ? "-" : "", Math.abs(delta) / 1_000_000_000L,
                    Math.abs(delta) % 1_000_000_000L / 1000);
        }
        if (timestampNs >= EPOCH_THRESHOLD_NS) {
            return CLOCK.format(Instant.ofEpochSecond(0, timestampNs));
        }
        return String.format(Locale.ROOT, "%d.%06d", timestampNs / 1_000_000_000L, timestampNs % 1_000_000_000L / 1000);
    }

    /** {@code 351}, {@code 18FF50E5} (29-bit), {@code RX}/{@code TX} for serial chunks. */
    static String identifier(StoreCursor row) {
        int flags = row.flags();
        if (row.bus() == BusKind.SERIAL) {
            return FrameFlags.isSet(flags, FrameFlags.TX) ? "TX" : "RX";
        }
        String id = FrameFlags.isSet(flags, FrameFlags.EXTENDED) ? String.format("%08X", row.identifier())
                : String.format("%03X", row.identifier());
        if (FrameFlags.isSet(flags, FrameFlags.ERROR)) {
            return "ERR " + id;
        }
        return FrameFlags.isSet(flags, FrameFlags.RTR) ? id + " RTR" : id;
    }

    /** The payload as spaced hex, cut after {@link #MAX_SHOWN_BYTES} bytes with the full length. */
    static String bytes(StoreCursor row) {
        int length = row.length();
        int shown = Math.min(length, MAX_SHOWN_BYTES);
        StringBuilder text = new StringBuilder(shown * 3 + 16);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                text.append(' ');
            }
            int b = row.byteAt(i);
            text.append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        if (shown < length) {
            text.append(" \u2026 (").append(length).append(" bytes)");
        }
        return text.toString();
    }

    /** {@code Limits: charge_voltage_limit_V 58.4 V, ...}, messages separated by {@code " | "}, problems last. */
    static String messages(DecodedMessage[] messages) {
        StringBuilder text = new StringBuilder();
        for (DecodedMessage message : messages) {
            if (text.length() > 0) {
                text.append(" | ");
            }
            text.append(message.message());
            String separator = ": ";
            for (DecodedSignal signal : message.signals()) {
                text.append(separator).append(signal.name()).append(' ').append(value(signal));
                if (!signal.unit().isEmpty() && !signal.isText()) {
                    text.append(' ').append(signal.unit());
                }
                separator = ", ";
            }
            for (String problem : message.problems()) {
                text.append(" \u26A0 ").append(problem);
            }
        }
        return text.toString();
    }

    /** A signal's value as people read it: its text, its description with the raw value, or the number. */
    static String value(DecodedSignal signal) {
        if (signal.isText()) {
            return "\"" + signal.text() + "\"";
        }
        String number = number(signal.value());
        if (!signal.valid()) {
            return number + " (not sent)";
        }
        return signal.description() != null ? signal.description() + " (" + number + ")" : number;
    }

    /** Shortest decimal that reads back the same, without the binary noise of scaled values (58.4, not 58.400001). */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "\u2014";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = String.format(Locale.ROOT, "%.6f", value);
        text = text.replaceAll("0+$", "");
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
