package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code releng/bench/run-filter-bench.sh} runs end to end on a small log: the floor and both filter rows measured,
 * the signal filter's matches printed, its work folder gone afterwards. Only that it runs: the ratio is meant for
 * 10 M rows and is recorded in releng/bench/README.md.
 */
class FilterBenchScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "."))
            .resolve("../bench/run-filter-bench.sh").normalize().toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void runsOnASmallLogAndPrintsEveryRow() throws Exception {
        assertTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT);
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v gcc && command -v javac && test -x /usr/bin/time")
                .start().waitFor() == 0, "gcc, javac or /usr/bin/time missing");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("BMSW_BENCH_LINES", "20000");
        builder.environment().put("BMSW_BENCH_RUNS", "1");
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("run-filter-bench.sh did not finish in 300 s:\n" + Files.readString(err));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text + Files.readString(err, StandardCharsets.UTF_8));
        for (String row : List.of("| 20000 rows, -Xmx128m |", "| C parse floor", "| filter soc_pct < 40 over the store",
                "| filter id == 0x351 over the store")) {
            assertTrue(text.contains(row), "no row " + row + " in\n" + text);
        }
        Matcher signal = Pattern.compile("soc_pct < 40: rows 20000 matches (\\d+) protocol pylon-can").matcher(text);
        assertTrue(signal.find(), text);
        Matcher fields = Pattern.compile("id == 0x351: rows 20000 matches (\\d+) ").matcher(text);
        assertTrue(fields.find(), text);
        assertTrue(Integer.parseInt(fields.group(1)) > 1000, text); // one frame in ten is a pack's 0x351
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bmsw-filter-bench"))
                    .toList(), "the benchmark's work folder is left behind");
        }
    }
}
