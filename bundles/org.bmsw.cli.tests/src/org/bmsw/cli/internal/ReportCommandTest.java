package org.bmsw.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code bmsw report} on a real capture, the test site and the seed battery-to-inverter cable, the page opened in
 * headless Chromium (Debian's {@code chromium}) with the network blocked: every section rendered, the cable drawn
 * with its wires, the verdict and findings, the sign-off, and no request made by the page (Chromium's own net log
 * is read; a control page with an image address proves the log shows a page's request).
 */
class ReportCommandTest extends CommandLineTest {

    @TempDir
    Path dir;


    private Path writeReport() {
        // the capture as the installer keeps it: in the trace store
        Path store = dir.resolve("site.bmst");
        assertEquals(Bmsw.EXIT_OK, run("convert", TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt",
                dir).toString(), store.toString()), err());
        Path report = dir.resolve("report.html");
        assertEquals(Bmsw.EXIT_OK, run("report", "--site", TestData.copyTo("report/site.json", dir).toString(),
                "--trace", store.toString(),
                "--cable", TestData.copyTo("report/site-cable.csv", dir).toString(), "--conformance",
                TestData.copyTo("report/conformance-result.json", dir).toString(), "--profile", "pylontech.us5000",
                "--out", report.toString()), err());
        return report;
    }

    @Test
    void theReportRendersInChromiumWithEverySectionAndNoRequest() throws Exception {
        Path report = writeReport();
        assertEquals("commissioning report " + report + ": Miller farmhouse, 2026-12-03; capture ERRORS; cable checks "
                + "passed; conformance fail\n", out());
        String page = Files.readString(report);
        // nothing the browser could fetch: no address, no script, no link; and a policy that forbids requests
        for (String pattern : List.of("http:", "https:", "file:", "src=", "href=", "<script", "url(", "@import")) {
            assertFalse(page.contains(pattern), pattern + " in the page");
        }
        assertTrue(page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""));

        String chromium = chromium();
        assumeTrue(chromium != null, "no chromium on this machine (./bmsw installs Debian's chromium): the page is "
                + "not rendered");
        Rendered rendered = render(chromium, report);
        assertEquals(List.of(), rendered.pageRequests(), "requests made by the page");
        String dom = rendered.dom();
        for (String section : List.of("site", "identity", "cable", "analysis", "conformance", "signoff")) {
            assertTrue(dom.contains("<section id=\"" + section + "\">"), section + " missing from\n" + dom);
        }
        assertTrue(dom.contains("<tr><th>Installer</th><td>Jana Novak</td></tr>"), dom);
        assertTrue(dom.contains("<tr><th>Site</th><td>Miller farmhouse</td></tr>"), dom);
        // identity: the profile given, what the battery sent (0x35E "PYLON", 0x35F firmware 13.5), what it did not
        assertTrue(dom.contains("<tr><th>Profile</th><td>Pylontech US5000 (US series) (pylontech.us5000)</td></tr>"), dom);
        assertTrue(dom.contains("<tr><th>Manufacturer</th><td>PYLON</td></tr>"), dom);
        assertTrue(dom.contains("<tr><th>Firmware version</th><td>13.5</td></tr>"), dom);
        assertTrue(dom.contains("<tr><th>Model</th><td class=\"absent\">not reported by the battery</td>"), dom);
        assertTrue(dom.contains("(seed.hybrid-inverter)</td></tr>"), dom);
        // the cable: drawn with its five wires (a path each, in the wire's colour), listed and checked
        String cable = between(dom, "<section id=\"cable\">", "</section>");
        String drawing = between(cable, "<svg ", "</svg>");
        assertEquals(5, count(drawing, "<path "), drawing);
        assertTrue(drawing.contains("<title>white-blue</title>"), drawing);
        assertTrue(cable.contains("<td>4 (CAN1_H)</td><td>can-h</td><td>7 (CAN0_H)</td><td>can-h</td><td>blue</td>"),
                cable);
        assertEquals(6, count(between(cable, "<table class=\"wires\">", "</table>"), "<tr>"), cable); // header + 5
        assertTrue(cable.contains("Wiring checks passed"), cable);
        assertTrue(cable.contains("<code>termination</code>"), cable);
        // the analysis: the verdict, the plots of the limits, the findings with the profile's CVL finding
        String analysis = between(dom, "<section id=\"analysis\">", "</section>");
        assertTrue(analysis.contains("Errors found: 1 error finding(s)"), analysis);
        assertTrue(analysis.contains("aria-label=\"Voltage against the voltage limits (V)\""), analysis);
        assertTrue(analysis.contains("aria-label=\"Current against the current limits (A)\""), analysis);
        assertTrue(analysis.contains("charge_voltage_limit_V 58.4 V"), analysis);
        // the conformance steps, a not-judged one never a pass
        String conformance = between(dom, "<section id=\"conformance\">", "</section>");
        assertTrue(conformance.contains("1 passed, 1 failed, 1 not judged"), conformance);
        assertTrue(conformance.contains("<span class=\"sev not-judged\">not judged</span>"), conformance);
        assertTrue(conformance.contains("2.1 s"), conformance);
        // the sign-off: both names, signature lines, the date
        String signOff = between(dom, "<section id=\"signoff\">", "</section>");
        assertTrue(signOff.contains("Name: Jana Novak, Sunbridge Solar Ltd"), signOff);
        assertTrue(signOff.contains("Name: Tom Miller"), signOff);
        assertEquals(2, count(signOff, "<div class=\"line\"></div>"), signOff);
        assertTrue(signOff.contains("Date: 2026-12-03"), signOff);
    }

    @Test
    void aMistakeInSiteJsonIsNamedWithFileAndLine() throws IOException {
        Path site = Files.writeString(dir.resolve("site.json"), "{\n  \"installer\": \"Jana\",\n  \"site\": \"Farm\","
                + "\n  \"date\": \"2026-13-01\",\n  \"inverter\": \"X\",\n  \"battery\": \"Y\"\n}\n");
        Path trace = TestData.copyTo("traces/ecoworthy_cubix100_pylon_can_candump.txt", dir);
        Path report = dir.resolve("report.html");
        assertEquals(Bmsw.EXIT_FAILED, run("report", "--site", site.toString(), "--trace", trace.toString(), "--out",
                report.toString()));
        assertEquals("bmsw report: " + site + ":4: date '2026-13-01' is not a date YYYY-MM-DD\n", err());
        assertFalse(Files.exists(report));
        assertEquals(Bmsw.EXIT_USAGE, run("report", "--site", site.toString(), "--trace", trace.toString()));
        assertTrue(err().startsWith("bmsw report: Missing required option: '--out=FILE.html'"), err());
        Path good = TestData.copyTo("report/site.json", dir);
        assertEquals(Bmsw.EXIT_USAGE, run("report", "--site", good.toString(), "--trace", trace.toString(),
                "--profile", "nobody.nothing", "--out", report.toString()));
        assertTrue(err().startsWith("bmsw report: no profile 'nobody.nothing'"), err());
    }

    /** The page as Chromium rendered it, and the addresses the page itself asked for. */
    private record Rendered(String dom, List<String> pageRequests) {
    }

    private Rendered render(String chromium, Path page) throws Exception {
        Path netLog = dir.resolve("net-log-" + page.getFileName() + ".json");
        List<String> command = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                // every address through a proxy that is not there: nothing can leave the machine
                "--proxy-server=127.0.0.1:9", "--no-first-run", "--disable-background-networking",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--log-net-log=" + netLog, "--dump-dom",
                page.toUri().toString());
        Path dom = dir.resolve("dom-" + page.getFileName());
        Process process = new ProcessBuilder(command).redirectOutput(dom.toFile()).redirectError(dir.resolve(
                "chromium.err").toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 90 s");
        }
        assertEquals(0, process.exitValue(), Files.readString(dir.resolve("chromium.err")));
        return new Rendered(Files.readString(dom), pageRequests(netLog));
    }

    /**
     * The addresses requested on the page's behalf: in Chromium's net log a request the browser makes for itself
     * (updates, time) has no initiator ("not an origin"); a file page's own requests have the page's opaque origin.
     */
    private static List<String> pageRequests(Path netLog) throws IOException {
        JsonObject log = JsonParser.parseString(Files.readString(netLog)).getAsJsonObject();
        int startJob = log.getAsJsonObject("constants").getAsJsonObject("logEventTypes").get("URL_REQUEST_START_JOB")
                .getAsInt();
        List<String> requests = new ArrayList<>();
        for (JsonElement element : log.getAsJsonArray("events")) {
            JsonObject event = element.getAsJsonObject();
            JsonObject params = event.getAsJsonObject("params");
            if (event.get("type").getAsInt() == startJob && params != null && params.has("url")) {
                String initiator = params.has("initiator") ? params.get("initiator").getAsString() : "";
                if (!initiator.equals("not an origin")) {
                    requests.add(params.get("url").getAsString() + " (initiator " + initiator + ")");
                }
            }
        }
        return requests;
    }

    @Test
    void theNetLogShowsARequestAPageMakes() throws Exception {
        String chromium = chromium();
        assumeTrue(chromium != null, "no chromium on this machine (./bmsw installs Debian's chromium)");
        // the control for the report's check: an image from a documentation address (never reachable anyway)
        Path probe = Files.writeString(dir.resolve("probe.html"), "<html><body><img src=\"http://203.0.113.9/x.png\">"
                + "<p>probe</p></body></html>");
        Rendered rendered = render(chromium, probe);
        assertTrue(rendered.dom().contains("<p>probe</p>"), rendered.dom());
        assertFalse(rendered.pageRequests().isEmpty(), "the image request is in the net log");
        assertTrue(rendered.pageRequests().stream().allMatch(r -> r.startsWith("http://203.0.113.9/x.png")),
                rendered.pageRequests().toString());
    }

    /** Debian's chromium on the PATH, or null. */
    static String chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String folder : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, start + " missing from\n" + text);
        int to = text.indexOf(end, from);
        assertTrue(to >= 0, end + " missing after " + start);
        return text.substring(from, to + end.length());
    }

    private static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
