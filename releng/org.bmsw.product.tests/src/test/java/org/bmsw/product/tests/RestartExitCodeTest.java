package org.bmsw.product.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start script restarts the window on exit code 23 (what Equinox exits with when the workbench asks for a
 * restart, e.g. after p2 installed a plugin) and passes every other code on. A stand-in {@code java} records its
 * starts and answers with the exit codes given, so no window is needed.
 */
class RestartExitCodeTest {

    @TempDir
    Path workDir;

    @Test
    void exitCode23StartsTheWindowAgainUntilAnotherCode() throws Exception {
        assertEquals(List.of("23", "23", "0"), startsUntilExit(List.of(23, 23, 0), 0));
    }

    @Test
    void anyOtherExitCodeEndsTheScriptWithThatCode() throws Exception {
        assertEquals(List.of("13"), startsUntilExit(List.of(13), 13));
    }

    /** Runs the window branch of the script with a java that exits with {@code codes} in turn; its starts. */
    private List<String> startsUntilExit(List<Integer> codes, int expectedExit) throws Exception {
        Path javaHome = workDir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Path starts = workDir.resolve("starts.txt");
        Path java = javaHome.resolve("bin/java");
        StringBuilder script = new StringBuilder("#!/bin/sh\nn=$(cat '" + starts + "' 2>/dev/null | wc -l)\ncase $n in\n");
        for (int i = 0; i < codes.size(); i++) {
            script.append("  ").append(i).append(") echo ").append(codes.get(i)).append(" >> '").append(starts)
                    .append("'; exit ").append(codes.get(i)).append(" ;;\n");
        }
        script.append("esac\nexit 99\n");
        Files.writeString(java, script, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ProductProcess process = ProductProcess.start(workDir,
                Map.of("JAVA_HOME", javaHome.toString(), "DISPLAY", ":99", "BMSW_WORKSPACE", workDir.resolve("ws").toString()),
                "-nosplash")) {
            assertEquals(expectedExit, process.waitFor(30), process.stderr());
        }
        return Files.readAllLines(starts);
    }
}
