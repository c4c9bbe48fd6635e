package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.testdata.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial byte dump with the real Pylontech RS485 frames of {@code traces/pylontech_rs485_*.txt}. */
class SerialDumpTest {

    @TempDir
    Path dir;

    /** The {@code ~…\r} frames quoted in a trace file (as Python literals or as our transcription lines). */
    private static List<byte[]> rs485Frames(String traceName) {
        List<byte[]> frames = new ArrayList<>();
        Matcher m = Pattern.compile("~[0-9A-F]+\\\\r").matcher(TestData.text("traces/" + traceName));
        while (m.find()) {
            String ascii = m.group().substring(0, m.group().length() - 2) + "\r";
            frames.add(ascii.getBytes(StandardCharsets.US_ASCII));
        }
        return frames;
    }

    @Test
    void realRs485FramesSurviveTheDump() throws IOException {
        List<byte[]> frames = rs485Frames("pylontech_rs485_responses_python-pylontech_tests.txt");
        frames.addAll(rs485Frames("pylontech_rs485_spec_v3.3_example_and_issue_frames.txt"));
        assertEquals(5 + 3, frames.size()); // 5 responses in the test file; spec request, response, issue #31 frame
        List<TraceRecord> records = new ArrayList<>();
        long time = 1_700_000_000_000_000_000L;
        for (int i = 0; i < frames.size(); i++) {
            records.add(TraceRecord.serial(time + i * 250_000_000L, "ttyUSB0", i % 2 == 0, frames.get(i)));
        }
        Path file = dir.resolve("rs485.txt");
        Traces.write(file, TraceFormat.SERIAL_DUMP, records);
        assertEquals(TraceFormat.SERIAL_DUMP, Traces.detect(file));
        assertEquals(records, Traces.readAll(file, ReadOptions.STRICT));
        String text = Files.readString(file);
        assertEquals("(1700000000.000000) ttyUSB0 TX 7E 32 30 30 32 34 36 30 30", text.lines().skip(1).findFirst()
                .orElseThrow().substring(0, 57));
    }

    /** The spec's §4 request, as the hex bytes the PDF prints, hand-written into a dump without our header. */
    @Test
    void handWrittenDumpOfTheSpecRequest() throws IOException {
        Path file = dir.resolve("spec.dump");
        Files.writeString(file, """
                # Pylontech RS485 V3.3 §4, "send command", copied from the PDF
                (0.000000) rs485 TX 7E 32 30 30 32 34 36 34 32 45 30 30 32 30 32 46 44 33 33 0D
                (0.052000) rs485 RX 7E3230303234363030
                """);
        assertEquals(TraceFormat.SERIAL_DUMP, Traces.detect(file));
        List<TraceRecord> records = Traces.readAll(file, ReadOptions.STRICT);
        assertEquals(2, records.size());
        assertEquals("~20024642E00202FD33\r", new String(records.get(0).payload(), StandardCharsets.US_ASCII));
        assertEquals(true, records.get(0).isTransmitted());
        assertEquals("~2002460", new String(records.get(1).payload(), StandardCharsets.US_ASCII).substring(0, 8));
        assertEquals(52_000_000L, records.get(1).timestampNs());
        assertEquals(rs485Frames("pylontech_rs485_spec_v3.3_example_and_issue_frames.txt").get(0).length,
                records.get(0).length());
    }

    @Test
    void serialChunksGoIntoTheStoreAndBack() throws IOException {
        List<byte[]> frames = rs485Frames("pylontech_rs485_responses_python-pylontech_tests.txt");
        List<TraceRecord> records = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            records.add(TraceRecord.serial(i * 1_000_000L, "ttyUSB0", false, frames.get(i)));
        }
        Path store = dir.resolve("rs485.bmst");
        Traces.write(store, TraceFormat.STORE, records);
        assertEquals(records, Traces.readAll(store, ReadOptions.STRICT));
        Path dump = dir.resolve("back.txt");
        assertEquals(records.size(), Traces.convert(store, dump, TraceFormat.SERIAL_DUMP, ReadOptions.STRICT)
                .framesWritten());
        assertEquals(records, Traces.readAll(dump, ReadOptions.STRICT));
    }
}
