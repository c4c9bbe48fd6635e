package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.bmsw.testdata.Samples;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Property tests of the profile descriptor reader on jqwik-generated descriptors: valid ones read as written;
 * mutated ones (characters replaced, numbers too large for their type, lines shuffled, files cut) give
 * problems with the file, never an exception.
 */
class DescriptorPropertyTest {

    private static final String DBC = "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
            + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n";

    record Battery(String id, int cells, int bitrate, List<Integer> pins, int periodMs) {
        String xml() {
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"ACME\" model=\"X" + cells + "\">\n"
                    + "  <limits min-voltage-V=\"" + (cells * 2.5) + "\" max-voltage-V=\"" + (cells * 3.65)
                    + "\" cells-in-series=\"" + cells + "\" max-charge-current-A=\"50\" max-discharge-current-A=\"100\""
                    + " capacity-Ah=\"100\"/>\n"
                    + "  <port id=\"PCS\" connector=\"rj45\">\n"
                    + "    <pin number=\"" + pins.get(0) + "\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
                    + "    <pin number=\"" + pins.get(1) + "\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
                    + "    <pin number=\"" + pins.get(2) + "\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n"
                    + "  </port>\n"
                    + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"" + bitrate
                    + "\" dbc=\"dbc/x.dbc\" role=\"sender\"/>\n"
                    + "  <alarm code=\"E01\" text=\"Cell over-voltage\" name=\"high_voltage\" level=\"protection\"/>\n"
                    + "</battery>\n";
        }
    }

    static Arbitrary<Battery> batteries() {
        Arbitrary<List<Integer>> pins = Arbitraries.integers().between(1, 8).list().ofSize(3).uniqueElements();
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)
                .map(name -> "acme." + name), Arbitraries.integers().between(1, 32),
                Arbitraries.integers().between(1, Integer.MAX_VALUE), pins, Arbitraries.integers().between(1, 5000))
                .as(Battery::new);
    }

    private static ProfileSource source(String xml) {
        return new ProfileSource(new ProfileOrigin("com.example.vendor", "profiles/x.xml"),
                () -> new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                file -> file.equals("dbc/x.dbc")
                        ? Optional.of(() -> new ByteArrayInputStream(DBC.getBytes(StandardCharsets.UTF_8)))
                        : Optional.empty());
    }

    @Test
    void generatedDescriptorsReadAsWritten() {
        Samples.check(batteries(), 300, 31, battery -> {
            ProfileRegistry registry = new ProfileRegistry();
            assertEquals(List.of(), registry.add(source(battery.xml())));
            BatteryProfile profile = registry.batteries().get(0);
            assertEquals(battery.id(), profile.id());
            assertEquals(battery.cells(), profile.limits().orElseThrow().cellsInSeries());
            assertEquals(battery.bitrate(), profile.protocols().get(0).bitrateBps());
            assertEquals(SignalKind.CAN_L, profile.port("PCS").orElseThrow().pin(battery.pins().get(1)).orElseThrow()
                    .signal());
        });
    }

    @Test
    void mutatedDescriptorsGiveProblemsNeverAnException() {
        Arbitrary<String> texts = Combinators.combine(batteries(), Arbitraries.longs()).as((battery, seed) -> {
            Random random = new Random(seed);
            String xml = battery.xml();
            switch (random.nextInt(4)) {
            case 0 -> { // characters replaced by XML's own
                char[] chars = xml.toCharArray();
                String replacements = "<>\"'=/&;:-0123456789 \nxa";
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    chars[random.nextInt(chars.length)] = replacements.charAt(random.nextInt(replacements.length()));
                }
                return new String(chars);
            }
            case 1 -> { // a number the schema accepts (positiveInteger, decimal) but no int or double holds
                String[] attributes = { "number=\"", "bitrate-bps=\"", "cells-in-series=\"", "capacity-Ah=\"" };
                String attribute = attributes[random.nextInt(attributes.length)];
                int at = xml.indexOf(attribute) + attribute.length();
                String huge = random.nextBoolean() ? "99999999999999999999" : "2147483648";
                return xml.substring(0, at) + huge + xml.substring(xml.indexOf('"', at));
            }
            case 2 -> {
                List<String> lines = new ArrayList<>(Arrays.asList(xml.split("\n")));
                java.util.Collections.shuffle(lines.subList(2, lines.size() - 1), random);
                return String.join("\n", lines);
            }
            default -> {
                return xml.substring(0, random.nextInt(xml.length()));
            }
            }
        });
        Samples.check(texts, 800, 32, xml -> {
            List<ProfileProblem> problems = new ProfileRegistry().add(source(xml));
            for (ProfileProblem problem : problems) {
                assertTrue(problem.toString().startsWith("com.example.vendor/profiles/x.xml"), problem.toString());
                assertTrue(problem.line() > 0 || !problem.message().startsWith("cannot read: java"), problem.toString());
            }
        });
    }

    @Test
    void aNumberTooLargeForItsTypeIsAProblemAtItsLine() {
        // found by mutatedDescriptorsGiveProblemsNeverAnException: xs:positiveInteger has no upper bound
        String xml = new Battery("acme.x", 16, 500_000, List.of(4, 5, 3), 100).xml()
                .replace("bitrate-bps=\"500000\"", "bitrate-bps=\"99999999999\"");
        List<ProfileProblem> problems = new ProfileRegistry().add(source(xml));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(9, problems.get(0).line());
        assertEquals("attribute 'bitrate-bps' value '99999999999' is not a whole number up to 2147483647",
                problems.get(0).message());
    }
}
