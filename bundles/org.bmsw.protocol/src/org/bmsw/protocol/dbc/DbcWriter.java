package org.bmsw.protocol.dbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a {@link DbcDatabase} as DBC text that {@link DbcParser} reads back to the same model and that Vector tools
 * and cantools read: sections in CANdb++'s order, names as C identifiers of at most 32 characters (a longer or
 * otherwise unfit name gets a derived short name and the {@code SystemSignalLongSymbol} /
 * {@code SystemMessageLongSymbol} / {@code SystemNodeLongSymbol} attribute, as CANdb++ writes it), multiplexer
 * indicators ({@code M}, {@code mN}, {@code mNM}) with {@code SG_MUL_VAL_} entries, {@code SIG_VALTYPE_} for float
 * signals, unsigned 64-bit values in {@code VAL_} as unsigned numbers.
 */
public final class DbcWriter {

    private static final String NEW_SYMBOLS = String.join("\n\t", "NS_ :", "NS_DESC_", "CM_", "BA_DEF_", "BA_",
            "VAL_", "CAT_DEF_", "CAT_", "FILTER", "BA_DEF_DEF_", "EV_DATA_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_",
            "BA_DEF_SGTYPE_", "BA_SGTYPE_", "SIG_TYPE_REF_", "VAL_TABLE_", "SIG_GROUP_", "SIG_VALTYPE_",
            "SIGTYPE_VALTYPE_", "BO_TX_BU_", "BA_DEF_REL_", "BA_REL_", "BA_DEF_DEF_REL_", "BU_SG_REL_", "BU_EV_REL_",
            "BU_BO_REL_", "SG_MUL_VAL_");

    /** What a DBC name may be: a C identifier of at most 32 characters. */
    private static final Pattern SHORT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");
    private static final int MAX_NAME = 32;

    private DbcWriter() {
    }

    public static String write(DbcDatabase database) {
        StringBuilder out = new StringBuilder(4096);
        try {
            write(database, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }

    /** Writes {@code database} to {@code out} (a {@link java.io.Writer}, a {@link StringBuilder}, ...). */
    public static void write(DbcDatabase database, Appendable out) throws IOException {
        Map<String, String> nodeNames = shortNames(nodeNamesOf(database), Set.of(DbcMessage.NO_NODE));
        Map<String, String> messageNames = shortNames(database.messages().stream().map(DbcMessage::name).toList(),
                Set.of());
        Map<DbcMessage, Map<String, String>> signalNames = new LinkedHashMap<>();
        for (DbcMessage message : database.messages()) {
            signalNames.put(message, shortNames(message.signals().stream().map(DbcSignal::name).toList(), Set.of()));
        }

        out.append("VERSION ").append(quote(database.version())).append("\n\n\n");
        out.append(NEW_SYMBOLS).append("\n\nBS_:\n\n");
        out.append("BU_:");
        for (String node : database.nodes()) {
            out.append(' ').append(nodeNames.get(node));
        }
        out.append("\n");
        for (Map.Entry<String, Map<Long, String>> table : database.valueTables().entrySet()) {
            out.append("VAL_TABLE_ ").append(table.getKey());
            appendValues(out, table.getValue(), false);
        }
        out.append('\n');
        for (DbcMessage message : database.messages()) {
            Map<String, String> names = signalNames.get(message);
            out.append("\nBO_ ").append(Long.toString(message.dbcId())).append(' ')
                    .append(messageNames.get(message.name())).append(": ").append(Integer.toString(message.length()))
                    .append(' ').append(nodeNames.get(message.transmitters().get(0))).append('\n');
            for (DbcSignal signal : message.signals()) {
                out.append(" SG_ ").append(names.get(signal.name()));
                if (signal.hasMultiplexIndicator()) {
                    out.append(' ');
                    if (signal.isMultiplexed()) {
                        out.append('m').append(Integer.toString(signal.multiplexValue()));
                    }
                    if (signal.multiplexor()) {
                        out.append('M');
                    }
                }
                out.append(" : ").append(Integer.toString(signal.startBit())).append('|')
                        .append(Integer.toString(signal.length())).append('@')
                        .append(signal.byteOrder() == DbcByteOrder.INTEL ? '1' : '0')
                        .append(signal.signed() ? '-' : '+').append(" (").append(number(signal.factor())).append(',')
                        .append(number(signal.offset())).append(") [").append(number(signal.minimum())).append('|')
                        .append(number(signal.maximum())).append("] ").append(quote(signal.unit())).append(' ');
                List<String> receivers = new ArrayList<>();
                signal.receivers().forEach(r -> receivers.add(nodeNames.get(r)));
                out.append(String.join(",", receivers)).append('\n');
            }
        }
        out.append("\n\n");
        for (DbcMessage message : database.messages()) {
            if (message.transmitters().size() > 1) {
                List<String> senders = new ArrayList<>();
                message.transmitters().forEach(t -> senders.add(nodeNames.get(t)));
                out.append("BO_TX_BU_ ").append(Long.toString(message.dbcId())).append(" : ")
                        .append(String.join(",", senders)).append(";\n");
            }
        }
        if (database.comment() != null) {
            out.append("CM_ ").append(quote(database.comment())).append(";\n");
        }
        for (DbcMessage message : database.messages()) {
            if (message.comment() != null) {
                out.append("CM_ BO_ ").append(Long.toString(message.dbcId())).append(' ')
                        .append(quote(message.comment())).append(";\n");
            }
            for (DbcSignal signal : message.signals()) {
                if (signal.comment() != null) {
                    out.append("CM_ SG_ ").append(Long.toString(message.dbcId())).append(' ')
                            .append(signalNames.get(message).get(signal.name())).append(' ')
                            .append(quote(signal.comment())).append(";\n");
                }
            }
        }
        boolean longNodes = isRenamed(nodeNames);
        boolean longMessages = isRenamed(messageNames);
        boolean longSignals = signalNames.values().stream().anyMatch(DbcWriter::isRenamed);
        for (DbcAttributeDefinition definition : database.attributeDefinitions()) {
            out.append("BA_DEF_ ");
            if (!definition.objectType().isEmpty()) {
                out.append(definition.objectType()).append(' ');
            }
            out.append(' ').append(quote(definition.name())).append(' ').append(definition.valueType()).append(";\n");
        }
        appendLongNameDefinition(out, longNodes, "BU_", DbcParser.LONG_NODE_NAME);
        appendLongNameDefinition(out, longMessages, "BO_", DbcParser.LONG_MESSAGE_NAME);
        appendLongNameDefinition(out, longSignals, "SG_", DbcParser.LONG_SIGNAL_NAME);
        for (DbcAttributeDefinition definition : database.attributeDefinitions()) {
            if (definition.defaultValue() != null) {
                out.append("BA_DEF_DEF_  ").append(quote(definition.name())).append(' ')
                        .append(definition.defaultValue()).append(";\n");
            }
        }
        appendLongNameDefault(out, longNodes, DbcParser.LONG_NODE_NAME);
        appendLongNameDefault(out, longMessages, DbcParser.LONG_MESSAGE_NAME);
        appendLongNameDefault(out, longSignals, DbcParser.LONG_SIGNAL_NAME);
        for (Map.Entry<String, String> attribute : database.attributes().entrySet()) {
            out.append("BA_ ").append(quote(attribute.getKey())).append(' ').append(attribute.getValue())
                    .append(";\n");
        }
        for (Map.Entry<String, String> node : nodeNames.entrySet()) {
            if (!node.getKey().equals(node.getValue())) {
                out.append("BA_ ").append(quote(DbcParser.LONG_NODE_NAME)).append(" BU_ ").append(node.getValue())
                        .append(' ').append(quote(node.getKey())).append(";\n");
            }
        }
        for (DbcMessage message : database.messages()) {
            String id = Long.toString(message.dbcId());
            String shortName = messageNames.get(message.name());
            if (!shortName.equals(message.name())) {
                out.append("BA_ ").append(quote(DbcParser.LONG_MESSAGE_NAME)).append(" BO_ ").append(id).append(' ')
                        .append(quote(message.name())).append(";\n");
            }
            for (Map.Entry<String, String> attribute : message.attributes().entrySet()) {
                out.append("BA_ ").append(quote(attribute.getKey())).append(" BO_ ").append(id).append(' ')
                        .append(attribute.getValue()).append(";\n");
            }
            Map<String, String> names = signalNames.get(message);
            for (DbcSignal signal : message.signals()) {
                String signalName = names.get(signal.name());
                if (!signalName.equals(signal.name())) {
                    out.append("BA_ ").append(quote(DbcParser.LONG_SIGNAL_NAME)).append(" SG_ ").append(id)
                            .append(' ').append(signalName).append(' ').append(quote(signal.name())).append(";\n");
                }
                for (Map.Entry<String, String> attribute : signal.attributes().entrySet()) {
                    out.append("BA_ ").append(quote(attribute.getKey())).append(" SG_ ").append(id).append(' ')
                            .append(signalName).append(' ').append(attribute.getValue()).append(";\n");
                }
            }
        }
        for (DbcMessage message : database.messages()) {
            for (DbcSignal signal : message.signals()) {
                if (!signal.valueDescriptions().isEmpty()) {
                    out.append("VAL_ ").append(Long.toString(message.dbcId())).append(' ')
                            .append(signalNames.get(message).get(signal.name()));
                    appendValues(out, signal.valueDescriptions(), signal.isUnsigned64());
                }
            }
        }
        for (DbcMessage message : database.messages()) {
            for (DbcSignal signal : message.signals()) {
                if (signal.valueType() != DbcValueType.INTEGER) {
                    out.append("SIG_VALTYPE_ ").append(Long.toString(message.dbcId())).append(' ')
                            .append(signalNames.get(message).get(signal.name())).append(" : ")
                            .append(signal.valueType() == DbcValueType.FLOAT32 ? "1" : "2").append(";\n");
                }
            }
        }
        for (DbcMessage message : database.messages()) {
            Map<String, String> names = signalNames.get(message);
            for (DbcSignal signal : message.signals()) {
                if (signal.multiplexorName() != null && !signal.multiplexRanges().isEmpty()) {
                    String multiplexor = names.getOrDefault(signal.multiplexorName(), signal.multiplexorName());
                    out.append("SG_MUL_VAL_ ").append(Long.toString(message.dbcId())).append(' ')
                            .append(names.get(signal.name())).append(' ').append(multiplexor).append(' ');
                    List<String> ranges = new ArrayList<>();
                    signal.multiplexRanges().forEach(r -> ranges.add(r.toString()));
                    out.append(String.join(", ", ranges)).append(";\n");
                }
            }
        }
        for (String statement : database.preserved()) {
            out.append(statement).append('\n');
        }
    }

    private static List<String> nodeNamesOf(DbcDatabase database) {
        List<String> names = new ArrayList<>(database.nodes());
        for (DbcMessage message : database.messages()) {
            names.addAll(message.transmitters());
            message.signals().forEach(s -> names.addAll(s.receivers()));
        }
        return names;
    }

    /**
     * The name each of {@code names} is written under: itself when it is a short C identifier, else its first 32
     * characters (others replaced by {@code _}), made unique with {@code _0000}, {@code _0001}, ... .
     */
    static Map<String, String> shortNames(List<String> names, Set<String> reserved) {
        Map<String, String> result = new LinkedHashMap<>();
        Set<String> used = new HashSet<>(reserved);
        for (String name : names) {
            if (SHORT_NAME.matcher(name).matches() || reserved.contains(name)) {
                result.put(name, name);
                used.add(name);
            }
        }
        for (String name : names) {
            if (result.containsKey(name)) {
                continue;
            }
            StringBuilder clean = new StringBuilder();
            for (int i = 0; i < name.length() && clean.length() < MAX_NAME; i++) {
                char c = name.charAt(i);
                clean.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_') ? c : '_');
            }
            if (clean.length() == 0 || Character.isDigit(clean.charAt(0))) {
                clean.insert(0, '_');
                clean.setLength(Math.min(clean.length(), MAX_NAME));
            }
            String candidate = clean.toString();
            for (int n = 0; used.contains(candidate); n++) {
                String suffix = String.format("_%04d", n);
                candidate = clean.substring(0, Math.min(clean.length(), MAX_NAME - suffix.length())) + suffix;
            }
            used.add(candidate);
            result.put(name, candidate);
        }
        return result;
    }

    private static boolean isRenamed(Map<String, String> names) {
        return names.entrySet().stream().anyMatch(e -> !e.getKey().equals(e.getValue()));
    }

    private static void appendLongNameDefinition(Appendable out, boolean needed, String objectType, String name)
            throws IOException {
        if (needed) {
            out.append("BA_DEF_ ").append(objectType).append("  ").append(quote(name)).append(" STRING ;\n");
        }
    }

    private static void appendLongNameDefault(Appendable out, boolean needed, String name) throws IOException {
        if (needed) {
            out.append("BA_DEF_DEF_  ").append(quote(name)).append(" \"\";\n");
        }
    }

    private static void appendValues(Appendable out, Map<Long, String> values, boolean unsigned) throws IOException {
        List<Map.Entry<Long, String>> entries = new ArrayList<>(values.entrySet());
        entries.sort(unsigned ? (a, b) -> Long.compareUnsigned(b.getKey(), a.getKey())
                : (a, b) -> Long.compare(b.getKey(), a.getKey()));
        for (Map.Entry<Long, String> entry : entries) {
            out.append(' ').append(unsigned ? Long.toUnsignedString(entry.getKey()) : Long.toString(entry.getKey()))
                    .append(' ').append(quote(entry.getValue()));
        }
        out.append(" ;\n");
    }

    /** {@code 0.1}, {@code 1}, {@code -273}: the shortest text that reads back as the same double. */
    static String number(double value) {
        if (value == 0 && 1 / value < 0) {
            return "-0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (!Double.isFinite(value)) {
            return Double.toString(value); // not DBC; only a model built in code has it
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    static String quote(String text) {
        return "\"" + (text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }
}
