package org.bmsw.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bmsw.core.record.TraceRecord;

/**
 * Reads the CAN lines of the trace files in org.bmsw.testdata/traces into records, for golden-log tests. A small
 * helper on purpose (the real trace readers live in org.bmsw.formats): it knows the handful of notations those
 * files use. Records get timestamps 1 ms apart in file order (the files carry none).
 */
public final class TraceLines {

    // "  can0  351   [8]  14 02 ..." (candump default), also behind "//" in quoted source comments
    private static final Pattern CANDUMP = Pattern.compile(
            "^\\s*(?://\\s*)?(can\\w+)\\s+([0-9A-Fa-f]{3,8})\\s+\\[(\\d)\\]((?:\\s+[0-9A-Fa-f]{2})*)");
    // "ID: 351 Buffer: 14 2 C0 12" (setfirelabs, leading zeros dropped)
    private static final Pattern SETFIRE = Pattern.compile("^ID: ([0-9A-Fa-f]+) Buffer: ((?:[0-9A-Fa-f]{1,2} ?)+)");
    // "0x351 – 14 02 74 0E – text" (setfirelabs replication sample)
    private static final Pattern DASHED = Pattern.compile("^0x([0-9A-Fa-f]+) – ((?:[0-9A-Fa-f]{2} ?)+)–");
    // "Standard ID: 0x351       DLC: 8  Data: 0x44 0x02 ..." (diyBMS)
    private static final Pattern DIYBMS = Pattern.compile("^Standard ID: 0x([0-9A-Fa-f]+)\\s+DLC: (\\d)\\s+Data:((?: 0x[0-9A-Fa-f]{1,2})*)");
    // "// CANId=0x305, FrameLength=8, Data=0x21, 0x0, ..." (ArminJo)
    private static final Pattern ARMIN = Pattern.compile("CANId=0x([0-9A-Fa-f]+), FrameLength=(\\d), Data=((?:0x[0-9A-Fa-f]{1,2}(?:, )?)+)");

    private TraceLines() {
    }

    public static List<TraceRecord> canRecords(String text) {
        List<TraceRecord> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            String channel = "can0";
            String id = null;
            String data = null;
            Matcher m;
            if ((m = CANDUMP.matcher(line)).find()) {
                channel = m.group(1);
                id = m.group(2);
                data = m.group(4);
                if (data.trim().split("\\s+").length != Integer.parseInt(m.group(3)) && !data.isBlank()) {
                    throw new IllegalArgumentException("length mismatch in: " + line);
                }
            } else if ((m = SETFIRE.matcher(line)).find() || (m = DASHED.matcher(line)).find()) {
                id = m.group(1);
                data = m.group(2);
            } else if ((m = DIYBMS.matcher(line)).find()) {
                id = m.group(1);
                data = m.group(3).replace("0x", "");
            } else if ((m = ARMIN.matcher(line)).find()) {
                id = m.group(1);
                data = m.group(3).replace("0x", "").replace(",", " ");
            }
            if (id == null) {
                continue;
            }
            records.add(TraceRecord.can(records.size() * 1_000_000L, channel, Integer.parseInt(id, 16),
                    bytes(data)));
        }
        return records;
    }

    /** Space-separated hex bytes, one or two digits each. */
    public static byte[] bytes(String hex) {
        String trimmed = hex.trim();
        if (trimmed.isEmpty()) {
            return new byte[0];
        }
        String[] parts = trimmed.split("\\s+");
        byte[] bytes = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return bytes;
    }

    /** Every {@code ~…} frame in the text (python literals, transcriptions), each completed with CR. */
    public static List<String> rs485Frames(String text) {
        List<String> frames = new ArrayList<>();
        Matcher m = Pattern.compile("~[0-9A-Fa-f]+").matcher(text);
        while (m.find()) {
            frames.add(m.group() + "\r");
        }
        return frames;
    }
}
