package org.bmsw.protocol;

/**
 * Receives decoded values on the hot path: no object per frame, signals named by the int index their decoder
 * resolved up front (see {@code DbcCodec#signalIndex}).
 */
@FunctionalInterface
public interface SignalSink {

    /** One physical value ({@code raw × factor + offset}) of signal {@code signalIndex}. */
    void signal(int signalIndex, double value);
}
