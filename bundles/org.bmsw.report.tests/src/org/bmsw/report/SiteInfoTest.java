package org.bmsw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;

import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;

/** site.json: what a valid one gives, and each mistake named with its file and line. */
class SiteInfoTest {

    private static final String VALID = """
            {
              "installer": "Jana Novak",
              "site": "Miller farmhouse",
              "date": "2026-12-03",
              "inverter": "Hybrid 8 kW",
              "battery": "Cubix 100"
            }
            """;

    private static String error(String text) {
        return assertThrows(IllegalArgumentException.class, () -> SiteInfo.read("site.json", text)).getMessage();
    }

    @Test
    void readsTheTestSiteWithEveryMember() {
        SiteInfo site = SiteInfo.read("site.json", TestData.text("report/site.json"));
        assertEquals("Jana Novak", site.installer());
        assertEquals("Sunbridge Solar Ltd", site.company());
        assertEquals("Miller farmhouse", site.siteName());
        assertEquals("12 Orchard Lane, Littleton", site.address());
        assertEquals(LocalDate.of(2026, 12, 3), site.date());
        assertEquals("Hybrid inverter 8 kW, serial HI8K-2231", site.inverter());
        assertEquals("Eco-Worthy Cubix 100", site.battery());
        assertEquals("Tom Miller", site.customer());
        assertEquals("Battery in the barn, inverter on the north wall.", site.notes());
    }

    @Test
    void optionalMembersMayBeLeftOutAndTheSiteWritesItselfBack() {
        SiteInfo site = SiteInfo.read("site.json", VALID);
        assertEquals("", site.company());
        assertEquals("", site.customer());
        assertEquals(site, SiteInfo.read("again.json", site.toJson()));
    }

    @Test
    void aMissingRequiredMemberIsNamedAtTheObject() {
        assertEquals("site.json:1: no date (the commissioning date, YYYY-MM-DD (required))",
                error(VALID.replace("  \"date\": \"2026-12-03\",\n", "")));
    }

    @Test
    void aMisspeltMemberIsNamedWithItsLine() {
        assertEquals("site.json:4: unknown member 'dat'; a site.json has installer, site, date, inverter, battery, "
                + "company, address, customer, notes, schema", error(VALID.replace("\"date\"", "\"dat\"")));
    }

    @Test
    void aNumberWhereATextBelongsIsNamedWithItsLine() {
        assertEquals("site.json:5: inverter must be a text in quotes, not 8000",
                error(VALID.replace("\"Hybrid 8 kW\"", "8000")));
    }

    @Test
    void aDateThatIsNotADateIsNamedWithItsLine() {
        assertEquals("site.json:4: date '3.12.2026' is not a date YYYY-MM-DD",
                error(VALID.replace("2026-12-03", "3.12.2026")));
        assertEquals("site.json:4: date '2026-02-30' is not a date YYYY-MM-DD",
                error(VALID.replace("2026-12-03", "2026-02-30")));
    }

    @Test
    void anEmptyRequiredMemberIsNamedWithItsLine() {
        assertEquals("site.json:2: installer is empty", error(VALID.replace("Jana Novak", "  ")));
    }

    @Test
    void syntaxMistakesAreNamedWithTheirLine() {
        assertEquals("site.json:4: ',' or '}' expected, found '\"date\": \"2026-12-03\"'",
                error(VALID.replace("\"Miller farmhouse\",", "\"Miller farmhouse\"")));
        assertEquals("site.json:5: 'Hybrid' is not a JSON value (texts go in double quotes)",
                error(VALID.replace("\"Hybrid 8 kW\"", "Hybrid")));
        assertEquals("site.json:3: a member name in double quotes expected, found '// the customer's ho'",
                error(VALID.replace("  \"site\"", "  // the customer's house\n  \"site\"")));
        assertEquals("site.json:6: member 'battery' given twice",
                error(VALID.replace("\"inverter\": \"Hybrid 8 kW\"", "\"battery\": \"Hybrid 8 kW\"")));
        assertEquals("site.json:1: the file is empty; it must hold one JSON object { ... }", error("  "));
        assertEquals("site.json:1: the file must hold one JSON object { ... }", error("[1, 2]"));
        assertEquals("site.json:7: the file ends inside the JSON object", error(VALID.replace("}\n", "")));
    }

    @Test
    void aWrongSchemaIsNamed() {
        assertEquals("site.json:2: schema 'bmsw-site/2' is not bmsw-site/1",
                error(VALID.replace("{\n", "{\n  \"schema\": \"bmsw-site/2\",\n")));
    }
}
