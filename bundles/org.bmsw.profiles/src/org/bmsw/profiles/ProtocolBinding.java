package org.bmsw.profiles;

import java.util.Objects;
import java.util.Optional;

/**
 * How a device talks on one of its ports.
 *
 * @param port the {@link Port#id()} it runs on
 * @param bus the port's bus it runs on (the pins with this bus name), empty when the port has one bus of the layer
 * @param layer the physical layer
 * @param bitrateBps bits per second (500000 for Pylon CAN, 9600 or 115200 for RS485)
 * @param definition what decodes it: a built-in decoder id, a DBC file or a register map in the contributing bundle
 * @param role who speaks first
 */
public record ProtocolBinding(String port, Optional<String> bus, PhysicalLayer layer, int bitrateBps, Definition definition, Role role) {

    public ProtocolBinding {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(role, "role");
    }

    public enum PhysicalLayer {
        CAN, RS485, RS232
    }

    public enum Role {
        /** Broadcasts on its own (a Pylon CAN battery). */
        SENDER,
        /** Answers polls (a Pylon RS485 battery, a Modbus slave). */
        RESPONDER,
        /** Asks (an inverter polling RS485, a Modbus master). */
        POLLER,
        /** Receives and acknowledges (an inverter on Pylon CAN). */
        LISTENER
    }

    /** The decoding definition, exactly one kind. */
    public record Definition(Kind kind, String reference) {

        public enum Kind {
            /**
             * {@code reference} is a decoder id of the {@code DecoderRegistry}: a built-in protocol (pylon-can,
             * sma-can, pylon-rs485, modbus) or a vendor's decoder.
             */
            DECODER,
            /** {@code reference} is a DBC file in the contributing bundle. */
            DBC,
            /** {@code reference} is a Modbus register map file in the contributing bundle. */
            REGISTER_MAP
        }

        public Definition {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(reference, "reference");
        }
    }
}
