package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code releng/bench/run-fleet-bench.sh} runs end to end on three small traces against the built product and the
 * Spark job jar: every way measured, the three summaries identical, its work folder gone afterwards. Only that it
 * runs: the ratios are meant for 200 traces and are recorded in releng/bench/README.md.
 */
class FleetBenchScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "."))
            .resolve("../bench/run-fleet-bench.sh").normalize().toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void runsOnThreeSmallTracesAndTheSummariesAgree() throws Exception {
        assertTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT);
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v python3 && test -x /usr/bin/time").start()
                .waitFor() == 0, "python3 or /usr/bin/time missing");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "3").redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("BMSW_FLEET_LINES", "3000");
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        if (!process.waitFor(400, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("run-fleet-bench.sh did not finish in 400 s:\n" + Files.readString(err));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text + log);
        for (String row : List.of("| shell loop of bmsw analyze (a JVM per trace) |", "| bmsw analyze DIR --jobs 1 |",
                "| bmsw analyze DIR --jobs 2 |", "| Spark job, local[2] |")) {
            assertTrue(text.contains(row), "no row " + row + " in\n" + text);
        }
        assertTrue(text.contains("| 3 traces, "), text);
        assertTrue(text.contains("--jobs 2 is "), text);
        assertTrue(log.contains("--jobs 1, --jobs 2 and Spark wrote the same fleet.json (3 entries)"), log);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bmsw-fleet-bench"))
                    .toList(), "the benchmark's work folder is left behind");
        }
    }
}
