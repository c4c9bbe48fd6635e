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
 * {@code releng/bench/run-cli-bench.sh} runs end to end on a small log against the installed product: every row
 * measured, the decode byte count printed, its work folder gone afterwards. Only that it runs: the ratios are
 * meant for 10 M lines and are recorded in releng/bench/README.md.
 */
class CliBenchScriptTest {

    private static final Path SCRIPT = Path.of(System.getProperty("basedir", "."))
            .resolve("../bench/run-cli-bench.sh").normalize().toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void runsOnASmallLogAndPrintsEveryRow() throws Exception {
        assertTrue(Files.isExecutable(SCRIPT), "no " + SCRIPT);
        assumeTrue(new ProcessBuilder("sh", "-c", "command -v gcc && test -x /usr/bin/time").start().waitFor() == 0,
                "gcc or /usr/bin/time missing");
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("BMSW_BENCH_LINES", "20000");
        builder.environment().put("BMSW_BENCH_RUNS", "1");
        builder.environment().put("BMSW_PRODUCT_DIR", ProductProcess.PRODUCT_DIR.toString());
        builder.environment().put("BMSW_CDS_DIR", tmp.resolve("cds").toString());
        builder.environment().put("TMPDIR", tmp.toString());
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("run-cli-bench.sh did not finish in 300 s:\n" + Files.readString(err));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text + Files.readString(err, StandardCharsets.UTF_8));

        for (String row : List.of("| C parse floor", "| bmsw info FILE |", "| bmsw state FILE |",
                "| bmsw analyze --json A --report R FILE |", "| bmsw decode --format jsonl FILE \\| wc -c |",
                "| bmsw state STORE", "| bmsw state (16-frame")) {
            assertTrue(text.contains(row), "no row " + row + " in\n" + text);
        }
        assertTrue(text.contains("| 20000 lines, bmsw -Xmx128m |"), text);
        Matcher bytes = Pattern.compile("wrote (\\d+) bytes").matcher(text);
        assertTrue(bytes.find(), text);
        assertTrue(Long.parseLong(bytes.group(1)) > 20000 * 50, "decode wrote only " + bytes.group(1) + " bytes");
        assertTrue(text.contains("Floor: frames 20000 bad 0"), text);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("bmsw-cli-bench"))
                    .toList(), "the benchmark's work folder is left behind");
        }
    }
}
