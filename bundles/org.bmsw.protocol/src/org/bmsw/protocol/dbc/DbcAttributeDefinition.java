package org.bmsw.protocol.dbc;

/**
 * A {@code BA_DEF_} line.
 *
 * @param objectType {@code ""} (network), {@code BU_}, {@code BO_}, {@code SG_} or {@code EV_}
 * @param valueType the type as written, e.g. {@code INT 0 65535}, {@code STRING}, {@code ENUM "No","Yes"}
 * @param defaultValue the {@code BA_DEF_DEF_} value as written, or null
 */
public record DbcAttributeDefinition(String objectType, String name, String valueType, String defaultValue) {
}
