package org.bmsw.cli.internal;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.bmsw.formats.CsvCells;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.DecodedSignal;

/** The three shapes of {@code bmsw decode}'s output: JSONL, a candump-like text line, and the time-sliced CSV. */
final class DecodeOutput {

    private static final MathContext SIGNIFICANT = new MathContext(15);

    private DecodeOutput() {
    }

    /**
     * A value as people and JSON want it: {@code 88} not {@code 88.0}, {@code 49.86} not {@code 49.860000000000006}
     * (raw × factor leaves binary noise in the 16th and 17th digit; 15 significant digits drop it and keep more than
     * any sensor has); empty for NaN and infinities.
     */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String shortest = Double.toString(value);
        if (shortest.length() <= 16 && shortest.indexOf('E') < 0) {
            return shortest;
        }
        return new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    /** The value as a JSON number object for Gson: a Long when whole, else rounded as in {@link #number}. */
    static Object jsonNumber(Object value) {
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                return null;
            }
            String text = number(d);
            return text.indexOf('.') < 0 && text.length() < 18 ? (Object) Long.valueOf(text) : new BigDecimal(text);
        }
        return value;
    }

    /** Nanoseconds as {@code 1700000000.123456} (9 decimals when the trace has sub-microsecond times). */
    static String seconds(long timestampNs) {
        if (timestampNs < 0) {
            return "-" + seconds(-timestampNs);
        }
        long whole = timestampNs / 1_000_000_000L;
        long fraction = timestampNs % 1_000_000_000L;
        // by hand: String.format costs a microsecond, once per line of a multi-million-line output
        StringBuilder text = new StringBuilder(24).append(whole).append('.');
        String digits = fraction % 1000 == 0 ? Long.toString(fraction / 1000 + 1_000_000L)
                : Long.toString(fraction + 1_000_000_000L);
        return text.append(digits, 1, digits.length()).toString();
    }

    /**
     * One JSONL object: {@code {"t": 1700000000.123456, "channel": "can0", "id": "0x351", "message": "Limits",
     * "signals": {...}}}, with {@code "problems": [...]} only when the message has some.
     */
    static String jsonLine(DecodedMessage message) {
        StringBuilder line = new StringBuilder(256);
        line.append("{\"t\": ").append(seconds(message.timestampNs()));
        line.append(", \"channel\": ");
        quote(line, message.channel());
        line.append(", \"id\": ");
        quote(line, message.id());
        line.append(", \"message\": ");
        quote(line, message.message());
        line.append(", \"signals\": {");
        boolean first = true;
        for (DecodedSignal signal : message.signals()) {
            line.append(first ? "" : ", ");
            first = false;
            quote(line, signal.name());
            line.append(": ");
            if (signal.isText()) {
                quote(line, signal.text());
            } else {
                String value = number(signal.value());
                line.append(value.isEmpty() ? "null" : value);
            }
        }
        line.append('}');
        if (!message.problems().isEmpty()) {
            line.append(", \"problems\": [");
            for (int i = 0; i < message.problems().size(); i++) {
                line.append(i == 0 ? "" : ", ");
                quote(line, message.problems().get(i));
            }
            line.append(']');
        }
        return line.append('}').toString();
    }

    /** A JSON string literal (RFC 8259 escapes; no HTML escaping, as Gson's disableHtmlEscaping). */
    static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            }
        }
        out.append('"');
    }

    /**
     * A candump-like line for people:
     * {@code (1700000000.123456) can0  0x351  Limits  charge_voltage_limit_V=53.2 V  charge_current_limit_A=480 A}.
     * Values the protocol marks as "not sent" get {@code (not sent)}; problems follow after {@code !}.
     */
    static String textLine(DecodedMessage message) {
        StringBuilder line = new StringBuilder(256);
        line.append('(').append(seconds(message.timestampNs())).append(") ").append(message.channel()).append("  ")
                .append(message.id()).append("  ").append(message.message());
        for (DecodedSignal signal : message.signals()) {
            line.append("  ").append(signal.name()).append('=');
            if (signal.isText()) {
                line.append('"').append(signal.text()).append('"');
            } else {
                line.append(number(signal.value()));
                if (!signal.unit().isEmpty()) {
                    line.append(' ').append(signal.unit());
                }
                if (signal.description() != null) {
                    line.append(" (").append(signal.description()).append(')');
                }
                if (!signal.valid()) {
                    line.append(" (not sent)");
                }
            }
        }
        for (String problem : message.problems()) {
            line.append("  ! ").append(problem);
        }
        return line.toString();
    }

    /**
     * The CSV column name of a signal: canonical names carry their unit already; others get {@code _<unit>} in the
     * canonical names' spelling ({@code _C}, {@code _pct}), unless their name already ends with it.
     */
    static String columnName(DecodedSignal signal) {
        String unit = switch (signal.unit()) {
        case "°C", "degC", "deg C", "C" -> "C";
        case "%" -> "pct";
        default -> signal.unit().replace(' ', '_');
        };
        if (signal.canonical() || unit.isEmpty() || signal.name().endsWith("_" + unit)) {
            return signal.name();
        }
        return signal.name() + "_" + unit;
    }

    /**
     * The time-sliced CSV: one row per slice that holds at least one value, one column per signal (per channel and
     * signal when several channels carry decoded messages), values carried forward, empty before a signal's first
     * value. Rows are kept until the end because the columns are only known then; a row costs one reference per
     * column, since unchanged cells share their text.
     */
    static final class CsvTable implements Consumer<DecodedMessage> {

        private final long sliceNs;
        private final long sliceMs;
        private final Map<String, Integer> columns = new LinkedHashMap<>(); // channel + '\0' + column name
        private final Set<String> channels = new LinkedHashSet<>();
        private final List<String[]> rows = new ArrayList<>();
        private final List<Long> rowSlices = new ArrayList<>();
        private String[] current = new String[0];
        private long slice;
        private boolean started;

        CsvTable(long sliceMs) {
            this.sliceMs = sliceMs;
            this.sliceNs = sliceMs * 1_000_000L;
        }

        @Override
        public void accept(DecodedMessage message) {
            long messageSlice = Math.floorDiv(message.timestampNs(), sliceNs);
            if (!started) {
                started = true;
                slice = messageSlice;
            } else if (messageSlice > slice) {
                closeRow();
                slice = messageSlice;
            } // a frame earlier than the current slice (out-of-order capture) joins the current row
            for (DecodedSignal signal : message.signals()) {
                if (!signal.valid()) {
                    continue; // "not sent": the last real value stays
                }
                String key = message.channel() + '\0' + columnName(signal);
                Integer column = columns.get(key);
                if (column == null) {
                    column = columns.size();
                    columns.put(key, column);
                    channels.add(message.channel());
                    current = Arrays.copyOf(current, columns.size());
                }
                current[column] = signal.isText() ? CsvCells.text(signal.text()) : number(signal.value());
            }
        }

        private void closeRow() {
            rows.add(current.clone());
            rowSlices.add(slice);
        }

        void write(Writer out) throws IOException {
            if (started) {
                closeRow();
                started = false;
            }
            boolean perChannel = channels.size() > 1;
            StringBuilder header = new StringBuilder("t_s");
            for (String key : columns.keySet()) {
                int split = key.indexOf('\0');
                header.append(',').append(perChannel ? key.substring(0, split) + "." : "")
                        .append(CsvCells.text(key.substring(split + 1)));
            }
            out.write(header.append('\n').toString());
            int width = columns.size();
            StringBuilder line = new StringBuilder(16 * width + 32);
            for (int r = 0; r < rows.size(); r++) {
                line.setLength(0);
                line.append(BigDecimal.valueOf(rowSlices.get(r) * sliceMs, 3).toPlainString());
                String[] row = rows.get(r);
                for (int c = 0; c < width; c++) {
                    line.append(',');
                    if (c < row.length && row[c] != null) {
                        line.append(row[c]);
                    }
                }
                out.write(line.append('\n').toString());
            }
        }
    }
}
