package org.bmsw.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bmsw.core.record.BusKind;
import org.bmsw.core.record.FrameFlags;
import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.internal.LineDriver;
import org.bmsw.testdata.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Property tests of every trace reader, on inputs from jqwik's generators: generated valid traces survive
 * write-then-read; mutated ones (byte flips, truncations, line shuffles, duplicated, dropped and inserted lines)
 * and random text never make a reader throw, every frame it passes on keeps the {@link TraceRecord} rules, every
 * line is counted once, and a trace cut at a line end reads as a prefix of the whole.
 */
class TracePropertyTest {

    /** Formats read line by line; the store has its own test below. */
    private static final TraceFormat[] TEXT_FORMATS = { TraceFormat.CANDUMP_LOG, TraceFormat.CANDUMP_CONSOLE,
            TraceFormat.VECTOR_ASC, TraceFormat.PCAN_TRC, TraceFormat.SAVVYCAN_CSV, TraceFormat.SERIAL_DUMP };
    private static final TraceFormat[] WRITABLE = { TraceFormat.CANDUMP_LOG, TraceFormat.VECTOR_ASC,
            TraceFormat.SAVVYCAN_CSV, TraceFormat.SERIAL_DUMP, TraceFormat.STORE };

    @TempDir
    Path dir;

    private int fileNumber;

    // --- generators

    static Arbitrary<TraceRecord> records() {
        Arbitrary<Long> micros = Arbitraries.longs().between(1_000_000_000_000_000L, 4_000_000_000_000_000L);
        Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 7999).map(n -> n < 7000 ? 0 : n % 999 + 1);
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 9);
        Arbitrary<Integer> standardIds = Arbitraries.integers().between(0, TraceRecord.MAX_STANDARD_ID);
        Arbitrary<Integer> extendedIds = Arbitraries.integers().between(0, TraceRecord.MAX_EXTENDED_ID);
        Arbitrary<Integer> flagBits = Arbitraries.integers().between(0, 15);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<String> canChannels = Arbitraries.of("can0", "can1", "can3");
        return Combinators.combine(micros, nanos, kinds, standardIds, extendedIds, flagBits, bytes, canChannels)
                .as((us, ns, kind, std, ext, bits, payload, channel) -> {
                    long time = us * 1000 + ns;
                    int tx = (bits & 1) != 0 ? FrameFlags.TX : 0;
                    boolean extended = (bits & 2) != 0;
                    int id = extended ? ext : std;
                    int idFlag = extended ? FrameFlags.EXTENDED : 0;
                    return switch (kind) {
                    case 0, 1, 2, 3 -> new TraceRecord(time, channel, BusKind.CAN, id, tx | idFlag,
                            Arrays.copyOf(payload, Math.min(payload.length, 8)));
                    case 4 -> new TraceRecord(time, channel, BusKind.CAN, id, tx | idFlag | FrameFlags.RTR,
                            new byte[payload.length % 9]);
                    case 5, 6 -> {
                        int[] lengths = { 0, 3, 8, 12, 16, 20, 24, 32, 48, 64 };
                        int fdFlags = FrameFlags.FD | ((bits & 4) != 0 ? FrameFlags.FD_BRS : 0)
                                | ((bits & 8) != 0 ? FrameFlags.FD_ESI : 0);
                        yield new TraceRecord(time, channel, BusKind.CAN, id, tx | idFlag | fdFlags,
                                Arrays.copyOf(payload, lengths[payload.length % lengths.length]));
                    }
                    case 7 -> new TraceRecord(time, channel, BusKind.CAN, 1 << (bits % 10), FrameFlags.ERROR,
                            Arrays.copyOf(payload, 8));
                    default -> TraceRecord.serial(time, (bits & 4) != 0 ? "ttyUSB0" : "COM3", tx != 0, payload);
                    };
                });
    }

    static Arbitrary<List<TraceRecord>> traces() {
        // in time order, as captures are (ASC counts time from its first frame)
        return records().list().ofMaxSize(25).map(list -> list.stream()
                .sorted(java.util.Comparator.comparingLong(TraceRecord::timestampNs)).toList());
    }

    /** Byte strings made of the characters traces are made of, so that mutations reach deep into parsers. */
    static Arbitrary<String> traceLikeText() {
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of("(1700000000.000001)", "can0", "351#", "##1", "R", "Rx", "Tx", "d", "r", "8", "64",
                        "FD", "DT", "RR", "FB", "ER", "CANFD", "1)", "1059.900", ";$FILEVERSION=2.1",
                        ";$COLUMNS=N,O,T,B,I,d,R,l,L,D", ";$COLUMNS=L,l,I,D", ";$FILEVERSION=1.3", "date", "base",
                        "hex", "dec", "timestamps", "absolute", "relative", "Time Stamp,ID,Extended,Dir,Bus,LEN",
                        "true", "false", "RX", "TX", "#", "[8]", "-", ",", "x", "ttyUSB0", "FFFFFFFF", "1FFFFFFF",
                        "99999999999999999999", "-1", "0.5", "  ", "\t", "\r"),
                Arbitraries.strings().withChars("0123456789ABCDEFabcdef#().,;:-[]$= \t").ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> lines = tokens.list().ofMaxSize(12).map(list -> String.join(" ", list));
        return lines.list().ofMaxSize(12).map(list -> String.join("\n", list));
    }

    // --- helpers

    private Path write(String suffix, byte[] content) throws IOException {
        Path path = dir.resolve("t" + fileNumber++ + suffix);
        Files.write(path, content);
        return path;
    }

    /** What a lenient read gave: the records (each checked by TraceRecord's constructor) and the report. */
    record Outcome(List<TraceRecord> records, ReadReport report) {
    }

    private static Outcome read(Path path, TraceFormat format) throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        ReadReport report = Traces.read(path, format, TraceFilesTest.collect(records), ReadOptions.LENIENT);
        return new Outcome(records, report);
    }

    private static List<TraceRecord> strict(Path path, TraceFormat format) throws IOException {
        List<TraceRecord> records = new ArrayList<>();
        Traces.read(path, format, TraceFilesTest.collect(records), ReadOptions.STRICT);
        return records;
    }

    /** The invariants of every lenient read of a text trace. */
    private static Outcome readText(Path path, TraceFormat format) throws IOException {
        Outcome outcome = read(path, format);
        ReadReport report = outcome.report();
        assertEquals(report.lines(), report.frames() + report.ignoredLines() + report.skippedLines(),
                "every line counted once: " + report);
        assertEquals(report.frames(), outcome.records().size());
        assertTrue(!report.skippedByReason().containsKey(LineDriver.INTERNAL_ERROR), () -> "a reader failed: "
                + report.problems());
        for (String problem : report.problems()) {
            assertTrue(problem.startsWith(path + ":"), problem);
        }
        // strict mode stops at the first problem with the same message, or reads the same
        try {
            assertEquals(outcome.records(), strict(path, format));
            assertEquals(0, report.skippedLines());
        } catch (TraceFormatException e) {
            assertEquals(report.problems().get(0), e.getMessage());
        }
        return outcome;
    }

    private static byte[] mutate(byte[] content, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(new String(content, StandardCharsets.ISO_8859_1)
                .split("\n", -1)));
        switch (random.nextInt(7)) {
        case 0 -> { // flip bytes
            byte[] flipped = content.clone();
            for (int i = 0, n = 1 + random.nextInt(4); i < n && flipped.length > 0; i++) {
                flipped[random.nextInt(flipped.length)] = (byte) random.nextInt(256);
            }
            return flipped;
        }
        case 1 -> { // cut anywhere
            return Arrays.copyOf(content, content.length == 0 ? 0 : random.nextInt(content.length));
        }
        case 2 -> java.util.Collections.shuffle(lines, random);
        case 3 -> {
            if (!lines.isEmpty()) {
                lines.add(random.nextInt(lines.size()), lines.get(random.nextInt(lines.size())));
            }
        }
        case 4 -> {
            if (!lines.isEmpty()) {
                lines.remove(random.nextInt(lines.size()));
            }
        }
        case 5 -> { // a line with random bytes
            byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            lines.add(random.nextInt(lines.size() + 1), new String(garbage, StandardCharsets.ISO_8859_1));
        }
        default -> { // a line cut short in the middle of the trace
            int i = random.nextInt(lines.size());
            String line = lines.get(i);
            lines.set(i, line.substring(0, line.isEmpty() ? 0 : random.nextInt(line.length())));
        }
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    // --- properties

    @Test
    void generatedTracesSurviveWriteThenReadInEveryWritableFormat() {
        Samples.check(traces(), 250, 11, records -> {
            for (TraceFormat format : WRITABLE) {
                List<TraceRecord> held = records.stream().filter(RoundTripTest.holds(format)).toList();
                Path path = dir.resolve("rt" + fileNumber++ + "." + format.id());
                TraceWriter writer = Traces.write(path, format, held);
                assertEquals(held.size(), writer.framesWritten(), format + ": " + writer.notWrittenReason());
                assertEquals(held, strict(path, format), format.id());
            }
        });
    }

    @Test
    void mutatedTracesNeverMakeAReaderThrow() {
        Samples.check(Combinators.combine(traces(), Arbitraries.of(TEXT_FORMATS[0], TEXT_FORMATS[2], TEXT_FORMATS[4],
                TEXT_FORMATS[5]), Arbitraries.longs()).as(List::of), 600, 12, input -> {
                    @SuppressWarnings("unchecked")
                    List<TraceRecord> records = (List<TraceRecord>) input.get(0);
                    TraceFormat format = (TraceFormat) input.get(1);
                    Random random = new Random((Long) input.get(2));
                    Path original = dir.resolve("m" + fileNumber++);
                    Traces.write(original, format, records.stream().filter(RoundTripTest.holds(format)).toList());
                    byte[] mutated = mutate(Files.readAllBytes(original), random);
                    Path path = write(".m", mutated);
                    readText(path, format);
                    // and as every other text format, as a wrong guess of the format would
                    readText(path, TEXT_FORMATS[random.nextInt(TEXT_FORMATS.length)]);
                    try {
                        TraceFormat detected = Traces.detect(path);
                        if (detected != TraceFormat.STORE) {
                            read(path, detected);
                        }
                    } catch (IOException e) {
                        assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
                    }
                });
    }

    @Test
    void aTraceCutAtALineEndReadsAsAPrefixOfTheWhole() {
        Samples.check(Combinators.combine(traces(), Arbitraries.of(TraceFormat.CANDUMP_LOG, TraceFormat.VECTOR_ASC,
                TraceFormat.SAVVYCAN_CSV, TraceFormat.SERIAL_DUMP), Arbitraries.doubles().between(0, 1))
                .as(List::of), 300, 13, input -> {
                    @SuppressWarnings("unchecked")
                    List<TraceRecord> records = ((List<TraceRecord>) input.get(0)).stream()
                            .filter(RoundTripTest.holds((TraceFormat) input.get(1))).toList();
                    TraceFormat format = (TraceFormat) input.get(1);
                    Path whole = dir.resolve("w" + fileNumber++);
                    Traces.write(whole, format, records);
                    String text = Files.readString(whole, StandardCharsets.ISO_8859_1);
                    int cut = text.lastIndexOf('\n', (int) ((Double) input.get(2) * text.length())) + 1;
                    Path prefix = write(".p", text.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1));
                    List<TraceRecord> read = readText(prefix, format).records();
                    assertEquals(records.subList(0, read.size()), read);
                    long frameLines = text.substring(0, cut).lines().filter(line -> !line.startsWith("#")
                            && !line.startsWith("Time Stamp") && !line.startsWith("date ") && !line.startsWith("base ")
                            && !line.contains("Triggerblock") && !line.contains("TriggerBlock")
                            && !line.startsWith("no internal events")).count();
                    assertEquals(frameLines, read.size(), "frames in the first " + cut + " bytes");
                });
    }

    @Test
    void randomTextNeverMakesAReaderThrow() {
        Samples.check(traceLikeText(), 1500, 14, text -> {
            Path path = write(".txt", text.getBytes(StandardCharsets.UTF_8));
            for (TraceFormat format : TEXT_FORMATS) {
                readText(path, format);
            }
        });
    }

    @Test
    void pcanTrc21InAnyColumnOrderReadsTheFramesWritten() {
        Arbitrary<List<Character>> middleColumns = Arbitraries.of('B', 'I', 'd', 'R', 'l', 'L').list().uniqueElements()
                .ofMinSize(1).filter(columns -> columns.contains('I') && (columns.contains('l') || columns.contains('L')))
                .map(columns -> {
                    List<Character> shuffled = new ArrayList<>(columns);
                    java.util.Collections.shuffle(shuffled, new Random(columns.hashCode()));
                    return shuffled;
                });
        Samples.check(Combinators.combine(middleColumns, traces()).as(List::of), 400, 15, input -> {
            @SuppressWarnings("unchecked")
            List<Character> middle = (List<Character>) input.get(0);
            @SuppressWarnings("unchecked")
            List<TraceRecord> generated = (List<TraceRecord>) input.get(1);
            List<TraceRecord> expected = new ArrayList<>();
            StringBuilder text = new StringBuilder(";$FILEVERSION=2.1\n;$STARTTIME=25569\n;$COLUMNS=N,O,T,");
            middle.forEach(c -> text.append(c).append(','));
            text.append("D\n");
            long base = generated.isEmpty() ? 0 : generated.get(0).timestampNs() / 1_000_000_000L * 1_000_000_000L;
            int number = 1;
            for (TraceRecord record : generated) {
                boolean onlyDlc = !middle.contains('L');
                if (record.bus() != BusKind.CAN || record.isError() || record.timestampNs() % 1000 != 0
                        || record.timestampNs() < base || !middle.contains('B') && !record.channel().equals("can0")
                        || onlyDlc && !record.isFd() && record.payload().length > 8) {
                    continue;
                }
                int flags = record.flags() & ~(middle.contains('d') ? 0 : FrameFlags.TX);
                byte[] payload = record.payload();
                String type = record.isRemote() ? "RR" : !record.isFd() ? "DT"
                        : switch (flags & (FrameFlags.FD_BRS | FrameFlags.FD_ESI)) {
                        case FrameFlags.FD_BRS -> "FB";
                        case FrameFlags.FD_ESI -> "FE";
                        case FrameFlags.FD_BRS | FrameFlags.FD_ESI -> "BI";
                        default -> "FD";
                        };
                long offsetUs = (record.timestampNs() - base) / 1000;
                text.append(String.format("%7d %13d.%03d %s", number++, offsetUs / 1000, offsetUs % 1000, type));
                for (char column : middle) {
                    text.append(' ').append(switch (column) {
                    case 'B' -> String.valueOf(Integer.parseInt(record.channel().substring(3)) + 1);
                    case 'I' -> String.format(record.isExtended() ? "%08X" : "%04X", record.identifier());
                    case 'd' -> record.isTransmitted() ? "Tx" : "Rx";
                    case 'R' -> "-";
                    case 'l' -> String.valueOf(dlcOf(payload.length));
                    default -> String.valueOf(payload.length);
                    });
                }
                if (!record.isRemote()) {
                    for (byte b : payload) {
                        text.append(String.format(" %02X", b));
                    }
                }
                text.append('\n');
                expected.add(new TraceRecord(record.timestampNs(), record.channel(), BusKind.CAN, record.identifier(),
                        flags, payload));
            }
            Path path = write(".trc", text.toString().getBytes(StandardCharsets.US_ASCII));
            Outcome outcome = readText(path, TraceFormat.PCAN_TRC);
            List<TraceRecord> read = outcome.records().stream().map(r -> new TraceRecord(r.timestampNs() + base,
                    r.channel(), r.bus(), r.identifier(), r.flags(), r.payload())).toList();
            if (!expected.equals(read)) {
                fail("columns " + middle + "\n" + text + "\nread " + read + "\nproblems " + outcome.report().problems());
            }
        });
    }

    private static int dlcOf(int length) {
        return length <= 8 ? length : switch (length) {
        case 12 -> 9;
        case 16 -> 10;
        case 20 -> 11;
        case 24 -> 12;
        case 32 -> 13;
        case 48 -> 14;
        default -> 15;
        };
    }

    @Test
    void damagedStoresKeepTheBlocksBeforeTheDamageAlterNothingAndNeverThrow() {
        Samples.check(Combinators.combine(traces(), Arbitraries.longs()).as(List::of), 700, 16, input -> {
            @SuppressWarnings("unchecked")
            List<TraceRecord> records = (List<TraceRecord>) input.get(0);
            Random random = new Random((Long) input.get(1));
            Path original = dir.resolve("s" + fileNumber++ + ".bmst");
            Traces.write(original, TraceFormat.STORE, records);
            byte[] content = Files.readAllBytes(original);
            byte[] mutated = content.clone();
            int firstChange;
            if (random.nextBoolean()) { // flip bytes
                firstChange = mutated.length;
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    int at = random.nextInt(mutated.length);
                    byte was = mutated[at];
                    mutated[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : mutated[at] ^ 1 << random.nextInt(8));
                    if (mutated[at] != was) {
                        firstChange = Math.min(firstChange, at);
                    }
                }
            } else { // cut
                firstChange = random.nextInt(mutated.length);
                mutated = Arrays.copyOf(mutated, firstChange);
            }
            Path damaged = write(".bmst", mutated);
            int headerLength = ByteBuffer.wrap(content, 12, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            // the whole blocks before the first changed byte: a checksum covers a block, so these survive whole
            Path wholeBlocks = write(".bmst", Arrays.copyOf(content, (int) lastBlockEndAtOrBefore(content, firstChange, headerLength)));
            Outcome before;
            try {
                before = read(wholeBlocks, TraceFormat.STORE);
            } catch (IOException e) {
                before = null; // the header itself is damaged
            }
            if (before != null) {
                assertEquals(records.subList(0, before.records().size()), before.records());
            }
            try {
                Outcome outcome = read(damaged, TraceFormat.STORE);
                if (before != null) {
                    assertTrue(outcome.records().size() >= before.records().size(), "records before the damage lost");
                    assertEquals(before.records(), outcome.records().subList(0, before.records().size()));
                }
                if (firstChange >= headerLength) {
                    assertTrue(isSubsequence(outcome.records(), records), "a record altered or invented: "
                            + outcome.records());
                }
                outcome.report().problems().forEach(problem -> assertTrue(problem.startsWith(damaged + ": "), problem));
            } catch (IOException e) {
                assertTrue(e.getMessage().startsWith(damaged.toString()), e.getMessage());
            }
        });
    }

    /** Where the last block ending at or before {@code limit} ends (its trailers chain back to the header). */
    private static long lastBlockEndAtOrBefore(byte[] store, int limit, int headerLength) {
        ByteBuffer bytes = ByteBuffer.wrap(store).order(ByteOrder.LITTLE_ENDIAN);
        long end = store.length;
        while (end > limit && end > headerLength) {
            end = bytes.getLong((int) end - 8); // the trailer's pointer to its block's header
        }
        return Math.min(end, limit);
    }

    /** Equal, or equal but for the name of a channel whose declaration was lost (the reader says so in the name). */
    private static boolean sameButALostChannelName(TraceRecord read, TraceRecord written) {
        return read.equals(written) || read.channel().endsWith("(declaration lost)")
                && read.timestampNs() == written.timestampNs() && read.identifier() == written.identifier()
                && read.flags() == written.flags() && Arrays.equals(read.payload(), written.payload());
    }

    private static boolean isSubsequence(List<TraceRecord> part, List<TraceRecord> whole) {
        int next = 0;
        for (TraceRecord record : part) {
            while (next < whole.size() && !sameButALostChannelName(record, whole.get(next))) {
                next++;
            }
            if (next++ >= whole.size()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void randomBytesNeverMakeDetectionOrTheStoreThrow() {
        Arbitrary<byte[]> tails = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Samples.check(Combinators.combine(tails, Arbitraries.integers().between(0, 2)).as(List::of), 800, 17, input -> {
            byte[] tail = (byte[]) input.get(0);
            int kind = (Integer) input.get(1);
            byte[] content = tail;
            if (kind > 0) { // a store's magic and version first, so the header's fields are what is random
                content = new byte[12 + tail.length];
                System.arraycopy("BMSWSTOR".getBytes(StandardCharsets.US_ASCII), 0, content, 0, 8);
                content[8] = 1;
                System.arraycopy(tail, 0, content, 12, tail.length);
                if (kind == 2 && content.length >= 32) { // a header length that fits the file
                    int length = 34 + Math.floorMod(tail.length > 0 ? tail[0] : 0, Math.max(1, content.length - 34));
                    content[12] = (byte) length;
                    content[13] = (byte) (length >> 8);
                    content[14] = 0;
                    content[15] = 0;
                    Arrays.fill(content, 28, 32, (byte) 0);
                    content[28] = (byte) (tail.length % 3);
                }
            }
            Path path = write(".bin", content);
            try {
                TraceFormat format = Traces.detect(path);
                read(path, format);
            } catch (IOException e) {
                assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
            }
        });
    }
}
