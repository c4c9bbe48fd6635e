package org.bmsw.protocol;

import java.util.List;

import org.bmsw.protocol.modbus.RegisterMap;

/**
 * The default {@link DecoderRegistry} under its former name.
 *
 * @deprecated use {@link DecoderRegistry#getDefault()} and {@link DecoderSpec#AUTO}
 */
@Deprecated
public final class Protocols {

    public static final String AUTO = DecoderSpec.AUTO;

    private Protocols() {
    }

    public static List<String> ids() {
        return DecoderRegistry.getDefault().ids();
    }

    public static String describe(String id) {
        return DecoderRegistry.getDefault().find(DecoderSpec.parse(id)).map(DecoderProvider::description)
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + id + "'; known: "
                        + String.join(", ", ids())));
    }

    public static Decoder create(String spec) {
        return DecoderRegistry.getDefault().create(spec);
    }

    public static Decoder create(String spec, RegisterMap modbusMap) {
        return DecoderRegistry.getDefault().create(spec, modbusMap);
    }
}
