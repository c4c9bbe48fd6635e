package org.bmsw.protocol.internal;

import org.bmsw.protocol.Decoder;
import org.bmsw.protocol.DecoderContext;
import org.bmsw.protocol.DecoderProvider;
import org.bmsw.protocol.DecoderSpec;
import org.bmsw.protocol.detect.AutoDecoder;
import org.bmsw.protocol.modbus.ModbusDecoder;
import org.bmsw.protocol.rs485.PylonRs485Decoder;
import org.osgi.service.component.annotations.Component;

/** The built-in serial protocols and {@code auto}, each a provider like any vendor's. */
public final class SerialDecoderProviders {

    private SerialDecoderProviders() {
    }

    static void noVariants(DecoderSpec spec) {
        if (!spec.variants().isEmpty()) {
            throw new IllegalArgumentException("protocol " + spec.id() + " has no variants, got " + spec.variants());
        }
    }

    /** Pylontech RS485. */
    @Component(service = DecoderProvider.class)
    public static final class PylonRs485 implements DecoderProvider {
        @Override
        public String id() {
            return PylonRs485Decoder.ID;
        }

        @Override
        public String description() {
            return "Pylontech RS485 ~...\\r ASCII frames (0x42 0x44 0x47 0x4F 0x51 0x92 0x93 0x96)";
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            noVariants(spec);
            return new PylonRs485Decoder();
        }
    }

    /** Modbus RTU or TCP with the source's register map. */
    @Component(service = DecoderProvider.class)
    public static final class Modbus implements DecoderProvider {
        @Override
        public String id() {
            return ModbusDecoder.ID;
        }

        @Override
        public String description() {
            return "Modbus RTU or TCP (FC 1-6, 15, 16, exceptions) with an optional register map";
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            noVariants(spec);
            return new ModbusDecoder(context.registerMap());
        }
    }

    /** Detects the protocol and its variants, then decodes with the detected protocol's provider. */
    @Component(service = DecoderProvider.class)
    public static final class Auto implements DecoderProvider {
        @Override
        public String id() {
            return DecoderSpec.AUTO;
        }

        @Override
        public String description() {
            return "detect the protocol and variant from the first records";
        }

        @Override
        public boolean isBindable() {
            return false;
        }

        @Override
        public Decoder create(DecoderSpec spec, DecoderContext context) {
            noVariants(spec);
            return new AutoDecoder(context);
        }
    }
}
