package org.bmsw.profiles;

import java.util.List;
import java.util.function.Consumer;

import org.bmsw.core.record.TraceRecord;
import org.bmsw.core.state.BatteryState;
import org.bmsw.core.state.Quantity;
import org.bmsw.protocol.DecodedMessage;
import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderFactory;

/** A vendor's own decoder, contributed by this fragment's fragment.xml: counts the records it was given. */
public final class CountingDecoderFactory implements DecoderFactory {

    @Override
    public Decoder create() {
        return new Decoder() {
            private int records;

            @Override
            public String protocolId() {
                return "test.counting";
            }

            @Override
            public void decode(TraceRecord record, Consumer<DecodedMessage> out) {
                records++;
            }

            @Override
            public BatteryState state() {
                return BatteryState.builder().set(Quantity.MODULE_COUNT, records).build();
            }

            @Override
            public List<String> variants() {
                return List.of();
            }
        };
    }
}
