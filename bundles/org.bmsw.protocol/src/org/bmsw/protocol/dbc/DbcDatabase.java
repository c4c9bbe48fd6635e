package org.bmsw.protocol.dbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed DBC file: what {@link DbcParser} reads and {@link DbcWriter} writes back. Immutable.
 *
 * @param valueTables {@code VAL_TABLE_} entries by table name
 * @param attributes network-level {@code BA_} values, as written
 * @param nodes the {@code BU_} names ({@code SystemNodeLongSymbol} long names where the file gives them)
 * @param preserved statements the model does not interpret ({@code EV_}, {@code SIG_GROUP_}, node comments and
 *        attributes, ...), kept verbatim so a round trip loses nothing
 */
public record DbcDatabase(String version, List<String> nodes, List<DbcMessage> messages,
        Map<String, Map<Long, String>> valueTables, List<DbcAttributeDefinition> attributeDefinitions,
        Map<String, String> attributes, String comment, List<String> preserved) {

    public DbcDatabase {
        version = version == null ? "" : version;
        nodes = List.copyOf(nodes);
        messages = List.copyOf(messages);
        valueTables = Map.copyOf(valueTables);
        attributeDefinitions = List.copyOf(attributeDefinitions);
        attributes = Map.copyOf(attributes);
        preserved = List.copyOf(preserved);
    }

    public static DbcDatabase of(List<DbcMessage> messages) {
        return new DbcDatabase("", List.of(), messages, Map.of(), List.of(), Map.of(), null, List.of());
    }

    /** The message with this CAN identifier and frame format, or null. */
    public DbcMessage message(int canId, boolean extended) {
        for (DbcMessage message : messages) {
            if (message.canId() == canId && message.isExtended() == extended) {
                return message;
            }
        }
        return null;
    }

    public DbcMessage message(String name) {
        for (DbcMessage message : messages) {
            if (message.name().equals(name)) {
                return message;
            }
        }
        return null;
    }

    /**
     * This database with the messages of {@code overlay} added, replacing those with the same identifier: how a
     * protocol variant (a small DBC of the frames that differ) is applied to its base definition.
     */
    public DbcDatabase overlay(DbcDatabase overlay) {
        LinkedHashMap<Long, DbcMessage> merged = new LinkedHashMap<>();
        for (DbcMessage message : messages) {
            merged.put(message.dbcId(), message);
        }
        for (DbcMessage message : overlay.messages()) {
            merged.put(message.dbcId(), message);
        }
        List<DbcAttributeDefinition> definitions = new ArrayList<>(attributeDefinitions);
        for (DbcAttributeDefinition definition : overlay.attributeDefinitions()) {
            if (definitions.stream().noneMatch(d -> d.name().equals(definition.name())
                    && d.objectType().equals(definition.objectType()))) {
                definitions.add(definition);
            }
        }
        return new DbcDatabase(version, nodes, List.copyOf(merged.values()), valueTables, definitions, attributes,
                comment, preserved);
    }

    static String unquote(String literal) {
        if (literal != null && literal.length() >= 2 && literal.startsWith("\"") && literal.endsWith("\"")) {
            return literal.substring(1, literal.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return literal;
    }
}
