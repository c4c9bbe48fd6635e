package org.bmsw.protocol.dbc;

/** Bit layout of a DBC signal: {@code @1} Intel (little-endian, start = LSB), {@code @0} Motorola (big-endian, start = MSB). */
public enum DbcByteOrder {
    INTEL, MOTOROLA;
}
