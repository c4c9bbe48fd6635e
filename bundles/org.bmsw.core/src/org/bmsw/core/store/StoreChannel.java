package org.bmsw.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.bmsw.core.record.BusKind;

/**
 * One channel of a stored trace: the interface name as the source gave it, its bus kind and its bit rate.
 *
 * @param name e.g. {@code "can0"}, {@code "ttyUSB0"}; at most 255 UTF-8 bytes
 * @param bus CAN or serial
 * @param bitRate bits per second, 0 when unknown
 */
public record StoreChannel(String name, BusKind bus, int bitRate) {

    public StoreChannel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bus, "bus");
        if (name.isBlank() || name.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("channel name must have 1-255 UTF-8 bytes: '" + name + "'");
        }
        if (bitRate < 0) {
            throw new IllegalArgumentException("negative bit rate " + bitRate);
        }
    }
}
