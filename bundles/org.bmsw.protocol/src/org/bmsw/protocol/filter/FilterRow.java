package org.bmsw.protocol.filter;

import org.bmsw.protocol.DecodedMessage;

/** What a {@link TraceFilter} looks at in one row: the frame's fields and the messages decoded from it. */
public interface FilterRow {

    /** The CAN identifier (0 for serial records). */
    int identifier();

    /** The channel name, e.g. {@code can0}. */
    String channel();

    /** Payload length in bytes. */
    int length();

    /** The messages the row completed; empty when it completed none or decoding was not needed. */
    DecodedMessage[] messages();
}
