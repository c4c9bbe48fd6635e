package org.bmsw.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;

/**
 * Writes Pylontech CAN 1.2 traces for the tests with the formats bundle's candump log writer: one cycle per second
 * (0x351 0x355 0x356 0x359 0x35C 0x35E, 1 ms apart, the layout of protocols.md section 2), whose values a test
 * sets per second. Start time 1700000000 s.
 */
final class SyntheticPylon {

    static final long T0 = 1_700_000_000L * 1_000_000_000L;
    static final long S = 1_000_000_000L;
    /** Frames per cycle. */
    static final int CYCLE = 6;

    /** The values of one cycle; a test changes them per second. */
    static final class Cycle {
        int second;
        String channel = "can0";
        double cvl = 53.2;
        double ccl = 50;
        double dcl = 100;
        double dvl = 45;
        int soc = 60;
        int soh = 98;
        double voltage = 51.0;
        double current = 10;
        double temperature = 25;
        int protection0;
        int warning2;
        int modules = 2;
        boolean chargeEnable = true;
        boolean dischargeEnable = true;
        /** False leaves this cycle out (a gap). */
        boolean send = true;
    }

    private final List<TraceRecord> records = new ArrayList<>();

    /** Adds {@code seconds} cycles from second {@code from}, each set up by {@code setup}. */
    SyntheticPylon cycles(int from, int seconds, Consumer<Cycle> setup) {
        for (int s = from; s < from + seconds; s++) {
            Cycle c = new Cycle();
            c.second = s;
            setup.accept(c);
            if (c.send) {
                add(c);
            }
        }
        return this;
    }

    private void add(Cycle c) {
        long t = T0 + c.second * S;
        records.add(TraceRecord.can(t, c.channel, 0x351, le((int) Math.round(c.cvl * 10), (int) Math.round(c.ccl * 10),
                (int) Math.round(c.dcl * 10), (int) Math.round(c.dvl * 10))));
        records.add(TraceRecord.can(t + 1_000_000, c.channel, 0x355, le(c.soc, c.soh)));
        records.add(TraceRecord.can(t + 2_000_000, c.channel, 0x356, le((int) Math.round(c.voltage * 100),
                (int) Math.round(c.current * 10), (int) Math.round(c.temperature * 10))));
        records.add(TraceRecord.can(t + 3_000_000, c.channel, 0x359, (byte) c.protection0, (byte) 0,
                (byte) c.warning2, (byte) 0, (byte) c.modules, (byte) 'P', (byte) 'N'));
        records.add(TraceRecord.can(t + 4_000_000, c.channel, 0x35C, (byte) ((c.chargeEnable ? 0x80 : 0)
                | (c.dischargeEnable ? 0x40 : 0)), (byte) 0));
        records.add(TraceRecord.can(t + 5_000_000, c.channel, 0x35E, "PYLON   ".getBytes(StandardCharsets.US_ASCII)));
    }

    private static byte[] le(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putShort((short) v);
        }
        return buffer.array();
    }

    List<TraceRecord> records() {
        return records;
    }

    /** Writes the trace as a candump log, in time order (several channels interleave). */
    Path write(Path file) {
        List<TraceRecord> sorted = new ArrayList<>(records);
        sorted.sort(java.util.Comparator.comparingLong(TraceRecord::timestampNs));
        try {
            Traces.write(file, TraceFormat.CANDUMP_LOG, sorted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
