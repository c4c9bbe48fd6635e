package org.bmsw.protocol.internal;

import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderContext;
import org.bmsw.protocol.DecoderProvider;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.can.CanDecoder;
import org.bmsw.protocol.can.CanProtocol;
import org.osgi.service.component.annotations.Component;

/** The built-in CAN protocols, each a provider like any vendor's. */
public final class CanDecoderProviders {

    private CanDecoderProviders() {
    }

    /** Pylontech low-voltage CAN. */
    @Component(service = DecoderProvider.class)
    public static final class PylonCan implements DecoderProvider {
        @Override
        public String id() {
            return CanProtocol.PYLON;
        }

        @Override
        public String description() {
            return "Pylontech low-voltage CAN (layouts 1.2 and 1.3, Victron extensions); variants "
                    + CanProtocol.variantsOf(CanProtocol.PYLON);
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            return new CanDecoder(CanProtocol.builtIn(id(), spec.variants()));
        }
    }

    /** SMA Sunny Island CAN. */
    @Component(service = DecoderProvider.class)
    public static final class SmaCan implements DecoderProvider {
        @Override
        public String id() {
            return CanProtocol.SMA;
        }

        @Override
        public String description() {
            return "SMA Sunny Island CAN (0x35A pairs, HiResSOC, Victron extensions, SI 0x305-0x307); variants "
                    + CanProtocol.variantsOf(CanProtocol.SMA);
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            return new CanDecoder(CanProtocol.builtIn(id(), spec.variants()));
        }
    }
}
