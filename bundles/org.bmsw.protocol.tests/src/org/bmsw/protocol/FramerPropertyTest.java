package org.bmsw.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.bmsw.protocol.modbus.ModbusFrame;
import org.bmsw.protocol.modbus.ModbusFramer;
import org.bmsw.protocol.modbus.ModbusRtu;
import org.bmsw.protocol.modbus.RegisterMap;
import org.bmsw.protocol.rs485.PylonFrame;
import org.bmsw.protocol.rs485.PylonFramer;
import org.bmsw.protocol.rs485.PylonRs485;
import org.bmsw.testdata.Samples;
import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Property tests of the byte-stream framers (Pylontech RS485, Modbus RTU and TCP) and the register-map reader,
 * on jqwik-generated inputs: valid frames come out whole however the stream is cut into reads, noise in between
 * costs nothing but the noise, and random bytes or mutated maps never make a reader throw.
 */
class FramerPropertyTest {

    // --- Pylontech RS485

    record PylonInput(int ver, int adr, int cid2, byte[] info) {
        String text() {
            return PylonRs485.frame(ver, adr, PylonRs485.CID1_BATTERY, cid2, info);
        }
    }

    static Arbitrary<PylonInput> pylonFrames() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(120))
                .as(PylonInput::new);
    }

    /** Bytes that cannot start or end a frame, as a line between frames carries. */
    static Arbitrary<byte[]> noise() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(bytes -> {
            byte[] clean = bytes.clone();
            for (int i = 0; i < clean.length; i++) {
                if (clean[i] == '~') {
                    clean[i] = 'x';
                }
            }
            return clean;
        });
    }

    /** Feeds {@code stream} in reads of random sizes. */
    private static <T> void feedInPieces(byte[] stream, Random random, Feeder feeder) {
        int at = 0;
        while (at < stream.length) {
            int length = Math.min(stream.length - at, 1 + random.nextInt(40));
            feeder.feed(stream, at, length);
            at += length;
        }
    }

    private interface Feeder {
        void feed(byte[] bytes, int offset, int length);
    }

    @Test
    void pylonFramesComeOutWholeAndAtTheirOffsetsWhateverTheReads() {
        Arbitrary<List<Object>> inputs = Combinators.combine(pylonFrames().list().ofMaxSize(8),
                noise().list().ofSize(9), Arbitraries.longs()).as(List::of);
        Samples.check(inputs, 1500, 21, input -> {
            @SuppressWarnings("unchecked")
            List<PylonInput> frames = (List<PylonInput>) input.get(0);
            @SuppressWarnings("unchecked")
            List<byte[]> gaps = (List<byte[]>) input.get(1);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Long> offsets = new ArrayList<>();
            long noiseBytes = 0;
            for (int i = 0; i < frames.size(); i++) {
                byte[] gap = gaps.get(i);
                stream.write(gap, 0, gap.length);
                noiseBytes += gap.length;
                offsets.add((long) stream.size());
                stream.writeBytes(frames.get(i).text().getBytes(StandardCharsets.US_ASCII));
            }
            PylonFramer framer = new PylonFramer();
            List<PylonFrame> read = new ArrayList<>();
            List<Long> readOffsets = new ArrayList<>();
            feedInPieces(stream.toByteArray(), new Random((Long) input.get(2)),
                    (bytes, offset, length) -> framer.feed(bytes, offset, length, frame -> {
                        read.add(frame);
                        readOffsets.add(framer.frameOffset());
                    }));
            assertEquals(frames.size(), read.size());
            for (int i = 0; i < frames.size(); i++) {
                PylonFrame frame = read.get(i);
                assertTrue(frame.isValid(), frame.problems().toString());
                assertEquals(frames.get(i).adr(), frame.adr());
                assertEquals(frames.get(i).cid2(), frame.cid2());
                assertArrayEquals(frames.get(i).info(), frame.info());
            }
            assertEquals(offsets, readOffsets);
            assertEquals(noiseBytes, framer.skippedBytes());
        });
    }

    @Test
    void randomAndMutatedBytesNeverMakeThePylonFramerThrow() {
        Arbitrary<byte[]> streams = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(400),
                Combinators.combine(pylonFrames(), Arbitraries.longs()).as((frame, seed) -> {
                    byte[] bytes = frame.text().getBytes(StandardCharsets.US_ASCII);
                    Random random = new Random(seed);
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        bytes[random.nextInt(bytes.length)] = (byte) "~\r0123456789ABCDEFx\u00ff".charAt(random.nextInt(20));
                    }
                    return random.nextBoolean() ? bytes : Arrays.copyOf(bytes, random.nextInt(bytes.length));
                }));
        Samples.check(streams, 2000, 22, stream -> {
            PylonFramer framer = new PylonFramer();
            long[] frameBytes = { 0 };
            framer.feed(stream, frame -> {
                frameBytes[0] += frame.text().length() + 2;
                assertTrue(framer.frameOffset() >= 0 && framer.frameOffset() < stream.length);
                // the parse names what is wrong instead of throwing
                assertEquals(frame.problems().isEmpty(), frame.isValid());
            });
            long pending = 0;
            if (framer.hasPartialFrame()) {
                pending = framer.position() - framer.frameOffset();
            }
            assertEquals(stream.length, frameBytes[0] + framer.skippedBytes() + pending, "every byte accounted for");
            // and any text parses without throwing
            PylonFrame.parse(new String(stream, StandardCharsets.ISO_8859_1));
        });
    }

    // --- Modbus

    /** RTU read requests and responses (FC 3/4), write-single (FC 6) and exceptions, with their CRC. */
    static Arbitrary<byte[]> rtuFrames() {
        return Combinators.combine(Arbitraries.integers().between(1, 247), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 0xFFFF), Arbitraries.bytes().array(byte[].class).ofMinSize(2)
                        .ofMaxSize(40)).as((unit, kind, word, data) -> {
                            byte[] pdu = switch (kind) {
                            case 0 -> new byte[] { 3, (byte) (word >> 8), (byte) (int) word, 0, (byte) (1 + word % 20) };
                            case 1 -> {
                                byte[] even = Arrays.copyOf(data, data.length & ~1);
                                byte[] response = new byte[2 + even.length];
                                response[0] = 4;
                                response[1] = (byte) even.length;
                                System.arraycopy(even, 0, response, 2, even.length);
                                yield response;
                            }
                            case 2 -> new byte[] { 6, (byte) (word >> 8), (byte) (int) word, data[0], data[1] };
                            default -> new byte[] { (byte) 0x83, (byte) (1 + word % 4) };
                            };
                            byte[] frame = new byte[1 + pdu.length];
                            frame[0] = (byte) (int) unit;
                            System.arraycopy(pdu, 0, frame, 1, pdu.length);
                            return ModbusRtu.withCrc(frame);
                        });
    }

    @Test
    void modbusRtuFramesComeOutWholeWhateverTheReads() {
        // RTU has no length field: a frame whose first bytes end in a matching CRC by chance at another length its
        // function code allows (1 in 65,536; seed 20261203 found 95 04 04 20 E3 3B E4 C7 00, seed 18591705147792
        // 09 03 02 D6 00 07 E5 00) is cut there, as any framer without timing would
        Arbitrary<byte[]> unambiguous = rtuFrames().filter(frame -> {
            int[] lengths = { 5, 8, 5 + (frame[2] & 0xFF), frame.length > 6 ? 9 + (frame[6] & 0xFF) : 0 };
            return Arrays.stream(lengths).noneMatch(length -> length >= 4 && length < frame.length
                    && ModbusRtu.crcMatches(frame, 0, length));
        });
        Arbitrary<List<Object>> inputs = Combinators.combine(unambiguous.list().ofMaxSize(10), Arbitraries.longs())
                .as(List::of);
        Samples.check(inputs, 1500, 23, input -> {
            @SuppressWarnings("unchecked")
            List<byte[]> frames = (List<byte[]>) input.get(0);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Long> offsets = new ArrayList<>();
            for (byte[] frame : frames) {
                offsets.add((long) stream.size());
                stream.writeBytes(frame);
            }
            ModbusFramer framer = ModbusFramer.rtu();
            List<ModbusFrame> read = new ArrayList<>();
            List<Long> readOffsets = new ArrayList<>();
            feedInPieces(stream.toByteArray(), new Random((Long) input.get(1)),
                    (bytes, offset, length) -> framer.feed(bytes, offset, length, frame -> {
                        read.add(frame);
                        readOffsets.add(framer.frameOffset());
                    }));
            assertEquals(frames.size(), read.size(), "frames read");
            for (int i = 0; i < frames.size(); i++) {
                byte[] frame = frames.get(i);
                assertEquals(frame[0] & 0xFF, read.get(i).unit());
                assertArrayEquals(Arrays.copyOfRange(frame, 1, frame.length - 2), read.get(i).pdu());
            }
            assertEquals(offsets, readOffsets);
            assertEquals(0, framer.skippedBytes());
        });
    }

    @Test
    void randomBytesNeverMakeTheModbusFramersThrow() {
        Arbitrary<byte[]> streams = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(600),
                Combinators.combine(rtuFrames().list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs()).as(
                        (frames, seed) -> {
                            ByteArrayOutputStream stream = new ByteArrayOutputStream();
                            frames.forEach(stream::writeBytes);
                            byte[] bytes = stream.toByteArray();
                            Random random = new Random(seed);
                            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                            return bytes;
                        }));
        Samples.check(streams, 2000, 24, stream -> {
            for (ModbusFramer framer : List.of(ModbusFramer.rtu(), ModbusFramer.tcp())) {
                long[] frameBytes = { 0 };
                framer.feed(stream, frame -> frameBytes[0] += frame.pdu().length + (frame.tcp() ? 7 : 3));
                assertEquals(stream.length, frameBytes[0] + framer.skippedBytes() + framer.pendingBytes(),
                        "every byte accounted for");
            }
        });
    }

    // --- register maps

    record RegisterInput(int address, String table, String type, String order, double scale, String name) {
        String json() {
            return "    {\"address\": " + address + ", \"table\": \"" + table + "\", \"type\": \"" + type
                    + "\", \"word_order\": \"" + order + "\",\n     \"scale\": " + scale + ", \"name\": \"" + name
                    + "\"}";
        }
    }

    static Arbitrary<List<RegisterInput>> registerMaps() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.of("holding", "input"),
                Arbitraries.of("u16", "s16", "u32", "s32", "float32"), Arbitraries.of("big", "little"),
                Arbitraries.doubles().between(-1000, 1000), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12))
                .as(RegisterInput::new).list().ofMaxSize(8);
    }

    private static String mapJson(List<RegisterInput> registers) {
        StringBuilder json = new StringBuilder("{\"name\": \"generated\",\n \"registers\": [\n");
        for (int i = 0; i < registers.size(); i++) {
            json.append(registers.get(i).json()).append(i + 1 < registers.size() ? ",\n" : "\n");
        }
        return json.append(" ]}\n").toString();
    }

    @Test
    void generatedRegisterMapsReadAsWritten() {
        Samples.check(registerMaps(), 1000, 25, registers -> {
            RegisterMap map = RegisterMap.parse("generated.json", mapJson(registers));
            assertEquals(registers.size(), map.entries().size());
            for (int i = 0; i < registers.size(); i++) {
                RegisterInput expected = registers.get(i);
                RegisterMap.Entry entry = map.entries().get(i);
                assertEquals(expected.address(), entry.address());
                assertEquals(expected.table().toUpperCase(), entry.table().name());
                assertEquals(expected.type().toUpperCase(), entry.type().name());
                assertEquals(expected.order().equals("little"), entry.wordsLittleEndian());
                assertEquals(expected.scale(), entry.scale());
            }
        });
    }

    @Test
    void mutatedRegisterMapsGiveProblemsWithTheSourceNeverAnotherException() {
        Arbitrary<String> texts = Combinators.combine(registerMaps(), Arbitraries.longs()).as((registers, seed) -> {
            char[] json = mapJson(registers).toCharArray();
            Random random = new Random(seed);
            String replacements = "{}[]\",:0123456789.-eE truefalsnul\n\\";
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                json[random.nextInt(json.length)] = replacements.charAt(random.nextInt(replacements.length()));
            }
            String text = new String(json);
            return random.nextInt(4) == 0 ? text.substring(0, random.nextInt(text.length())) : text;
        });
        Samples.check(texts, 1500, 26, json -> {
            try {
                RegisterMap.parse("m.json", json);
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage().startsWith("m.json"), e.getMessage());
                for (String line : e.getMessage().split("\n")) {
                    assertTrue(line.startsWith("m.json"), line);
                }
            }
        });
    }
}
