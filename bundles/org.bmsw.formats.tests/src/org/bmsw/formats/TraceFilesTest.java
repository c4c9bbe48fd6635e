package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.Hex;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real captures in {@code org.bmsw.testdata/traces} that are CAN logs (all in candump console style) read
 * with the right frames. The expected counts were taken with grep, independently of the parsers:
 * {@code grep -cE '^ *can[0-9]+ +[0-9A-F]{3,8} +\[[0-9]\]( +[0-9A-F]{2})*$' FILE}; the expected bytes come from
 * a regular expression over the text (a different code path than the byte parser), plus hand-typed spot checks.
 * The other files are not capture formats (a web page's "ID: 351 Buffer:" list, debug logs, a dump quoted in
 * C++ comments, RS485 and console text) and are not CAN logs.
 */
class TraceFilesTest {

    private static final Pattern FRAME_LINE = Pattern.compile("^ *(can\\d+) +([0-9A-F]{3,8}) +\\[(\\d)\\]((?: +[0-9A-F]{2})*)$");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({ "discover_lynx2_serialcan_candump_issue107.txt, 10, 0",
            "ecoworthy_cubix100_pylon_can_candump.txt, 16, 0",
            "pylontech_stack_candump_python_docstring.txt, 6, 0",
            "rec_q_bms_sma_profile_candump_250k.txt, 8, 2",
            "victron_gx_canbms_candump_syssi_issue3.txt, 28, 3" })
    void canLogTracesReadWithTheRightFramesAndBytes(String name, int frames, int skippedLines) throws IOException {
        Path file = TestData.copyTo("traces/" + name, dir);
        assertEquals(TraceFormat.CANDUMP_CONSOLE, Traces.detect(file));
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(file, collect(records), ReadOptions.LENIENT);
        assertEquals(frames, report.frames());
        assertEquals(skippedLines, report.skippedLines(), report.problems().toString());
        List<String[]> expected = expectedFrames(TestData.text("traces/" + name));
        assertEquals(frames, expected.size());
        for (int i = 0; i < frames; i++) {
            TraceRecord record = records.get(i);
            String[] want = expected.get(i);
            assertEquals(want[0], record.channel(), "frame " + i);
            assertEquals(Integer.parseInt(want[1], 16), record.identifier(), "frame " + i);
            assertEquals(want[1].length() == 8, record.isExtended(), "frame " + i);
            assertEquals(Integer.parseInt(want[2]), record.length(), "frame " + i);
            assertEquals(want[3].trim(), Hex.spaced(record.payload()), "frame " + i);
            assertEquals(0, record.timestampNs(), "console candump without -t has no time");
        }
    }

    private static List<String[]> expectedFrames(String text) {
        List<String[]> frames = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = FRAME_LINE.matcher(line);
            if (m.matches()) {
                frames.add(new String[] { m.group(1), m.group(2), m.group(3), m.group(4) });
            }
        }
        return frames;
    }

    @Test
    void spotChecksTypedByHand() throws IOException {
        List<TraceRecord> stack = Traces.readAll(TestData.copyTo("traces/pylontech_stack_candump_python_docstring.txt",
                dir), ReadOptions.LENIENT);
        assertEquals(TraceRecord.can(0, "can0", 0x359, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 4, (byte) 0x50,
                (byte) 0x4E), stack.get(0));
        assertEquals(TraceRecord.can(0, "can0", 0x35C, (byte) 0xC0, (byte) 0), stack.get(4));
        List<TraceRecord> victron = Traces.readAll(TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt",
                dir), ReadOptions.LENIENT);
        assertEquals("can8", victron.get(27).channel());
        assertEquals(0x376, victron.get(27).identifier());
        assertArrayEquals("Pack-01#".getBytes(), victron.get(27).payload());
    }

    @Test
    void malformedLinesOfARealTraceAreReportedWithFileAndLine() throws IOException {
        Path file = TestData.copyTo("traces/victron_gx_canbms_candump_syssi_issue3.txt", dir);
        ReadReport report = Traces.read(file, collect(new ArrayList<>()), ReadOptions.LENIENT);
        assertEquals(List.of(file + ":3: identifier 'candump' is not 3 or 8 hex digits",
                file + ":17: identifier 'candump' is not 3 or 8 hex digits",
                file + ":33: no data length after the identifier"), report.problems());
        assertEquals(Map.of("bad identifier", 2L, "no data length", 1L), report.skippedByReason());
        TraceFormatException strict = assertThrows(TraceFormatException.class,
                () -> Traces.read(file, collect(new ArrayList<>()), ReadOptions.STRICT));
        assertEquals(file + ":3: identifier 'candump' is not 3 or 8 hex digits", strict.getMessage());
    }

    @Test
    void candumpVectorsRead() throws IOException {
        int checked = 0;
        for (TestData.Vector vector : TestData.vectors("candump_and_logs.json")) {
            String raw = vector.raw();
            if (!raw.startsWith("(") && !raw.startsWith("  can")) {
                continue; // the CSV row is tested in FormatsTest, the BUSMASTER row is not a supported format
            }
            Path file = dir.resolve(vector.id() + ".log");
            java.nio.file.Files.writeString(file, raw + "\n");
            List<TraceRecord> records = Traces.readAll(file, ReadOptions.STRICT);
            assertEquals(1, records.size(), vector.id());
            TraceRecord record = records.get(0);
            var expected = vector.expected();
            assertEquals(Integer.decode(expected.get("can_id").getAsString()), record.identifier(), vector.id());
            assertEquals(expected.get("dlc").getAsInt(), record.length(), vector.id());
            if (expected.has("data")) {
                assertEquals(expected.get("data").getAsString(), Hex.spaced(record.payload()), vector.id());
            }
            if (expected.has("extended")) {
                assertEquals(expected.get("extended").getAsBoolean(), record.isExtended(), vector.id());
            }
            if (expected.has("rtr")) {
                assertEquals(expected.get("rtr").getAsBoolean(), record.isRemote(), vector.id());
            }
            if (expected.has("interface")) {
                assertEquals(expected.get("interface").getAsString(), record.channel(), vector.id());
            }
            if (expected.has("timestamp_s")) {
                assertEquals(Math.round(expected.get("timestamp_s").getAsDouble() * 1e6) * 1000, record.timestampNs(),
                        vector.id());
            }
            checked++;
        }
        assertEquals(8, checked);
    }

    static FrameSink collect(List<TraceRecord> records) {
        return new FrameSink() {
            private final List<String> names = new ArrayList<>();
            private final List<org.bmsw.core.record.BusKind> buses = new ArrayList<>();

            @Override
            public void channel(int channelIndex, String name, org.bmsw.core.record.BusKind bus) {
                assertEquals(names.size(), channelIndex);
                names.add(name);
                buses.add(bus);
            }

            @Override
            public void frame(long timestampNs, int channelIndex, int identifier, int flags, byte[] payload,
                    int offset, int length) {
                records.add(new TraceRecord(timestampNs, names.get(channelIndex), buses.get(channelIndex), identifier,
                        flags, java.util.Arrays.copyOfRange(payload, offset, offset + length)));
            }
        };
    }
}
