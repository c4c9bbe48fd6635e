package org.bmsw.protocol.dbc;

import java.math.BigDecimal;
import java.util.Map;

/** Writes a {@link DbcDatabase} as DBC text that {@link DbcParser} (and other tools) read back to the same model. */
public final class DbcWriter {

    private static final String NEW_SYMBOLS = String.join("\n\t", "NS_ :", "NS_DESC_", "CM_", "BA_DEF_", "BA_",
            "VAL_", "CAT_DEF_", "CAT_", "FILTER", "BA_DEF_DEF_", "EV_DATA_", "ENVVAR_DATA_", "SGTYPE_", "SGTYPE_VAL_",
            "BA_DEF_SGTYPE_", "BA_SGTYPE_", "SIG_TYPE_REF_", "VAL_TABLE_", "SIG_GROUP_", "SIG_VALTYPE_",
            "SIGTYPE_VALTYPE_", "BO_TX_BU_", "BA_DEF_REL_", "BA_REL_", "BA_DEF_DEF_REL_", "BU_SG_REL_", "BU_EV_REL_",
            "BU_BO_REL_", "SG_MUL_VAL_");

    private DbcWriter() {
    }

    public static String write(DbcDatabase database) {
        StringBuilder out = new StringBuilder(4096);
        out.append("VERSION ").append(quote(database.version())).append("\n\n");
        out.append(NEW_SYMBOLS).append("\n\nBS_:\n\n");
        out.append("BU_:");
        database.nodes().forEach(node -> out.append(' ').append(node));
        out.append("\n\n");
        database.valueTables().forEach((name, values) -> {
            out.append("VAL_TABLE_ ").append(name);
            appendValues(out, values);
        });
        for (DbcMessage message : database.messages()) {
            out.append("\nBO_ ").append(message.dbcId()).append(' ').append(message.name()).append(": ")
                    .append(message.length()).append(' ')
                    .append(message.transmitters().isEmpty() ? "Vector__XXX" : message.transmitters().get(0))
                    .append('\n');
            for (DbcSignal signal : message.signals()) {
                out.append(" SG_ ").append(signal.name());
                if (signal.multiplexor() || signal.isMultiplexed()) {
                    out.append(' ');
                    if (signal.isMultiplexed()) {
                        out.append('m').append(signal.multiplexValue());
                    }
                    if (signal.multiplexor()) {
                        out.append('M');
                    }
                }
                out.append(" : ").append(signal.startBit()).append('|').append(signal.length()).append('@')
                        .append(signal.byteOrder() == DbcByteOrder.INTEL ? '1' : '0')
                        .append(signal.signed() ? '-' : '+').append(" (").append(number(signal.factor())).append(',')
                        .append(number(signal.offset())).append(") [").append(number(signal.minimum())).append('|')
                        .append(number(signal.maximum())).append("] ").append(quote(signal.unit())).append(' ')
                        .append(signal.receivers().isEmpty() ? "Vector__XXX" : String.join(",", signal.receivers()))
                        .append('\n');
            }
        }
        out.append('\n');
        for (DbcMessage message : database.messages()) {
            if (message.transmitters().size() > 1) {
                out.append("BO_TX_BU_ ").append(message.dbcId()).append(" : ")
                        .append(String.join(",", message.transmitters())).append(";\n");
            }
        }
        if (database.comment() != null) {
            out.append("CM_ ").append(quote(database.comment())).append(";\n");
        }
        for (DbcMessage message : database.messages()) {
            if (message.comment() != null) {
                out.append("CM_ BO_ ").append(message.dbcId()).append(' ').append(quote(message.comment()))
                        .append(";\n");
            }
            for (DbcSignal signal : message.signals()) {
                if (signal.comment() != null) {
                    out.append("CM_ SG_ ").append(message.dbcId()).append(' ').append(signal.name()).append(' ')
                            .append(quote(signal.comment())).append(";\n");
                }
            }
        }
        for (DbcAttributeDefinition definition : database.attributeDefinitions()) {
            out.append("BA_DEF_ ");
            if (!definition.objectType().isEmpty()) {
                out.append(definition.objectType()).append(' ');
            }
            out.append(quote(definition.name())).append(' ').append(definition.valueType()).append(";\n");
        }
        for (DbcAttributeDefinition definition : database.attributeDefinitions()) {
            if (definition.defaultValue() != null) {
                out.append("BA_DEF_DEF_ ").append(quote(definition.name())).append(' ')
                        .append(definition.defaultValue()).append(";\n");
            }
        }
        database.attributes().forEach((name, value) -> out.append("BA_ ").append(quote(name)).append(' ')
                .append(value).append(";\n"));
        for (DbcMessage message : database.messages()) {
            message.attributes().forEach((name, value) -> out.append("BA_ ").append(quote(name)).append(" BO_ ")
                    .append(message.dbcId()).append(' ').append(value).append(";\n"));
            for (DbcSignal signal : message.signals()) {
                signal.attributes().forEach((name, value) -> out.append("BA_ ").append(quote(name)).append(" SG_ ")
                        .append(message.dbcId()).append(' ').append(signal.name()).append(' ').append(value)
                        .append(";\n"));
            }
        }
        for (DbcMessage message : database.messages()) {
            for (DbcSignal signal : message.signals()) {
                if (!signal.valueDescriptions().isEmpty()) {
                    out.append("VAL_ ").append(message.dbcId()).append(' ').append(signal.name());
                    appendValues(out, signal.valueDescriptions());
                }
            }
        }
        for (DbcMessage message : database.messages()) {
            for (DbcSignal signal : message.signals()) {
                if (signal.valueType() != DbcValueType.INTEGER) {
                    out.append("SIG_VALTYPE_ ").append(message.dbcId()).append(' ').append(signal.name())
                            .append(" : ").append(signal.valueType() == DbcValueType.FLOAT32 ? 1 : 2).append(";\n");
                }
            }
        }
        database.preserved().forEach(statement -> out.append(statement).append('\n'));
        return out.toString();
    }

    private static void appendValues(StringBuilder out, Map<Long, String> values) {
        values.entrySet().stream().sorted(Map.Entry.<Long, String>comparingByKey().reversed())
                .forEach(entry -> out.append(' ').append(entry.getKey()).append(' ').append(quote(entry.getValue())));
        out.append(" ;\n");
    }

    /** {@code 0.1}, {@code 1}, {@code -273}: the shortest text that reads back as the same double. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    static String quote(String text) {
        return "\"" + (text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }
}
