package org.bmsw.protocol;

import org.bmsw.protocol.modbus.RegisterMap;

/**
 * What a decoder may need besides its spec.
 *
 * @param registry the registry the decoder came from, so that {@code auto} can create the decoder it detects
 * @param registerMap the register map of a Modbus source; null when none was given
 * @since 0.1
 */
public record DecoderContext(DecoderRegistry registry, RegisterMap registerMap) {
}
