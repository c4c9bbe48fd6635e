package org.bmsw.transport;

import org.bmsw.core.record.TraceRecord;

/**
 * A live link to a bus, addressed by a URI such as {@code slcan:/dev/ttyACM0?bitrate=500000}. Created closed
 * by a {@link TransportProvider}; {@link #open()} starts one reader thread, named after the port, that delivers
 * every record received to the {@link RecordListener}s. Thread-safe.
 * <p>
 * Nothing received is lost on {@link #close()} or when the port goes away: bytes already read are delivered
 * before the {@link TransportState#CLOSED} or {@link TransportState#LOST} event.
 * <p>
 * Whatever transmits asks {@link TransmitInterlock} first: {@link #send} refuses a port that may reach real
 * equipment unless the user acknowledged it by name.
 */
public interface Transport extends AutoCloseable {

    /** The URI this transport was created from. */
    String uri();

    /** The channel name its records carry, e.g. {@code "ttyACM0"}. */
    String channel();

    /**
     * Opens the port and sets up the adapter; allowed when {@link TransportState#CLOSED} or
     * {@link TransportState#LOST} (to resume after an unplug).
     *
     * @throws TransportException naming the port when it is missing, busy, or the adapter refuses a command
     */
    void open() throws TransportException;

    /** Stops the reader thread (joining it), delivers what was read, closes the port. Idempotent. */
    @Override
    void close();

    TransportState state();

    /**
     * Sends one record: the payload bytes of a serial record, or a CAN frame for CAN transports.
     *
     * @throws TransportException when not open, the record does not fit this transport, or the write fails
     */
    void send(TraceRecord record) throws TransportException;

    /**
     * What this transport reaches, for {@link TransmitInterlock}: a transport that cannot tell answers
     * {@link EndpointKind#REAL_DEVICE}, the safe answer.
     */
    default EndpointKind endpointKind() {
        return EndpointKind.REAL_DEVICE;
    }

    /** The CAN bit rate in use (the one found, for a bit rate detected by listening), or 0 when unknown or not CAN. */
    default int bitrateBps() {
        return 0;
    }

    /**
     * Asks the adapter for its status without waiting for the answer (an SLCAN adapter's {@code F}: a question to
     * the adapter, nothing reaches the bus, so it is safe in listen-only mode). The overruns the answer reports are
     * counted in {@link TransportStatistics#droppedByAdapter()} and its error state shows in
     * {@link #adapterCondition()}. Called now and then by a capture; does nothing where the adapter cannot be asked.
     */
    default void pollAdapterStatus() {
    }

    /**
     * What the adapter reported about itself, in words, e.g. {@code "2 overruns, error passive"}; empty when it
     * reported nothing wrong or cannot be asked.
     */
    default String adapterCondition() {
        return "";
    }

    void addRecordListener(RecordListener listener);

    void removeRecordListener(RecordListener listener);

    void addStateListener(StateListener listener);

    void removeStateListener(StateListener listener);

    TransportStatistics statistics();
}
