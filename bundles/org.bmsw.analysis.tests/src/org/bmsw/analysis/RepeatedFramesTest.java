package org.bmsw.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.formats.ReadOptions;
import org.bmsw.formats.TraceFormat;
import org.bmsw.formats.Traces;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CAN frame identical to the last one of its identifier is folded into the state and its message judged again
 * without decoding it anew: the report must be the one that decoding every frame gives. The reference decodes
 * every frame (its decoder is wrapped, so the analysis cannot tell it is a CAN decoder).
 */
class RepeatedFramesTest {

    @TempDir
    Path dir;

    /** Two packs over 700 s: values that stay and change, episodes, alarms, a gap, frames that do not fit. */
    private Path trace() throws IOException {
        SyntheticPylon pylon = new SyntheticPylon();
        for (String channel : List.of("can0", "can1")) {
            pylon.cycles(0, 700, c -> {
                c.channel = channel;
                c.soc = 60 - c.second / 30 - (channel.equals("can1") && c.second > 300 ? 15 : 0);
                c.current = c.second / 7 % 2 == 0 ? 10 : -12.5;
                if (c.second >= 100 && c.second < 120) {
                    c.current = 60; // above the charge current limit
                }
                c.protection0 = c.second >= 200 && c.second < 210 ? 0x02 : 0;
                c.warning2 = c.second % 50 < 3 ? 0x08 : 0;
                c.chargeEnable = c.second < 330 || c.second > 340;
                c.voltage = c.second < 650 ? 51.23 : 51.0 + c.second % 4 * 0.01;
                c.send = !(channel.equals("can1") && c.second >= 250 && c.second < 262);
            });
        }
        List<TraceRecord> records = new ArrayList<>(pylon.records());
        for (int s = 0; s < 700; s += 40) { // a 0x356 of 4 bytes now and then: a layout mismatch
            records.add(TraceRecord.can(SyntheticPylon.T0 + s * SyntheticPylon.S + 2_500_000, "can0", 0x356,
                    new byte[] {0x60, 0x13, 0, 0}));
        }
        records.add(TraceRecord.can(SyntheticPylon.T0 + 7_000_000, "can0", 0x123, (byte) 1)); // not Pylon
        records.sort(Comparator.comparingLong(TraceRecord::timestampNs));
        Path file = dir.resolve("packs.log");
        Traces.write(file, TraceFormat.CANDUMP_LOG, records);
        return file;
    }

    private static AnalysisReport analyze(Path file, Supplier<Decoder> decoders) throws IOException {
        return TraceAnalyzer.analyze(file, new AnalysisOptions(decoders, "pylon-can", null, null,
                AnalysisOptions.DEFAULT_MAX_FINDINGS_PER_CHECK, AnalysisOptions.DEFAULT_PLOT_BUCKETS),
                ReadOptions.STRICT);
    }

    @Test
    void repeatedFramesGiveTheReportOfDecodingEveryFrame() throws IOException {
        Path file = trace();
        DecoderRegistry registry = DecoderRegistry.getDefault();
        AnalysisReport replayed = analyze(file, () -> registry.create("pylon-can"));
        AnalysisReport decoded = analyze(file, () -> new EveryFrame(registry.create("pylon-can")));
        assertEquals(ReportJson.toJson(decoded), ReportJson.toJson(replayed));
        // the trace has what the comparison is about
        assertFalse(replayed.findings(Checks.COMPLIANCE_CHARGE_CURRENT).isEmpty());
        assertFalse(replayed.findings(Checks.ALARMS_PROTECTION).isEmpty());
        assertFalse(replayed.findings(Checks.LAYOUT_MISMATCH).isEmpty());
        assertFalse(replayed.findings(Checks.VALUES_FROZEN).isEmpty());
        assertTrue(replayed.channels().size() == 2, replayed.channels().toString());
    }

    /** A decoder that decodes every record through its delegate and is not a CAN decoder to the analysis. */
    private static final class EveryFrame implements Decoder {
        private final Decoder delegate;

        EveryFrame(Decoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String protocolId() {
            return delegate.protocolId();
        }

        @Override
        public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
            delegate.decode(record, out);
        }

        @Override
        public BatteryState state() {
            return delegate.state();
        }

        @Override
        public List<String> variants() {
            return delegate.variants();
        }
    }
}
