package org.bmsw.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile folder being edited: every save is loaded again, a broken file is reported and the rest kept. */
class ProfileFolderWatcherTest {

    @TempDir
    Path dir;

    private static String battery(String id, String model) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<battery xmlns=\"urn:bmsw:profile:1\" id=\"" + id + "\" vendor=\"ACME\" model=\"" + model + "\">\n"
                + "  <port id=\"PCS\" connector=\"rj45\">\n"
                + "    <pin number=\"4\" name=\"CAN_H\" signal=\"can-h\" bus=\"CAN\"/>\n"
                + "    <pin number=\"5\" name=\"CAN_L\" signal=\"can-l\" bus=\"CAN\"/>\n"
                + "    <pin number=\"3\" name=\"CAN_G\" signal=\"can-gnd\" bus=\"CAN\"/>\n"
                + "  </port>\n"
                + "  <protocol port=\"PCS\" layer=\"can\" bitrate-bps=\"500000\" dbc=\"dbc/x.dbc\" role=\"sender\"/>\n"
                + "</battery>\n";
    }

    private static List<String> models(ProfileRegistry registry) {
        return registry.all().stream().map(p -> p.id() + "=" + p.model()).toList();
    }

    /** The problems of the next load of a folder, waiting for the watcher. */
    private static List<ProfileProblem> nextLoad(BlockingQueue<List<ProfileProblem>> loads) throws Exception {
        List<ProfileProblem> problems = loads.poll(20, TimeUnit.SECONDS);
        assertTrue(problems != null, "the folder was not loaded again within 20 s");
        return problems;
    }

    @Test
    void anEditIsLoadedAgainABrokenFileIsReportedAndTheOthersStay() throws Exception {
        Path project = dir.resolve("acme.profiles");
        Files.createDirectories(project.resolve("profiles"));
        Files.createDirectories(project.resolve("dbc"));
        Files.writeString(project.resolve("plugin.xml"), "<plugin/>\n");
        Files.writeString(project.resolve("dbc/x.dbc"), "VERSION \"\"\n\nBO_ 1184 Cells: 8 BMS\n"
                + " SG_ max_cell_mV : 0|16@1+ (1,0) [0|5000] \"mV\" INVERTER\n");
        Files.writeString(project.resolve("profiles/a.xml"), battery("acme.a", "A"));
        Files.writeString(project.resolve("profiles/b.xml"), battery("acme.b", "B"));

        ProfileRegistry registry = new ProfileRegistry();
        String dbc = Files.readString(project.resolve("dbc/x.dbc"));
        registry.add(new ProfileSource(new ProfileOrigin("com.acme.installed", "profiles/i.xml"),
                () -> new ByteArrayInputStream(battery("acme.installed", "I").getBytes(StandardCharsets.UTF_8)),
                path -> Optional.of(() -> new ByteArrayInputStream(dbc.getBytes(StandardCharsets.UTF_8)))));
        BlockingQueue<List<ProfileProblem>> loads = new LinkedBlockingQueue<>();
        try (ProfileFolderWatcher watcher = new ProfileFolderWatcher(registry, Duration.ofMillis(150),
                (folder, problems) -> loads.add(problems))) {
            watcher.watch(List.of(project));
            assertEquals(List.of(), nextLoad(loads));
            assertEquals(List.of("acme.installed=I", "acme.a=A", "acme.b=B"), models(registry));

            Files.writeString(project.resolve("profiles/a.xml"), battery("acme.a", "A rev 2"));
            assertEquals(List.of(), nextLoad(loads));
            assertEquals(List.of("acme.installed=I", "acme.a=A rev 2", "acme.b=B"), models(registry));

            // b broken at line 8 (its DBC file does not exist); a stays
            Files.writeString(project.resolve("profiles/b.xml"), battery("acme.b", "B").replace("x.dbc", "gone.dbc"));
            List<ProfileProblem> problems = nextLoad(loads);
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).toString().startsWith(project + "/profiles/b.xml:8:"), problems.toString());
            assertEquals(List.of("acme.installed=I", "acme.a=A rev 2"), models(registry));
            assertEquals(problems, registry.problems());

            // a new file in a new folder under the project
            Files.createDirectories(project.resolve("profiles/more"));
            Thread.sleep(300); // the new directory is watched once its creation has been seen
            loads.clear();
            Files.writeString(project.resolve("profiles/more/c.xml"), battery("acme.c", "C"));
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    registry.find("acme.c").isEmpty() && System.nanoTime() < end;) {
                nextLoad(loads);
            }
            assertEquals(List.of("acme.installed=I", "acme.a=A rev 2", "acme.c=C"), models(registry));

            // no longer listed: its profiles and problems leave, the installed profile stays
            watcher.watch(List.of());
            assertEquals(List.of("acme.installed=I"), models(registry));
            assertEquals(List.of(), registry.problems());
            assertEquals(List.of(), registry.all().stream().filter(p -> !p.id().equals("acme.installed"))
                    .map(DeviceProfile::id).toList());
        }
    }
}
