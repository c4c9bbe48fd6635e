package org.bmsw.protocol.dbc;

/** How a signal's raw bits are read: an integer, or an IEEE float ({@code SIG_VALTYPE_ 1} / {@code 2}). */
public enum DbcValueType {
    INTEGER, FLOAT32, FLOAT64;
}
