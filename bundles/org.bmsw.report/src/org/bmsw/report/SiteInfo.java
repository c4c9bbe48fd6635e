package org.bmsw.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.bmsw.report.internal.JsonLines;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The site a commissioning report is about, as the installer names it: who commissioned it, where, when, and the
 * inverter and battery in the installer's words. Read from a {@code site.json} file (schema {@value #SCHEMA}, see
 * the bundle README) or entered in the workbench's dialog.
 *
 * @param installer the person who commissioned the system and signs the report (required)
 * @param company the installer's company, or {@code ""}
 * @param siteName the site's name, e.g. the customer's house (required)
 * @param address the site's address, or {@code ""}
 * @param date the commissioning date (required)
 * @param inverter the inverter as the installer names it, e.g. "Deye SUN-8K-SG04LP1-EU" (required)
 * @param battery the battery as the installer names it, e.g. "2 x Pylontech US5000" (required)
 * @param customer the customer who countersigns, or {@code ""} (a blank line to fill in by hand)
 * @param notes free text for the report, or {@code ""}
 */
public record SiteInfo(String installer, String company, String siteName, String address, LocalDate date,
        String inverter, String battery, String customer, String notes) {

    /** The value of a {@code site.json}'s optional {@code schema} member. */
    public static final String SCHEMA = "bmsw-site/1";

    /** The members of {@code site.json}, each with what it holds; the required ones first. */
    public static final Map<String, String> MEMBERS = members();

    private static final List<String> REQUIRED = List.of("installer", "site", "date", "inverter", "battery");

    public SiteInfo {
        Objects.requireNonNull(date, "date");
        installer = text(installer);
        company = text(company);
        siteName = text(siteName);
        address = text(address);
        inverter = text(inverter);
        battery = text(battery);
        customer = text(customer);
        notes = text(notes);
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    private static Map<String, String> members() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("installer", "the person who commissioned the system and signs (required)");
        members.put("site", "the site's name (required)");
        members.put("date", "the commissioning date, YYYY-MM-DD (required)");
        members.put("inverter", "the inverter as the installer names it (required)");
        members.put("battery", "the battery as the installer names it (required)");
        members.put("company", "the installer's company");
        members.put("address", "the site's address");
        members.put("customer", "the customer who countersigns");
        members.put("notes", "free text shown in the report");
        members.put("schema", "\"" + SCHEMA + "\"");
        return java.util.Collections.unmodifiableMap(members);
    }

    /**
     * Reads and checks a {@code site.json}: an object of strings, the required members present and not blank, the
     * date a real date, no unknown member (a misspelt name is caught rather than silently left out of the report).
     *
     * @param fileName for messages: {@code site.json:4: ...}
     * @throws IllegalArgumentException naming the file and line of the first problem
     */
    public static SiteInfo read(String fileName, String text) {
        JsonLines json = JsonLines.parseObject(fileName, text);
        JsonObject object = json.root();
        for (Map.Entry<String, JsonElement> member : object.entrySet()) {
            String name = member.getKey();
            if (!MEMBERS.containsKey(name)) {
                throw json.error(name, "unknown member '" + name + "'; a site.json has " + String.join(", ",
                        MEMBERS.keySet()));
            }
            JsonElement value = member.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw json.error(name, name + " must be a text in quotes, not " + value);
            }
        }
        if (object.has("schema") && !SCHEMA.equals(object.get("schema").getAsString())) {
            throw json.error("schema", "schema '" + object.get("schema").getAsString() + "' is not " + SCHEMA);
        }
        for (String name : REQUIRED) {
            if (!object.has(name)) {
                throw json.error(null, "no " + name + " (" + MEMBERS.get(name) + ")");
            }
            if (object.get(name).getAsString().isBlank()) {
                throw json.error(name, name + " is empty");
            }
        }
        LocalDate date;
        String dateText = object.get("date").getAsString().strip();
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw json.error("date", "date '" + dateText + "' is not a date YYYY-MM-DD");
        }
        return new SiteInfo(string(object, "installer"), string(object, "company"), string(object, "site"),
                string(object, "address"), date, string(object, "inverter"), string(object, "battery"),
                string(object, "customer"), string(object, "notes"));
    }

    private static String string(JsonObject object, String name) {
        return object.has(name) ? object.get(name).getAsString() : "";
    }

    /** This site as a {@code site.json} text that {@link #read} reads back (optional members only when given). */
    public String toJson() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("schema", SCHEMA);
        members.put("installer", installer);
        members.put("company", company);
        members.put("site", siteName);
        members.put("address", address);
        members.put("date", date.toString());
        members.put("inverter", inverter);
        members.put("battery", battery);
        members.put("customer", customer);
        members.put("notes", notes);
        members.values().removeIf(String::isEmpty);
        return new com.google.gson.GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(members)
                + "\n";
    }
}
